"""The person's own plan (/plan/): one per person, every section encrypted at rest, never
for a partner (IPV-1)."""

import re

import pytest
from django.db import IntegrityError, connection, transaction

from steadfast.safety.forms import PLAN_SECTION_MAX_LENGTH
from steadfast.safety.models import PLAN_SECTIONS, SafetyPlan

from .conftest import checked, fieldset_of, page_text, rows, safety_state, strip_csrf

SECTION_NAMES = [name for name, _, _ in PLAN_SECTIONS]
CANARY = "CANARY-7f3a"
REFUSED_AUDIENCE = "Choose 'Only me' or 'Me and a therapist'. This can't be shared with a partner."


def plan_data(audience="private", **sections):
    data = dict.fromkeys(SECTION_NAMES, "")
    data.update(sections)
    data["audience"] = audience
    return data


def saved_sections(plan):
    return {name: getattr(plan, name) for name in SECTION_NAMES}


def test_the_page_starts_as_an_empty_private_plan(personas, client_for):
    response = client_for(personas["alice"]).get("/plan/")

    assert response.status_code == 200
    text = page_text(response)
    assert "<h1>My plan</h1>" in text
    for name, label, hint in PLAN_SECTIONS:
        assert f'<label for="id_{name}">{label}</label>' in text
        assert hint in text
        assert re.search(f'<textarea name="{name}"[^>]* maxlength="4000"[^>]*>\n</textarea>', text)
    assert checked(fieldset_of(response, "audience")) == ["private"]
    assert "A partner can never see it, or whether it exists." in text
    assert 'href="/device/"' in text
    assert SafetyPlan.objects.count() == 0


def test_saving_makes_one_plan_for_the_person(personas, client_for, mailoutbox):
    alice = personas["alice"]
    client = client_for(alice)
    sections = {"warning_signs": "Shouting", "people": "Jo, 07700 900123", "code_word": "blue"}

    response = client.post("/plan/", plan_data(**sections), follow=True)

    assert response.redirect_chain == [("/plan/", 302)]
    assert "Your plan is saved. Only you can see it." in page_text(response)
    plan = SafetyPlan.objects.get()
    assert (plan.owner, plan.audience) == (alice, "private")
    assert saved_sections(plan) == {name: sections.get(name, "") for name in SECTION_NAMES}
    # What was saved is what the form shows next time.
    assert ">\nShouting</textarea>" in page_text(response)
    assert mailoutbox == []


def test_saving_again_updates_the_same_plan(personas, client_for):
    client = client_for(personas["alice"])
    client.post("/plan/", plan_data(warning_signs="first", people="Jo"))
    first = SafetyPlan.objects.get()

    response = client.post("/plan/", plan_data("therapist", warning_signs="second"), follow=True)

    plan = SafetyPlan.objects.get()
    assert plan.pk == first.pk
    assert (plan.warning_signs, plan.people, plan.audience) == ("second", "", "therapist")
    assert "Only you and a therapist you give access to can see it." in page_text(response)
    assert checked(fieldset_of(response, "audience")) == ["therapist"]


def test_each_person_has_their_own_plan(personas, client_for):
    for name in ["alice", "bob", "sam"]:
        client_for(personas[name]).post("/plan/", plan_data(other=f"{name}'s"))

    plans = {p.owner.display_name: p.other for p in SafetyPlan.objects.select_related("owner")}
    assert plans == {"Alice": "alice's", "Bob": "bob's", "Sam": "sam's"}


@pytest.mark.parametrize(
    "value",
    [
        "",
        "0",
        "Zoë's sister — 家 🏠\nsecond line\n\nthird, after a blank one",
        "x" * PLAN_SECTION_MAX_LENGTH,
        "é" * PLAN_SECTION_MAX_LENGTH,  # characters, not bytes
        '<script>alert(1)</script> & "quotes"',
    ],
    ids=["empty", "zero", "unicode", "4000", "4000-non-ascii", "markup"],
)
def test_every_section_round_trips(personas, client_for, value):
    client = client_for(personas["alice"])
    sections = dict.fromkeys(SECTION_NAMES, value)

    assert client.post("/plan/", plan_data(**sections)).status_code == 302

    plan = SafetyPlan.objects.get()
    plan.refresh_from_db()
    assert saved_sections(plan) == sections
    form = client.get("/plan/").context["form"]
    assert {name: form[name].value() for name in SECTION_NAMES} == sections


