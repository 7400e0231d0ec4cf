// Saves a measure's answers as the person goes: each change posts the whole form to the
// draft endpoint, so a dropped connection or a closed tab loses nothing. Without
// JavaScript the "Save and finish later" button does the same. No inline scripts (CSP).
(function () {
  "use strict";

  var form = document.querySelector("form[data-draft-url]");
  if (!form || !window.fetch || !window.FormData) return;
  var url = form.getAttribute("data-draft-url");
  var status = document.getElementById("draft-status");
  var sending = false;
  var again = false;
  var stopped = false;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  // One request at a time, always with the latest answers: an earlier save can never
  // arrive after a later one and overwrite it.
  function save() {
    if (stopped) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    again = false;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        if (response.status === 204) {
          say("Your answers so far are saved.");
        } else if (response.status === 409) {
          stopped = true; // this form was already submitted
        } else {
          say("Your answers couldn't be saved just now. They are still on this page.");
        }
      })
      .catch(function () {
        say("No connection just now. Your answers are still on this page and will be saved when you change one.");
      })
      .then(function () {
        sending = false;
        if (again) save();
      });
  }

  form.addEventListener("change", save);
  form.addEventListener("submit", function () {
    stopped = true; // the submission itself saves everything
  });
})();
