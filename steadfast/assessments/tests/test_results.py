"""A result (/measures/results/<key>/): the score and its band in plain words, what it
does and does not mean, the change since last time with how far it can be trusted, and,
for its owner alone, help when an answer raises a safety flag."""

import uuid

import pytest

from steadfast.assessments import definitions
from steadfast.assessments.interpretation import CAUTION, NO_REFERENCE
from steadfast.assessments.models import Measure

from .conftest import (
    CRISIS,
    PHQ9_FLAGGED,
    PHQ9_MILD,
    make_measure,
    measures_state,
    page_text,
    phq9,
    result_url,
    rows,
    score_shown,
)

PHQ9 = definitions.get_instrument("phq9")
RSES = definitions.get_instrument("rses")


def rses(total):
    """RSES answers (UMD order) whose keyed sum is `total`: keyed 3s first, then the rest.
    Reverse-keyed items (2, 5, 6, 8, 9) are printed as 3 - keyed."""
    keyed = [min(3, max(0, total - 3 * i)) for i in range(10)]
    return {
        item.number: (3 - value if item.reverse else value)
        for item, value in zip(RSES.items, keyed, strict=True)
    }


def test_the_owner_sees_the_score_its_band_and_what_it_means(personas, client_for):
    measure = make_measure(personas["alice"], answers=phq9(PHQ9_MILD))

    response = client_for(personas["alice"]).get(result_url(measure))

    assert response.status_code == 200
    text = page_text(response)
    assert "<title>Result · Steadfast</title>" in text
    assert score_shown(response) == "7"
    assert "on a scale from 0 to 27" in text
    assert "<strong>Mild.</strong> Some signs of low mood." in text
    assert f"Answered on {measure.completed_at:%-d %B %Y}." in text
    assert PHQ9.about in text and CAUTION in text
    assert "This is your first result for this questionnaire." in text
    assert CRISIS not in text
    assert "screening cut-off" not in text  # 7 is below 10


def test_the_owner_sees_their_answers(personas, client_for):
    measure = make_measure(personas["alice"], answers=phq9(PHQ9_MILD, difficulty=2))

    text = page_text(client_for(personas["alice"]).get(result_url(measure)))

    assert f"<dt>1. {PHQ9.item(1).text}</dt><dd>Several days</dd>" in text
    assert f"<dt>9. {PHQ9.item(9).text}</dt><dd>Not at all</dd>" in text
    assert f"<dt>10. {PHQ9.item(10).text}</dt><dd>Very difficult</dd>" in text


def test_a_score_at_the_cut_off_says_it_is_worth_talking_about(personas, client_for):
    measure = make_measure(personas["alice"], answers=phq9([2, 2, 2, 1, 1, 1, 1, 0, 0]))  # 10

    text = page_text(client_for(personas["alice"]).get(result_url(measure)))

    assert "<strong>Moderate.</strong>" in text
    assert "reaches the questionnaire's screening cut-off" in text


# --- Change since last time -----------------------------------------------------------------


def test_change_judged_by_fixed_points_with_clinically_significant_change(personas, client_for):
    alice = personas["alice"]
    before = make_measure(alice, answers=phq9([2] * 9), days_ago=28)  # 18
    after = make_measure(alice, answers=phq9([1] * 9))  # 9: -9, from 10+ to below

    text = page_text(client_for(alice).get(result_url(after)))

    assert f"Last time, on {before.completed_at:%-d %B %Y}, your score was 18; now it is 9." in text
    assert "This is a reliable change for the better" in text
    assert "a change of at least 6 points counts as reliable" in text
    assert "clinically significant change" in text
    assert "Reliable Change Index" not in text


def test_a_change_smaller_than_the_criterion_is_not_called_reliable(personas, client_for):
    alice = personas["alice"]
    make_measure(alice, answers=phq9([2, 2, 2, 2, 2, 2, 0, 0, 0]), days_ago=28)  # 12
    after = make_measure(alice, answers=phq9([1, 1, 1, 1, 1, 1, 1, 1, 0]))  # 8: -4

    text = page_text(client_for(alice).get(result_url(after)))

    assert "within the ordinary ups and downs" in text
    assert "clinically significant" not in text


def test_change_judged_by_the_reliable_change_index(personas, client_for):
    """RSES: SEdiff = 5.8 * sqrt(.15) * sqrt(2) = 3.1768; 12 -> 19: RCI = 7 / 3.1768 = 2.20."""
    alice = personas["alice"]
    make_measure(alice, "rses", rses(12), days_ago=28)
    after = make_measure(alice, "rses", rses(19))
    assert after.total == 19

    text = page_text(client_for(alice).get(result_url(after)))

    assert "your score was 12; now it is 19" in text
    assert "This is a reliable change for the better" in text
    assert "Reliable Change Index (Jacobson & Truax) for this change is 2.2;" in text
    assert "a change of at least 7 counts as reliable" in text
    assert RSES.norms["source"] in text


