"""Session notes: the therapist's own, sealed with their key, never anyone else's to see."""

import datetime
import uuid

from django.db import connection
from django.urls import reverse

from steadfast.core.testing import link, make_grant, make_person, page_text
from steadfast.practice import notes
from steadfast.practice.models import AccessRead, SessionNote


def _note(grant, therapist, body="Worried about the weekend", day=None):
    return notes.add(therapist, grant.client, body=body, session_date=day)


def test_add_list_newest_first_and_no_access_log(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo)
    theo_client = therapist_for(theo)
    url = reverse("practice:notes", args=[grant.key])

    for day, body in (("2026-11-01", "First session"), ("2026-11-15", "Second session")):
        response = theo_client.post(
            url, {"body": body, "session_date": day, "submission_key": uuid.uuid4()}
        )
        assert response.status_code == 302

    text = page_text(theo_client.get(url))
    assert text.index("Second session") < text.index("First session")
    assert notes.last_session_date(theo, alice) == datetime.date(2026, 11, 15)
    assert notes.last_session_dates(theo, [alice]) == {alice.pk: datetime.date(2026, 11, 15)}
    assert not AccessRead.objects.exists()  # the therapist's own words, not the client's


def test_notes_are_encrypted_with_the_therapists_key(personas):
    grant = make_grant(personas["alice"], personas["theo"])
    note = _note(grant, personas["theo"], body="Secret clinical impression")

    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM practice_sessionnote WHERE id = %s", [note.pk])
        (raw,) = cursor.fetchone()
    assert "Secret clinical impression" not in raw
    assert SessionNote.objects.get(pk=note.pk).body == "Secret clinical impression"
    assert SessionNote._meta.get_field("body").owner_field == "therapist"


def test_never_visible_to_clients_or_another_therapist(personas, client_for, therapist_for):
    alice, theo, tina = personas["alice"], personas["theo"], personas["tina"]
    grant = make_grant(alice, theo)
    tina_grant = make_grant(alice, tina)  # tina has her own grant from Alice: still not theo's
    note = _note(grant, theo, body="Theo's words")
    urls = [
        reverse("practice:notes", args=[grant.key]),
        reverse("practice:note_edit", args=[grant.key, note.key]),
        reverse("practice:note_edit", args=[tina_grant.key, note.key]),
    ]
    tina_client = therapist_for(tina)
    for url in urls:
        assert client_for(alice).get(url).status_code == 404
        assert client_for(personas["bob"]).get(url).status_code == 404
        assert tina_client.get(url).status_code == 404
    own = tina_client.get(reverse("practice:notes", args=[tina_grant.key]))
    assert own.status_code == 200
    assert "Theo's words" not in page_text(own)
    delete = reverse("practice:note_delete", args=[tina_grant.key, note.key])
    assert tina_client.post(delete).status_code == 404
    assert SessionNote.objects.filter(pk=note.pk).exists()


def test_revoking_closes_the_notes_page_at_once(personas, therapist_for):
    grant = make_grant(personas["alice"], personas["theo"])
    _note(grant, personas["theo"])
    theo_client = therapist_for(personas["theo"])
    url = reverse("practice:notes", args=[grant.key])
    assert theo_client.get(url).status_code == 200

    grant.delete()

    assert theo_client.get(url).status_code == 404


def test_a_stale_edit_shows_both_versions_and_saves_nothing(personas, therapist_for):
    grant = make_grant(personas["alice"], personas["theo"])
    note = _note(grant, personas["theo"], body="Original")
    theo_client = therapist_for(personas["theo"])
    url = reverse("practice:note_edit", args=[grant.key, note.key])

    first = theo_client.post(url, {"body": "From the laptop", "version": 1})
    assert first.status_code == 302
    stale = theo_client.post(url, {"body": "From the phone", "version": 1})

    assert stale.status_code == 409
    text = page_text(stale)
    assert "From the laptop" in text and "From the phone" in text
    note.refresh_from_db()
    assert (note.body, note.version) == ("From the laptop", 2)
    # Saving the shown form again keeps the phone's words, deliberately.
    again = theo_client.post(url, {"body": "From the phone", "version": 2})
    assert again.status_code == 302
    note.refresh_from_db()
    assert (note.body, note.version) == ("From the phone", 3)


def test_delete(personas, therapist_for):
    grant = make_grant(personas["alice"], personas["theo"])
    note = _note(grant, personas["theo"])
    theo_client = therapist_for(personas["theo"])

    response = theo_client.post(reverse("practice:note_delete", args=[grant.key, note.key]))

    assert response.status_code == 302
    assert not SessionNote.objects.exists()


def test_a_couple_note_shows_on_both_partners_pages(personas, therapist_for):
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    alice_grant, bob_grant = make_grant(alice, theo), make_grant(bob, theo)
    theo_client = therapist_for(theo)

    theo_client.post(
        reverse("practice:notes", args=[alice_grant.key]),
        {
            "body": "Both came",
            "session_date": "2026-11-20",
            "with_partner": "on",
            "submission_key": uuid.uuid4(),
        },
    )

    assert "Both came" in page_text(
        theo_client.get(reverse("practice:notes", args=[bob_grant.key]))
    )
    assert notes.last_session_date(theo, bob) == datetime.date(2026, 11, 20)


def test_no_partner_checkbox_without_both_grants(personas, therapist_for):
    sam = personas["sam"]
    stranger = make_person("zed")
    link(sam, stranger)
    grant = make_grant(sam, personas["theo"])

    page = page_text(
        therapist_for(personas["theo"]).get(reverse("practice:notes", args=[grant.key]))
    )

    assert "with_partner" not in page
