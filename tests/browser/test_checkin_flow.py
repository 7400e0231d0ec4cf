"""The private side: check-in, support services, the plan, discreet mode and the quick exit.

Alice answers the check-in in her own browser while Bob, her linked partner, looks at
his own pages in his: nothing on them changes, word for word. The plan she writes is
stored encrypted and comes back through the real form; she leaves it with Shift x3.
"""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from playwright.sync_api import expect

from steadfast.core.testing import PASSWORD, link, make_person
from steadfast.safety import questions
from steadfast.safety.models import CheckIn, SafetyPlan

from .conftest import log_in

SUMMARY = "Some answers are missing or need another look. They are marked below."
REQUIRED = "Please choose an answer."
HOPE = next(q.text for q in questions.WELLBEING_AFTER if q.key == "hope")
AFRAID = next(q.text for q in questions.HARK if q.key == "hark_a")
GB_HELPLINE = "0808 2000 247"
AU_SERVICE = "1800RESPECT"
PLAN_SAVED = "Your plan is saved. Only you can see it."
SAFE_PLACE = "My sister Jo's flat on Mill Lane; she keeps a spare key for me."
SIGNAL = "If I text 'did you feed the cat?', please call me straight away."
PLAN_WORDS = ("Mill Lane", "spare key", "feed the cat", "call me")
SESSION_END_WAIT_S = 5


def answer(page, question, choice):
    """Tick one answer inside the group of radios a question names."""
    page.get_by_role("group", name=question, exact=True).get_by_label(choice, exact=True).check()


def answer_all_but(page, skipped):
    """Scales at 3, HARK questions "No"; the question `skipped` is left alone."""
    for question in questions.ALL_QUESTIONS:
        if question.text != skipped:
            answer(page, question.text, "3" if question.kind == "scale" else "No")


def partner_view(person):
    """The main content of the partner's own pages, as he sees them."""
    seen = {}
    for path in ("/home/", "/couple/"):
        person.goto(path)
        seen[path] = person.main_text()
    return seen


def stored_column(table, column):
    """A value exactly as the database holds it, below the ORM's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (fixed names)
        (value,) = cursor.fetchone()
    return value.decode("latin-1") if isinstance(value, (bytes, memoryview)) else str(value)


def session_key(person):
    return next(c["value"] for c in person.context.cookies() if c["name"] == "sessionid")


def assert_session_ends(person, key):
    """The quick exit's background call ends the server session (it may land a moment later)."""
    deadline = time.monotonic() + SESSION_END_WAIT_S
    while Session.objects.filter(session_key=key).exists():
        assert time.monotonic() < deadline, f"{person.name}'s session outlived the quick exit"
        person.page.wait_for_timeout(50)


