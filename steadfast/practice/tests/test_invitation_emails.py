"""Emails on invitation: the operator's set-password link goes to the new therapist, and
a client's invitation tells the therapist's address that someone invited it, naming no
one and reading the same whether or not the address has an account here."""

import re
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from steadfast.core.testing import make_person, page_text
from steadfast.practice import actions, emails
from steadfast.practice.models import Grant

ACCESS = "/account/access/"


def create(email="nadia@example.org", name="Nadia"):
    out = StringIO()
    call_command("create_therapist", email=email, name=name, stdout=out)
    return out.getvalue().strip().splitlines()


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def welcome_path(message):
    """The path of the one set-password link in an email."""
    (url,) = [link for link in links_in(message) if "/practice/welcome/" in link]
    return "/" + url.split("/", 3)[3]


# --- The operator's link --------------------------------------------------------------------


def test_create_therapist_emails_the_link_and_still_prints_it(db, settings):
    settings.SITE_URL = "https://care.example.net"

    lines = create()

    (message,) = mail.outbox
    assert message.to == ["nadia@example.org"]
    assert message.subject == emails.LINK_SUBJECT
    assert "Hello Nadia," in message.body
    printed = lines[-1]
    assert printed.startswith("https://care.example.net/practice/welcome/")
    assert printed in links_in(message), "the email carries the same one-time link"
    assert "emailed to nadia@example.org" in "\n".join(lines)


def test_the_emailed_link_sets_the_password(db):
    create()
    (message,) = mail.outbox

    response = Client().get(welcome_path(message))

    assert "Welcome, Nadia" in page_text(response)


def test_a_name_with_an_apostrophe_is_not_escaped_in_plain_text(db):
    create(name="Jo O'Brien & Co")

    assert "Hello Jo O'Brien & Co," in mail.outbox[0].body


def test_a_new_link_is_emailed_again_and_only_the_newest_works(db):
    create()
    create()

    assert len(mail.outbox) == 2
    first, second = (welcome_path(message) for message in mail.outbox)
    assert "does not work" in page_text(Client().get(first))
    assert "Welcome" in page_text(Client().get(second))


def test_a_refused_invitation_sends_nothing(personas):
    with pytest.raises(Exception, match="belongs to a person"):
        create("alice@example.org", "Alice")

    assert mail.outbox == []


def test_without_a_working_mail_server_the_command_still_gives_the_link(db, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("no server")

    monkeypatch.setattr(emails, "send_mail", refuse)

    lines = create()

    assert "could not be sent" in "\n".join(lines)
    assert "/practice/welcome/" in lines[-1]


def test_the_admin_invitation_is_emailed_too(db):
    operator = make_person("operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client = Client()
    client.force_login(operator)

    response = client.post(
        "/operator/practice/therapistlink/add/",
        {"email": "nadia@example.org", "name": "Nadia"},
        follow=True,
    )

    assert "It was emailed to nadia@example.org" in page_text(response)
    (message,) = mail.outbox
    assert message.to == ["nadia@example.org"]
    shown = re.search(r"<code>(\S+)</code>", page_text(response)).group(1)
    assert shown.endswith(welcome_path(message))


# --- A client's invitation -------------------------------------------------------------------


def invite(client, email):
    return client.post(ACCESS, {"therapist_email": email, "measures": "on"}, follow=True)


def test_a_client_s_invitation_emails_the_therapist_naming_no_one(personas, client_for, settings):
    settings.SITE_URL = "https://care.example.net"
    alice = personas["alice"]
    alice.display_name = "Alice Margaret Jones"
    alice.save()

    invite(client_for(alice), "theo@example.org")

    (message,) = mail.outbox
    assert message.to == ["theo@example.org"]
    assert message.subject == emails.INVITATION_SUBJECT
    assert links_in(message) == ["https://care.example.net", "https://care.example.net/practice/"]
    everything = " ".join([message.subject, message.from_email, message.body]).lower()
    for clue in ("alice", "jones", "margaret", alice.email, "measure", "questionnaire"):
        assert clue not in everything
    assert "a person using the steadfast server" in everything


def test_the_sender_is_the_same_for_a_discreet_client(personas, client_for, settings):
    alice, bob = personas["alice"], personas["bob"]
    alice.discreet = True
    alice.save()

    invite(client_for(alice), "theo@example.org")
    invite(client_for(bob), "tina@example.org")

    assert mail.outbox[0].from_email == mail.outbox[1].from_email == settings.DEFAULT_FROM_EMAIL


def flashed(response):
    """The confirmation the access page shows after a POST."""
    return re.search(r"Saved\. [^<]*", page_text(response)).group(0)


@pytest.mark.parametrize(
    "address",
    [
        "theo@example.org",  # a therapist here
        "bob@example.org",  # a person's account
    ],
)
def test_the_client_sees_and_sends_the_same_whoever_holds_the_address(
    address, personas, client_for
):
    client = client_for(personas["alice"])

    unknown = invite(client, "nobody@example.org")  # no account at all
    known = invite(client, address)

    assert flashed(known).replace(address, "X") == flashed(unknown).replace(
        "nobody@example.org", "X"
    )
    first, second = mail.outbox
    assert (first.subject, first.body, first.from_email) == (
        second.subject,
        second.body,
        second.from_email,
    )
    assert second.to == [address]


def test_changing_a_standing_invitation_sends_nothing_more(personas, client_for):
    client = client_for(personas["alice"])
    invite(client, "theo@example.org")

    invite(client, "theo@example.org")  # the same address again, as a change
    grant = Grant.objects.get(client=personas["alice"])
    client.post(f"{ACCESS}{grant.key}/", {"checkins": "on"})

    assert len(mail.outbox) == 1


def test_a_refused_form_sends_nothing(personas, client_for):
    client_for(personas["alice"]).post(ACCESS, {"therapist_email": "theo@example.org"})

    assert mail.outbox == []
    assert not Grant.objects.exists()


def test_a_mail_failure_does_not_lose_the_invitation(personas, client_for, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({})

    monkeypatch.setattr(emails, "send_mail", refuse)

    response = invite(client_for(personas["alice"]), "theo@example.org")

    assert response.status_code == 200
    assert Grant.objects.filter(therapist_email="theo@example.org").exists()


def test_the_action_itself_emails_a_new_invitation(personas):
    actions.invite(personas["sam"], "Counsellor@Example.org", {"measures"})

    assert [m.to for m in mail.outbox] == [["counsellor@example.org"]]
