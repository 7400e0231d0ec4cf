// Steadfast's only script: the quick exit. No inline scripts anywhere (CSP forbids them).
(function () {
  "use strict";

  var SHIFT_PRESSES = 3;
  var WINDOW_MS = 2000;
  var presses = [];
  var leaving = false;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function leave() {
    var link = document.getElementById("quick-exit");
    if (!link || leaving) return;
    leaving = true;
    // Blank the page at once, before anything else happens.
    document.documentElement.classList.add("exiting");
    try {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken());
      navigator.sendBeacon(link.getAttribute("data-exit-endpoint"), body);
    } catch (e) {
      // Leaving matters more than logging out; go on regardless.
    }
    // replace(), not assign(): this page leaves the history, so Back does not return to it.
    window.location.replace(link.href);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#quick-exit");
    if (link) {
      event.preventDefault();
      leave();
    }
  });

  // A press counts only when Shift goes down and up with no other key in between,
  // so typing capital letters never sends anyone away from a half-written page.
  var otherKeyDuringShift = false;

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) otherKeyDuringShift = false;
      return;
    }
    otherKeyDuringShift = true;
    presses = [];
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || otherKeyDuringShift) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= SHIFT_PRESSES) leave();
  });

  // A page brought back from the browser's memory is asked for again, so the
  // server decides whether it may still be shown.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });
})();
