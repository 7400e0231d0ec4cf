"""The quick exit: a neutral page at once, the session ended, and Back shows nothing private."""

import re
import threading
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.signals import user_logged_out
from django.contrib.sessions.models import Session
from django.core.signals import request_finished
from playwright.sync_api import expect

from steadfast.core.testing import PASSWORD, make_person

from .conftest import log_in

BEACON_WAIT_MS = 5_000


@pytest.fixture
def exit_logouts():
    """Users logged out by completed requests to /exit/, as the server saw them.

    The quick exit calls /exit/ with navigator.sendBeacon while the page goes away;
    DevTools reports such a request as aborted even when the server got it, so the
    server side is watched instead: a logout inside /exit/, then that request's end
    (after its transaction committed).
    """
    finished = []
    local = threading.local()

    def logged_out(sender, request, user, **kwargs):
        if request.path == "/exit/":
            local.user_pk = getattr(user, "pk", None)

    def request_ended(sender, **kwargs):
        if hasattr(local, "user_pk"):
            finished.append(local.__dict__.pop("user_pk"))

    user_logged_out.connect(logged_out, weak=False)
    request_finished.connect(request_ended, weak=False)
    yield finished
    user_logged_out.disconnect(logged_out)
    request_finished.disconnect(request_ended)


def leave_by_shift(page):
    for _ in range(3):
        page.keyboard.press("Shift")


def leave_by_button(page):
    page.get_by_role("link", name="Leave this site quickly").click()


@pytest.mark.browser
@pytest.mark.parametrize("leave", [leave_by_shift, leave_by_button], ids=["shift", "button"])
def test_quick_exit_ends_the_session_and_back_shows_nothing(
    visitor, neutral_site, exit_logouts, leave
):
    sam_user = make_person("sam")
    sam = visitor("Sam")
    page = sam.page
    log_in(sam, "sam@example.org", PASSWORD)
    sam.goto("/home/")
    assert sam.path() == "/home/"
    sam.follow("Partner")
    assert sam.path() == "/couple/"
    session_key = next(c["value"] for c in sam.context.cookies() if c["name"] == "sessionid")
    assert Session.objects.filter(session_key=session_key).exists()

    leave(page)

    page.wait_for_url(neutral_site)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    # The background call reached /exit/ (past the CSRF check) and logged Sam out.
    for _ in range(BEACON_WAIT_MS // 50):
        if exit_logouts:
            break
        page.wait_for_timeout(50)
    assert exit_logouts == [sam_user.pk], "the quick exit did not end the session at /exit/"
    assert any(urlsplit(url).path == "/exit/" for url in sam.requests)
    assert not Session.objects.filter(session_key=session_key).exists()

    # Back skips the Partner page (replaced in the history) and lands on the page
    # before it, which now only offers the login.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/login/\?next=/home/$"))
    assert "/couple/" not in page.url
    expect(page.get_by_role("heading", name="Your partner")).to_have_count(0)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    sam.audit()

    # Any private page now asks for the login: the server session is gone.
    for private in ("/home/", "/couple/"):
        sam.goto(private)
        assert sam.path() == "/login/", f"{private} still open after the quick exit"

    sam.finish(also_allowed=[neutral_site])


@pytest.mark.browser
def test_typing_capital_letters_never_triggers_the_quick_exit(visitor, neutral_site, exit_logouts):
    """Shift held for capitals is not a quick-exit press: a half-written plan must survive."""
    make_person("sam")
    sam = visitor("Sam")
    page = sam.page
    log_in(sam, "sam@example.org", PASSWORD)
    sam.goto("/plan/")
    box = page.get_by_label("Anything else")
    box.click()
    text = "My Sister Jo Lives In Leeds"
    for char in text:  # as a person types: Shift held down for each capital
        if char.isupper():
            page.keyboard.down("Shift")
            page.keyboard.press(char)
            page.keyboard.up("Shift")
        else:
            page.keyboard.press("Space" if char == " " else char)
    page.wait_for_timeout(300)
    assert sam.path() == "/plan/"
    expect(box).to_have_value(text)
    assert exit_logouts == []

    # Three Shift presses on their own, right after typing, still leave at once.
    leave_by_shift(page)
    page.wait_for_url(neutral_site)
    sam.finish(also_allowed=[neutral_site])
