"""Neutral wording (IPV-8, IPV-9): no URL, page title or email names what the app is
about, and every email goes only to the address of the account it concerns."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from steadfast.accounts.models import User
from steadfast.core.testing import PASSWORD
from steadfast.couples.models import current_partner
from steadfast.safety.models import CheckIn, SafetyPlan
from tests.authz import iter_routes

from .conftest import check_in

FORBIDDEN = (
    "abuse",
    "violence",
    "violent",
    "safety",
    "screening",
    "screen",
    "affair",
    "hark",
    "ipv",
    "danger",
)
NEW_PASSWORD = "a fresh and rather long passphrase"
_TERM = re.compile("|".join(FORBIDDEN), re.I)
_LINK = re.compile(r"http://testserver(/\S+)")


# A path segment with a digit in it is a one-time token (a password link's), random
# letters that may spell anything, "ipv" included; the words of our own paths have none.
_TOKEN = re.compile(r"(?<=/)[^/\s]*\d[^/\s]*(?=/)")


def forbidden_in(text):
    text = _TOKEN.sub("token", text or "")
    return sorted({match.lower() for match in _TERM.findall(text)})


def plain_urls():
    """Every URL the resolver can reverse without arguments, the operator's admin included."""
    return [
        reverse(route.name)
        for route in iter_routes()
        if route.named and not route.pattern.pattern.regex.groups
    ]


def title_of(response):
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return match.group(1) if match else None


def test_no_url_pattern_names_the_subject():
    """Every route, arguments or not; the operator's admin (not for people) aside."""
    routes = [route for route in iter_routes() if not route.in_admin]
    assert len(routes) >= 25
    assert [(route.name, route.route) for route in routes if forbidden_in(route.route)] == []


def crawl_problems(client, urls):
    """(url, status, title, terms) for every page whose address, redirect, title or icon
    names a forbidden term; and how many pages with a title were seen."""
    problems, titles = [], 0
    for url in urls:
        response = client.get(url)
        found = forbidden_in(url)
        if response.status_code in (301, 302):
            found += forbidden_in(urlsplit(response["Location"]).path)
        title = title_of(response)
        if title is not None:
            titles += 1
            found += forbidden_in(title)
        icon = re.search(r'<link rel="icon" href="([^"]+)"', response.content.decode())
        if icon:
            found += forbidden_in(icon.group(1))
        if found:
            problems.append((url, response.status_code, title, found))
    return problems, titles


@pytest.mark.parametrize("who", [None, "alice", "sam", "theo"], ids=str)
def test_no_page_title_or_address_names_the_subject(personas, client_for, who):
    client = client_for(personas[who] if who else None)
    extra = []
    if who == "alice":
        key = check_in(client, positive=True)
        extra = [f"/checkin/{key}/", "/no-such-page/"]

    problems, titles = crawl_problems(client, plain_urls() + extra)

    assert problems == []
    assert titles >= 5, "the crawl should reach real pages"


def test_the_crawl_would_catch_a_telling_title(personas, client_for, settings):
    settings.DISCREET_NAME = "Safety notes"
    alice = personas["alice"]
    alice.discreet = True
    alice.save(update_fields=["discreet"])

    problems, _ = crawl_problems(client_for(alice), ["/home/", "/plan/"])

    assert [(url, terms) for url, _, _, terms in problems] == [
        ("/home/", ["safety"]),
        ("/plan/", ["safety"]),
    ]


def test_forbidden_terms_are_found_in_any_case():
    assert forbidden_in("Your SAFETY plan") == ["safety"]
    assert forbidden_in("/screening/ipv/") == ["ipv", "screening"]
    assert forbidden_in("Check-in · Steadfast") == []


