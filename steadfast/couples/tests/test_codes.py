"""Invitation codes: their shape, and how typed codes are normalised."""

import hashlib

import pytest

from steadfast.couples.actions import CODE_ALPHABET, new_code, normalise_code
from steadfast.couples.models import digest_code


def test_new_codes_use_four_groups_of_the_unambiguous_alphabet():
    for _ in range(50):
        code = new_code()
        groups = code.split("-")
        assert [len(group) for group in groups] == [4, 4, 4, 4]
        assert set("".join(groups)) <= set(CODE_ALPHABET)
    assert not set("01ILO") & set(CODE_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("ABCD-EFGH-JKMN-PQRS", "ABCD-EFGH-JKMN-PQRS"),
        ("abcd-efgh-jkmn-pqrs", "ABCD-EFGH-JKMN-PQRS"),
        ("ABCDEFGHJKMNPQRS", "ABCD-EFGH-JKMN-PQRS"),
        ("abcd efgh jkmn pqrs", "ABCD-EFGH-JKMN-PQRS"),
        ("  AbCd-eFgH jkmnPQRS \n", "ABCD-EFGH-JKMN-PQRS"),
        ("A-B-C-D-E-F-G-H-J-K-M-N-P-Q-R-S", "ABCD-EFGH-JKMN-PQRS"),
        ("ABCD-EFGH-JKMN", None),
        ("ABCD-EFGH-JKMN-PQRS-T", None),
        ("", None),
        (None, None),
        ("----", None),
        ("ÀBCD-EFGH-JKMN-PQRS", None),
    ],
)
def test_normalise_code(typed, normalised):
    assert normalise_code(typed) == normalised


def test_digest_is_sha256_hex():
    assert digest_code("ABCD-EFGH-JKMN-PQRS") == (
        hashlib.sha256(b"ABCD-EFGH-JKMN-PQRS").hexdigest()
    )
    assert len(digest_code(new_code())) == 64