@pytest.mark.browser
def test_positive_checkin_offers_help_and_a_private_plan_and_the_partner_sees_nothing(
    visitor, neutral_site
):
    alice_user = make_person("alice")
    bob_user = make_person("bob")
    link(alice_user, bob_user)
    alice = visitor("Alice")
    bob = visitor("Bob")
    page = alice.page

    # Bob, in his own browser, before anything happens.
    log_in(bob, "bob@example.org", PASSWORD)
    bob_before = partner_view(bob)
    assert "You are linked with Alice." in bob_before["/couple/"]

    # Alice says where she lives, through her account page.
    log_in(alice, "alice@example.org", PASSWORD)
    alice.follow("Account")
    page.get_by_label("Where you live", exact=True).select_option(label="United Kingdom")
    alice.submit("Save settings")
    expect(page.locator(".messages")).to_have_text("Your settings are saved.")
    alice_user.refresh_from_db()
    assert alice_user.country == "GB"

    # The home page's button opens the check-in.
    alice.follow("Home")
    alice.follow("Start the check-in")
    assert alice.path() == "/checkin/"

    # One question left out: the summary at the top and the message beside that question.
    answer_all_but(page, skipped=HOPE)
    alice.submit("Save my answers")
    assert alice.path() == "/checkin/"
    expect(page.locator("main .form-errors")).to_have_text(SUMMARY)
    expect(page.locator("main .form-errors")).to_have_attribute("role", "alert")
    hope = page.get_by_role("group", name=HOPE, exact=True)
    expect(hope.locator(".error")).to_have_text(REQUIRED)
    expect(hope).to_have_accessible_description(re.compile(re.escape(REQUIRED)))
    expect(page.locator("main .error")).to_have_count(1)  # no other question is marked
    expect(hope.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    # What she had answered is still ticked; nothing was saved yet.
    expect(
        page.get_by_role("group", name=AFRAID, exact=True).get_by_label("No", exact=True)
    ).to_be_checked()
    assert not CheckIn.objects.exists()

    # Everything answered, one HARK question "Yes".
    answer(page, HOPE, "2")
    answer(page, AFRAID, "Yes")
    alice.submit("Save my answers")
    assert re.fullmatch(r"/checkin/[0-9a-f-]{36}/", alice.path()), alice.path()
    result_path = alice.path()
    record = CheckIn.objects.get()
    assert record.owner == alice_user and record.screen_positive and record.screen_score == 1
    main = alice.main_text()
    assert "That should not happen to anyone, and it is not your fault." in main
    assert "You don't have to decide anything today." in main
    expect(page.get_by_role("heading", name="People who can help")).to_be_visible()
    # Her own country's services, from her account setting.
    expect(page.get_by_label("Show services for", exact=True)).to_have_value("GB")
    expect(page.get_by_role("link", name=GB_HELPLINE, exact=True)).to_be_visible()
    assert AU_SERVICE not in main

    # Another country, chosen on the page.
    page.get_by_label("Show services for", exact=True).select_option(label="Australia")
    alice.submit("Show")
    assert alice.path() == result_path
    expect(page).to_have_url(re.compile(r"\?country=AU$"))
    expect(page.get_by_role("heading", name=AU_SERVICE, exact=True)).to_be_visible()
    assert GB_HELPLINE not in alice.main_text()
    alice_user.refresh_from_db()
    assert alice_user.country == "GB"  # looking elsewhere changes nothing stored

    # On to her plan: two sections written and saved.
    alice.follow("Write or update your plan")
    assert alice.path() == "/plan/"
    page.get_by_label("Where I could go", exact=True).fill(SAFE_PLACE)
    page.get_by_label("A signal for someone I trust", exact=True).fill(SIGNAL)
    alice.submit("Save my plan")
    assert alice.path() == "/plan/"
    expect(page.locator(".messages")).to_have_text(PLAN_SAVED)

    # Stored encrypted: neither text is in the database as written...
    assert SafetyPlan.objects.get().owner == alice_user
    for column in ("safe_places", "code_word"):
        stored = stored_column("safety_safetyplan", column)
        assert stored, f"{column} was not stored"
        leaked = [words for words in PLAN_WORDS if words in stored]
        assert not leaked, f"{column} holds plain text: {leaked}"
    # ...and a reload decrypts both back into the form; the message was shown once.
    alice.reload()
    expect(page.get_by_label("Where I could go", exact=True)).to_have_value(SAFE_PLACE)
    expect(page.get_by_label("A signal for someone I trust", exact=True)).to_have_value(SIGNAL)
    expect(page.get_by_label("People I can contact", exact=True)).to_have_value("")
    expect(page.locator(".messages")).to_have_count(0)

    # Bob's pages read exactly as before, word for word.
    assert partner_view(bob) == bob_before
    # And her result is not his to open.
    assert bob.goto(result_path).status == 404

    # Alice leaves her plan at once: Shift three times.
    expect(page.get_by_role("link", name="Leave this site quickly", exact=True)).to_have_attribute(
        "href", neutral_site
    )
    key = session_key(alice)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    assert_session_ends(alice, key)
    alice.goto("/plan/")
    assert alice.path() == "/login/", "the plan is still open after the quick exit"

    alice.finish(also_allowed=[neutral_site])
    bob.finish()


@pytest.mark.browser
def test_discreet_mode_gives_the_tab_a_plain_name_and_icon(visitor, settings):
    make_person("sam")
    sam = visitor("Sam")
    page = sam.page
    icon = page.locator("link[rel=icon]")
    log_in(sam, "sam@example.org", PASSWORD)
    sam.follow("Account")
    assert page.title().endswith("· Steadfast")
    expect(icon).to_have_attribute("href", re.compile(r"/icon\.svg$"))

    discreet = page.get_by_label(re.compile(r"^Discreet mode"))
    discreet.check()
    sam.submit("Save settings")
    expect(discreet).to_be_checked()
    expect(page.locator(".messages")).to_have_text("Your settings are saved.")
    for path in ("/account/", "/plan/"):
        if sam.path() != path:
            sam.goto(path)
        title = page.title()
        assert title.endswith(f"· {settings.DISCREET_NAME}"), (path, title)
        assert "Steadfast" not in title, (path, title)
        expect(icon).to_have_attribute("href", re.compile(r"/icon-plain\.svg$"))
        expect(page.locator(".site-header .brand")).to_have_text(settings.DISCREET_NAME)

    sam.goto("/account/")
    discreet.uncheck()
    sam.submit("Save settings")
    expect(discreet).not_to_be_checked()
    assert page.title() == "Account · Steadfast"
    expect(page.locator(".site-header .brand")).to_have_text("Steadfast")
    expect(icon).to_have_attribute("href", re.compile(r"/icon\.svg$"))
    sam.finish()


@pytest.mark.browser
def test_quick_exit_button_leaves_the_checkin_half_answered(visitor, neutral_site):
    make_person("sam")
    sam = visitor("Sam")
    page = sam.page
    exit_link = page.get_by_role("link", name="Leave this site quickly", exact=True)
    log_in(sam, "sam@example.org", PASSWORD)
    sam.follow("Start the check-in")
    assert sam.path() == "/checkin/"
    expect(exit_link).to_be_visible()
    expect(exit_link).to_have_attribute("href", neutral_site)
    answer(page, AFRAID, "Yes")
    key = session_key(sam)

    exit_link.click()

    page.wait_for_url(neutral_site)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    assert_session_ends(sam, key)
    assert not CheckIn.objects.exists()
    sam.goto("/checkin/")
    assert sam.path() == "/login/", "the check-in is still open after the quick exit"
    sam.finish(also_allowed=[neutral_site])
