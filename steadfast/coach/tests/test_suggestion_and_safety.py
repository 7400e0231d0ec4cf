import pytest

from steadfast.coach import analyse


def test_criticism_gets_a_fill_in_gentle_start_up():
    feedback = analyse("You never help me around the house.")
    assert feedback.primary == "criticism"
    assert feedback.suggestion == (
        "I feel … when you don't help me around the house. I need … . Could we …?"
    )


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("You're pathetic.", "I feel …"),
        ("It's not my fault, you never told me.", "You're right that …"),
        ("I'm not discussing this. Leave me alone.", "I'm feeling overwhelmed"),
    ],
)
def test_each_horseman_has_its_antidote(text, start):
    assert analyse(text).suggestion.startswith(start)


def test_gentle_gets_no_rewrite():
    assert analyse("Thank you for cooking tonight, I loved it.").suggestion is None


@pytest.mark.parametrize(
    "text",
    [
        "You're not allowed to see your sister anymore.",
        "Give me your password or else.",
        "I'll take the kids and you'll never see them again.",
        "If you leave me I'll make you regret it.",
        "Hand over your phone. Now.",
        "I'll hurt you if you do that again.",
    ],
)
def test_threats_and_coercive_control_route_to_safety(text):
    feedback = analyse(text)
    assert feedback.safety is True
    assert feedback.suggestion is None
    assert feedback.as_dict()["safety"] is True
    assert any(item.label == "safety" for item in feedback.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Could we do Friday, or else Saturday if that's easier?",
        "I'll hit the shops after work, need anything?",
        "I know where you put the keys, they're in the drawer.",
    ],
)
def test_everyday_phrases_are_not_safety(text):
    assert analyse(text).safety is False