def test_the_safety_pages_have_plain_titles(personas, client_for):
    client = client_for(personas["alice"])
    key = check_in(client, positive=True)
    titles = {
        path: title_of(client.get(path))
        for path in ["/checkin/", f"/checkin/{key}/", "/plan/", "/support/", "/device/"]
    }
    assert titles == {
        "/checkin/": "Check-in · Steadfast",
        f"/checkin/{key}/": "Check-in · Steadfast",
        "/plan/": "My plan · Steadfast",
        "/support/": "Support · Steadfast",
        "/device/": "Device tips · Steadfast",
    }


# --- Emails ---------------------------------------------------------------------------------


def link_in(message):
    paths = _LINK.findall(message.body)
    assert len(paths) == 1, message.body
    return paths[0]


def signup_new(personas, client_for, outbox):
    client = client_for(None)
    client.post("/signup/", {"email": "newcomer@example.org"})
    link = link_in(outbox[-1])
    client.post(
        link,
        {"display_name": "Newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert User.objects.filter(email="newcomer@example.org").exists()
    return {"newcomer@example.org"}


def signup_existing(personas, client_for, outbox):
    client_for(None).post("/signup/", {"email": personas["alice"].email})
    return {personas["alice"].email}


def password_reset(personas, client_for, outbox):
    alice = personas["alice"]
    client = client_for(None)
    client.post("/reset/", {"email": alice.email})
    form = client.get(link_in(outbox[-1]), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    return {alice.email}


def password_change(personas, client_for, outbox):
    alice = personas["alice"]
    client_for(alice).post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    return {alice.email}


def email_change(personas, client_for, outbox):
    alice = personas["alice"]
    old = alice.email
    client = client_for(alice)
    client.post("/account/email/", {"new_email": "al@example.net", "current_password": PASSWORD})
    client.post(link_in(outbox[-1]))
    alice.refresh_from_db()
    assert alice.email == "al@example.net"
    return {old, "al@example.net"}


def delete_account(personas, client_for, outbox):
    alice = personas["alice"]
    client_for(alice).post("/account/delete/", {"current_password": PASSWORD, "confirm": "on"})
    assert not User.objects.filter(pk=alice.pk).exists()
    return {alice.email}


def everything_private(personas, client_for, outbox):
    """Alice's check-ins, plan, discreet mode and unlinking: none of it emails anyone."""
    alice = personas["alice"]
    client = client_for(alice)
    check_in(client, positive=True)
    check_in(client, audience="therapist")
    client.post("/plan/", {"people": "Jo", "audience": "private"})
    client.post("/account/", {"display_name": "Alice", "country": "GB", "discreet": "on"})
    client.post("/couple/unlink/", {"confirm": "on"})
    assert CheckIn.objects.filter(owner=alice).count() == 2
    assert SafetyPlan.objects.filter(owner=alice).exists()
    assert current_partner(alice) is None
    return set()


FLOWS = [
    (signup_new, 1),
    (signup_existing, 1),
    (password_reset, 1),
    (password_change, 1),
    (email_change, 2),
    (delete_account, 0),
    (everything_private, 0),
]


@pytest.mark.parametrize("discreet", [False, True], ids=["ordinary", "discreet"])
@pytest.mark.parametrize(("flow", "count"), FLOWS, ids=[flow.__name__ for flow, _ in FLOWS])
def test_emails_are_plain_and_go_only_to_the_account_itself(
    personas, client_for, mailoutbox, flow, count, discreet
):
    alice = personas["alice"]
    if discreet:
        alice.discreet = True
        alice.save(update_fields=["discreet"])

    allowed = flow(personas, client_for, mailoutbox)

    assert len(mailoutbox) == count
    for message in mailoutbox:
        recipients = set(message.to) | set(message.cc) | set(message.bcc)
        assert recipients and recipients <= allowed, (message.subject, recipients)
        assert personas["bob"].email not in recipients
        for part in (message.subject, message.from_email, message.body):
            assert forbidden_in(part) == [], (message.subject, part)
        assert not message.attachments
        assert not getattr(message, "alternatives", None)