def test_markup_in_a_section_is_shown_as_text(personas, client_for):
    client = client_for(personas["alice"])
    client.post("/plan/", plan_data(other="<script>alert(1)</script>"))
    body = client.get("/plan/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize("existing", [False, True])
def test_a_section_over_4000_characters_is_refused(personas, client_for, existing):
    alice = personas["alice"]
    client = client_for(alice)
    if existing:
        client.post("/plan/", plan_data(people="Jo"))
    before = safety_state()

    response = client.post("/plan/", plan_data(people="y" * 4001, other="kept on the page"))

    assert response.status_code == 200
    text = page_text(response)
    assert "Ensure this value has at most 4000 characters (it has 4001)." in text
    assert '<p class="error" id="id_people_error">' in text  # beside its own field
    assert ">\nkept on the page</textarea>" in text  # nothing typed is lost
    assert safety_state() == before


@pytest.mark.parametrize(("saved", "asked"), [("private", "therapist"), ("therapist", "private")])
def test_a_refused_form_says_who_sees_the_plan_as_saved_not_as_asked(
    personas, client_for, saved, asked
):
    client = client_for(personas["alice"])
    client.post("/plan/", plan_data(saved, people="Jo"))

    response = client.post("/plan/", plan_data(asked, people="y" * 4001))

    text = page_text(response)
    therapist_sees = "encrypted and only you can read it, and a therapist you give access to."
    assert (therapist_sees in text) == (saved == "therapist")
    assert checked(fieldset_of(response, "audience")) == [asked]  # the choice is kept
    assert SafetyPlan.objects.get().audience == saved


@pytest.mark.parametrize("audience", ["partner", "partner+therapist", "everyone"])
def test_a_tampered_audience_is_refused(personas, client_for, audience):
    client = client_for(personas["alice"])
    client.post("/plan/", plan_data(people="Jo"))
    before = safety_state()

    response = client.post("/plan/", plan_data(audience, people="Jo and Sam"))

    assert response.status_code == 200
    assert REFUSED_AUDIENCE in fieldset_of(response, "audience")
    assert safety_state() == before
    assert SafetyPlan.objects.get().audience == "private"


def test_an_empty_post_is_refused_not_shown_again_as_if_unsent(personas, client_for):
    response = client_for(personas["alice"]).post("/plan/", {})

    assert response.status_code == 200
    assert "Choose who can see this." in fieldset_of(response, "audience")
    assert SafetyPlan.objects.count() == 0


def test_the_database_holds_only_ciphertext(personas, client_for):
    client = client_for(personas["alice"])
    sections = {name: f"{CANARY} {name} Zoë" for name in SECTION_NAMES}
    client.post("/plan/", plan_data(**sections))

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(SECTION_NAMES)} FROM safety_safetyplan")  # noqa: S608
        rows = cursor.fetchall()

    assert len(rows) == 1
    for column in rows[0]:
        assert column.startswith("sf1:")
        assert CANARY not in column
        assert "Zoë" not in column
    assert saved_sections(SafetyPlan.objects.get()) == sections


def test_even_an_empty_section_is_stored_as_ciphertext(personas, client_for):
    client_for(personas["alice"]).post("/plan/", plan_data())
    with connection.cursor() as cursor:
        cursor.execute("SELECT warning_signs, other FROM safety_safetyplan")
        assert all(column.startswith("sf1:") for column in cursor.fetchone())


@pytest.mark.parametrize("audience", ["partner", "partner+therapist"])
def test_the_database_refuses_a_plan_for_a_partner(personas, audience):
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyPlan.objects.create(owner=personas["alice"], audience=audience, people="Jo")
    assert SafetyPlan.objects.count() == 0


def test_the_database_allows_one_plan_per_person(personas):
    SafetyPlan.objects.create(owner=personas["alice"])
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyPlan.objects.create(owner=personas["alice"])


# --- Who may --------------------------------------------------------------------------


def test_nobody_else_sees_or_changes_the_persons_plan(personas, client_for):
    alice = personas["alice"]
    client_for(alice).post("/plan/", plan_data(warning_signs=CANARY))
    alices = rows(SafetyPlan, owner=alice)

    for who in ["bob", "carol", "sam"]:  # her partner, someone else's, someone on their own
        other = client_for(personas[who])
        page = other.get("/plan/")
        other.post("/plan/", plan_data(warning_signs=f"{who}'s"))

        assert CANARY not in page.content.decode()
        assert SafetyPlan.objects.get(owner=personas[who]).warning_signs == f"{who}'s"
    assert rows(SafetyPlan, owner=alice) == alices


def test_the_partners_page_is_the_same_whether_or_not_the_other_has_a_plan(personas, client_for):
    bob = client_for(personas["bob"])
    before = bob.get("/plan/")
    client_for(personas["alice"]).post("/plan/", plan_data("therapist", people=CANARY))
    after = bob.get("/plan/")

    assert strip_csrf(before.content) == strip_csrf(after.content)


def test_visitors_are_sent_to_log_in(db, client):
    for response in (client.get("/plan/"), client.post("/plan/", plan_data())):
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/plan/"
    assert SafetyPlan.objects.count() == 0


def test_therapists_get_404(personas, client_for):
    for therapist in ["theo", "tina"]:
        client = client_for(personas[therapist])
        assert client.get("/plan/").status_code == 404, therapist
        assert client.post("/plan/", plan_data(people="Jo")).status_code == 404, therapist
    assert SafetyPlan.objects.count() == 0


def test_other_methods_are_not_allowed(personas, client_for):
    client = client_for(personas["alice"])
    for method in ["put", "patch", "delete"]:
        assert getattr(client, method)("/plan/").status_code == 405, method