def test_without_a_trustworthy_reference_the_page_says_so(personas, client_for, practice_texts):
    """CSI-4: no verified SD and no fixed criterion, so nothing is judged (or invented)."""
    alice = personas["alice"]
    csi4 = definitions.get_instrument("csi4")
    make_measure(alice, "csi4", {1: 4, 2: 2, 3: 2, 4: 2}, days_ago=7)  # 10: distressed
    after = make_measure(alice, "csi4", {1: 6, 2: 3, 3: 3, 4: 3})  # 15

    text = page_text(client_for(alice).get(result_url(after)))

    assert "your score was 10; now it is 15" in text
    assert NO_REFERENCE in text
    assert csi4.norms_note in text
    for judged in (
        "reliable change for",
        "Reliable Change Index",
        "counts as reliable",
        "clinically significant",
    ):
        assert judged not in text


def test_an_instrument_without_a_single_score_shows_its_parts(personas, client_for, practice_texts):
    alice = personas["alice"]
    make_measure(alice, "ecrrs", dict.fromkeys(range(1, 10), 2), days_ago=30)
    after = make_measure(alice, "ecrrs", dict.fromkeys(range(1, 10), 4))  # 4: the same reversed

    response = client_for(alice).get(result_url(after))

    text = page_text(response)
    assert score_shown(response) is None
    assert "no single score to compare with last time" in text
    assert '<th scope="row">Avoidance</th><td>24</td><td>4</td>' in text  # items 1-6
    assert '<th scope="row">Anxiety</th><td>12</td><td>4</td>' in text  # items 7-9


def test_results_of_another_version_are_not_compared(personas, client_for):
    alice = personas["alice"]
    older = make_measure(alice, answers=phq9([2] * 9), days_ago=28)
    Measure.objects.filter(pk=older.pk).update(version="0")
    after = make_measure(alice, answers=phq9([1] * 9))

    text = page_text(client_for(alice).get(result_url(after)))

    assert "The questionnaire changed since your last answers" in text
    assert "your score was" not in text


def test_only_the_persons_own_earlier_results_count(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(bob, answers=phq9([3] * 9), audience="partner", days_ago=5)
    first = make_measure(alice, answers=phq9(PHQ9_MILD), days_ago=4)
    second = make_measure(alice, answers=phq9([3] * 9), days_ago=3)
    client = client_for(alice)

    assert "This is your first result" in page_text(client.get(result_url(first)))
    assert "your score was 7; now it is 27" in page_text(client.get(result_url(second)))


# --- A safety flag: help for the owner alone ---------------------------------------------------


def test_a_safety_flag_brings_calm_help_for_the_owners_country(personas, client_for):
    alice = personas["alice"]
    alice.country = "GB"
    alice.save(update_fields=["country"])
    measure = make_measure(alice, answers=phq9(PHQ9_FLAGGED))

    text = page_text(client_for(alice).get(result_url(measure)))

    assert CRISIS in text
    assert "Thank you for answering honestly." in text
    assert '<a href="tel:116123">116 123</a>' in text  # Samaritans
    assert "call <strong>999" in text
    assert "Your partner never sees it, even if you share this result." in text
    assert text.index(CRISIS) < text.index('class="score-number"')  # help comes first


def test_the_help_can_be_shown_for_another_country(personas, client_for):
    measure = make_measure(personas["sam"], answers=phq9(PHQ9_FLAGGED))

    text = page_text(client_for(personas["sam"]).get(result_url(measure) + "?country=US"))

    assert "988 Suicide & Crisis Lifeline" in text
    assert '<option value="US" selected>United States</option>' in text


# --- Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bob", "carol", "sam", "theo", "tina"])
def test_nobody_else_opens_a_private_result(personas, client_for, who):
    measure = make_measure(personas["alice"], answers=phq9(PHQ9_FLAGGED))
    before = measures_state()

    response = client_for(personas[who]).get(result_url(measure))

    assert response.status_code == 404
    assert CRISIS not in page_text(response)
    assert measures_state() == before


def test_visitors_are_sent_to_log_in(personas, client):
    url = result_url(make_measure(personas["alice"]))
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/login/?next={url}")


def test_an_unknown_key_is_404_and_other_methods_405(personas, client_for):
    client = client_for(personas["alice"])
    measure = make_measure(personas["alice"])
    assert client.get(f"/measures/results/{uuid.uuid4()}/").status_code == 404
    for method in ["post", "put", "delete"]:
        assert getattr(client, method)(result_url(measure)).status_code == 405
    assert rows(Measure)[0]["audience"] == "private"
