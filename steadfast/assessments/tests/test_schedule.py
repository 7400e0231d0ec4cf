"""The schedule (/measures/schedule/): how often each measure comes round, or whether it
does; and the measures due, on the home page, from the person's own schedule alone."""

from datetime import timedelta

from django.utils import timezone

from steadfast.assessments import battery
from steadfast.assessments.models import Schedule

from .conftest import make_measure, measures_state, page_text, phq9, strip_csrf

URL = "/measures/schedule/"
DUE_CARD = 'id="measures-due"'


def schedule_data(**changes):
    """The schedule form as posted: the battery's defaults, then `changes`
    ({key: (interval, active)}); intervals as the form writes them ("once", "7", ...)."""
    data = {}
    for instrument in battery.offered_instruments():
        interval, active = changes.get(instrument.key, ("28", True))
        data[f"{instrument.key}-interval"] = interval
        if active:
            data[f"{instrument.key}-active"] = "on"
    return data


def selected(text, name):
    start = text.index(f'name="{name}"')
    select = text[start : text.index("</select>", start)]
    return [
        value
        for value in ("once", "7", "14", "28", "56", "84")
        if f'<option value="{value}" selected>' in select
    ]


def home(client):
    response = client.get("/home/")
    assert response.status_code == 200
    return page_text(strip_csrf(response.content))


def test_the_page_shows_the_default_battery(personas, client_for):
    response = client_for(personas["sam"]).get(URL)

    assert response.status_code == 200
    text = page_text(response)
    assert "<title>Measure schedule · Steadfast</title>" in text
    for instrument in battery.offered_instruments():
        assert f"<legend>{instrument.name} ({instrument.short_name})</legend>" in text
        assert f'<label for="id_{instrument.key}-interval">How often</label>' in text
        assert selected(text, f"{instrument.key}-interval") == ["28"]
        assert f'name="{instrument.key}-active" id="id_{instrument.key}-active" checked>' in text
    assert "(HARK)" not in text
    assert measures_state() == ([], [], [])  # reading writes nothing


def test_the_person_changes_intervals_and_pauses_a_measure(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)

    response = client.post(URL, schedule_data(phq9=("7", True), gad7=("28", False)), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your schedule is saved." in page_text(response)
    saved = {s.instrument: (s.interval_days, s.active) for s in Schedule.objects.filter(owner=sam)}
    assert saved["phq9"] == (7, True)
    assert saved["gad7"] == (28, False)
    assert selected(page_text(response), "phq9-interval") == ["7"]
    assert 'name="gad7-active" id="id_gad7-active">' in page_text(response)  # unticked

    client.post(URL, schedule_data(phq9=("once", True)))
    assert Schedule.objects.get(owner=sam, instrument="phq9").interval_days is None
    assert Schedule.objects.filter(owner=sam).count() == len(battery.offered_instruments())


def test_a_bad_interval_is_refused_and_nothing_saved(personas, client_for):
    data = schedule_data()
    data["phq9-interval"] = "3"
    del data["gad7-interval"]

    response = client_for(personas["sam"]).post(URL, data)

    assert response.status_code == 200
    text = page_text(response)
    assert "Some choices need another look." in text
    assert (
        '<p class="error" id="id_phq9-interval_error">Choose one of the options shown.</p>' in text
    )
    assert '<p class="error" id="id_gad7-interval_error">Choose how often.</p>' in text
    assert not Schedule.objects.exists()


def test_a_safety_instrument_cannot_be_scheduled(personas, client_for):
    data = {**schedule_data(), "hark-interval": "7", "hark-active": "on"}
    client_for(personas["sam"]).post(URL, data)
    assert not Schedule.objects.filter(instrument="hark").exists()


def test_visitors_therapists_and_other_methods(db, personas, client, client_for):
    assert client.post(URL, schedule_data())["Location"] == f"/login/?next={URL}"
    for therapist in ["theo", "tina"]:
        assert client_for(personas[therapist]).post(URL, schedule_data()).status_code == 404
    assert client_for(personas["sam"]).put(URL).status_code == 405
    assert not Schedule.objects.exists()


# --- Due measures on the home page ------------------------------------------------------------


def test_the_home_page_lists_measures_due_until_they_are_taken(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)
    text = home(client)
    assert DUE_CARD in text
    assert '<a href="/measures/phq9/">Patient Health Questionnaire-9 (PHQ-9)</a>' in text

    make_measure(sam, answers=phq9([0] * 9))

    assert '<a href="/measures/phq9/">' not in home(client)
    assert '<a href="/measures/gad7/">' in home(client)


def test_a_measure_comes_back_when_its_interval_has_passed(personas, client_for, time_machine):
    sam = personas["sam"]
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    make_measure(sam, answers=phq9([0] * 9))
    Schedule.objects.create(owner=sam, instrument="phq9", interval_days=7)

    time_machine.move_to(start + timedelta(days=7) - timedelta(seconds=1), tick=False)
    assert '<a href="/measures/phq9/">' not in home(client_for(sam))
    time_machine.move_to(start + timedelta(days=7), tick=False)
    assert '<a href="/measures/phq9/">' in home(client_for(sam))


def test_a_paused_measure_is_never_due(personas, client_for):
    client = client_for(personas["sam"])
    paused = {i.key: ("28", False) for i in battery.offered_instruments()}
    client.post(URL, schedule_data(**paused))
    assert DUE_CARD not in home(client)


def test_the_home_page_shows_only_the_persons_own_schedule(personas, client_for):
    """Nothing of Alice's (results, schedule) changes what Bob's home page says is due."""
    alice, bob = personas["alice"], personas["bob"]
    bobs = client_for(bob)
    before = home(bobs)

    for instrument in battery.offered_instruments():
        lowest = {item.number: instrument.values(item)[0] for item in instrument.items}
        make_measure(alice, instrument.key, lowest, audience="partner")
    client_for(alice).post(URL, schedule_data(phq9=("7", False)))

    assert home(bobs) == before
    assert DUE_CARD in before
