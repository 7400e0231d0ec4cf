"""A therapist joins, sets up two-step sign-in, and sees only what two partners granted.

The operator's link sets theo's password; he scans (here: reads) the key and confirms a
code computed as an authenticator app would, and keeps his backup codes. Alice and Bob
each invite him, separately, to see their questionnaire results. He accepts both, sees
them paired on his caseload and opens Alice's results, the couple's summary (charts in the
page, and a PDF) and Alice's own summary. Bob stops access: theo's next request for Bob
answers 404. Alice reads in her access log what theo opened.
"""

import base64
import re
import uuid

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect
from pypdf import PdfReader

from steadfast.assessments import actions
from steadfast.assessments.definitions import get_instrument
from steadfast.core.testing import PASSWORD, link, make_person
from steadfast.practice import actions as practice_actions
from steadfast.practice.models import Grant

from .conftest import log_in

THEO_PASSWORD = "theo chooses a long password"


def result_for_a_therapist(person, values):
    measure = actions.record_measure(
        person, get_instrument("phq9"), dict(enumerate(values, 1)), submission_key=uuid.uuid4()
    )
    return actions.share_measure(measure, "therapist")


def code_from(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def grant_measures(person, email, password):
    log_in(person, email, password)
    person.goto("/account/")
    person.follow("Your therapist's access")
    person.page.get_by_label("Your therapist's email address", exact=True).fill("theo@example.org")
    person.page.get_by_label("Questionnaire results", exact=True).check()
    person.submit("Invite")
    assert "If theo@example.org belongs to a therapist on this site" in person.main_text()


@pytest.mark.browser
def test_practice_flow(visitor, live_server):
    alice, bob = make_person("alice"), make_person("bob")
    link(alice, bob)
    result_for_a_therapist(alice, [2, 2, 1, 1, 1, 1, 1, 1, 0])
    result_for_a_therapist(bob, [1, 0, 0, 0, 0, 0, 0, 0, 0])
    _, path = practice_actions.invite_therapist("theo@example.org", "Theo")

    # Theo: password through the operator's link, then two-step sign-in.
    theo = visitor("Theo")
    theo.goto(path)
    theo.page.get_by_label("Choose a password", exact=True).fill(THEO_PASSWORD)
    theo.page.get_by_label("The same password again", exact=True).fill(THEO_PASSWORD)
    theo.submit("Set my password")
    assert theo.path() == "/account/two-step/setup/"
    expect(theo.page.get_by_role("img", name="QR code holding the key below")).to_be_visible()
    secret = theo.page.locator("#totp-secret").inner_text()
    theo.page.get_by_label("The 6-digit code your app shows", exact=True).fill("000000")
    theo.submit("Turn on two-step sign-in")
    assert "did not match" in " ".join(theo.error_texts())
    theo.page.get_by_label("The 6-digit code your app shows", exact=True).fill(code_from(secret))
    theo.submit("Turn on two-step sign-in")
    codes = re.findall(r"\b[a-z2-7]{4}(?:-[a-z2-7]{4}){3}\b", theo.main_text())
    assert len(codes) == 10
    theo.follow("I have kept them: continue")

    # Both partners grant, each on their own.
    her, him = visitor("Alice"), visitor("Bob")
    grant_measures(her, alice.email, PASSWORD)
    grant_measures(him, bob.email, PASSWORD)

    theo.goto("/practice/")
    theo.submit("Accept Alice's invitation")
    theo.submit("Accept Bob's invitation")
    caseload = theo.page.locator("table.caseload").inner_text()
    assert "Alice & Bob" in caseload
    theo.follow("Alice")
    assert "Questionnaire results" in theo.main_text()
    theo.follow("Questionnaire results")
    results = theo.page.locator("table.practice-measures").inner_text()
    assert "PHQ-9" in results
    bobs = Grant.objects.get(client=bob).key
    assert theo.goto(f"/practice/clients/{bobs}/measures/").status == 200

    # The pre-session summary of both, and its PDF (the text names both and the measure).
    theo.goto("/practice/")
    theo.follow("Pre-session summary")
    assert "Pre-session summary: Alice & Bob" in theo.main_text()
    with theo.page.expect_download() as download:
        theo.page.get_by_role("link", name="Download as PDF").click()
    reader = PdfReader(download.value.path())
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Alice" in text and "Bob" in text and "PHQ-9" in text
    expect(theo.page.get_by_role("img", name="PHQ-9 over time: Alice & Bob")).to_be_visible()

    # Alice's own summary: only what she granted, nothing of Bob's; the chart in the page.
    theo.goto("/practice/")
    theo.follow("Summary of Alice alone")
    main = theo.main_text()
    assert "Pre-session summary: Alice" in main and "Bob" not in main
    expect(theo.page.get_by_role("img", name="PHQ-9 over time: Alice")).to_be_visible()

    # Bob stops access: theo's very next request for him answers 404.
    him.goto("/account/access/")
    him.submit("Stop access for theo@example.org")
    assert "Nothing more of yours can be seen there" in him.main_text()
    assert theo.goto(f"/practice/clients/{bobs}/measures/", audit=False).status == 404
    assert theo.goto(f"/practice/clients/{bobs}/", audit=False).status == 404
    theo.goto("/practice/")
    assert "Bob" not in theo.page.locator("main").inner_text()

    # Alice reads what theo opened.
    her.goto("/account/access/")
    her.follow("What your therapist has opened")
    log = her.page.locator("table.access-log").inner_text()
    assert "Theo" in log and "Questionnaire results" in log
    him.goto("/account/access/log/")
    assert "Questionnaire results: one measure" in him.page.locator("main").inner_text()

    for person in (theo, her, him):
        person.finish()
