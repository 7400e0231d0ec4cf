"""Unit tests of the envelope encryption primitives in `steadfast.core.crypto` (D2).

No database: master keys, sealing and opening, the token format, tamper detection,
wrapping a data key for one owner, and the in-process key cache.
"""

import base64
import os
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from steadfast.core import crypto
from steadfast.core.crypto import DecryptionError

TOKEN = re.compile(r"sf1:([0-9]+):([A-Za-z0-9_-]+)")


def b64(key, *, pad=False, alphabet="urlsafe"):
    encode = base64.urlsafe_b64encode if alphabet == "urlsafe" else base64.standard_b64encode
    text = encode(key).decode()
    return text if pad else text.rstrip("=")


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    crypto.key_cache.clear()
    yield
    crypto.key_cache.clear()


@pytest.fixture
def master(settings):
    keys = {"new": os.urandom(32), "old": os.urandom(32)}
    settings.STEADFAST_MASTER_KEYS = dict(keys)
    return keys


# ---------------------------------------------------------------------------
# Master keys from the environment
# ---------------------------------------------------------------------------


def test_parse_master_keys_keeps_order_and_the_first_is_current(settings):
    k1, k2, k3 = (os.urandom(32) for _ in range(3))
    keys = crypto.parse_master_keys(f" k2026:{b64(k2)} , k2025:{b64(k1)},old1:{b64(k3)},")
    assert list(keys) == ["k2026", "k2025", "old1"]
    assert keys == {"k2026": k2, "k2025": k1, "old1": k3}
    settings.STEADFAST_MASTER_KEYS = keys
    assert crypto.current_master_key_id() == "k2026"
    assert crypto.master_keys() is keys


@pytest.mark.parametrize(
    "encoding",
    [
        {"pad": False, "alphabet": "urlsafe"},
        {"pad": True, "alphabet": "urlsafe"},
        # `openssl rand -base64 32` gives the standard alphabet, padded.
        {"pad": True, "alphabet": "standard"},
        {"pad": False, "alphabet": "standard"},
    ],
)
def test_parse_master_keys_accepts_both_base64_alphabets(encoding):
    # Bytes chosen so that both alphabets differ (62 and 63 appear in the encoding).
    key = bytes([0xFB, 0xFF, 0xBF] * 10 + [0xFE, 0xFF])
    assert crypto.parse_master_keys(f"k1:{b64(key, **encoding)}") == {"k1": key}


def test_settings_hold_a_parsed_256_bit_master_key():
    from django.conf import settings

    keys = crypto.master_keys()
    assert keys is settings.STEADFAST_MASTER_KEYS
    assert keys and all(len(key) == 32 for key in keys.values())


GOOD = b64(bytes(range(32)))


@pytest.mark.parametrize(
    "spec",
    [
        f":{GOOD}",  # no id
        f"bad-id:{GOOD}",
        f"bad_id:{GOOD}",
        f"with space:{GOOD}",
        f"ключ:{GOOD}",  # letters, but not ASCII
        f"k١:{GOOD}",  # an Arabic-Indic digit
        f"{'k' * 33}:{GOOD}",  # longer than DataKey.master_key_id can store
        GOOD,  # no "id:"
        f"k1{GOOD}",
    ],
)
def test_parse_master_keys_rejects_bad_key_ids(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_master_keys(spec)


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "!!!!",
        "@" * 43,
        GOOD + "!",  # junk that a lenient decoder would silently drop
        GOOD[:20] + " " + GOOD[20:],
        GOOD[:20] + "." + GOOD[20:],
        GOOD + "A",  # 44 characters: a dangling character is not base64
        GOOD + "===",
        "=" + GOOD,
        GOOD + ":" + GOOD,
    ],
)
def test_parse_master_keys_rejects_bad_base64(encoded):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_master_keys(f"k1:{encoded}")


@pytest.mark.parametrize("length", [1, 16, 24, 31, 33, 48, 64])
def test_parse_master_keys_rejects_keys_that_are_not_256_bits(length):
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        crypto.parse_master_keys(f"k1:{b64(os.urandom(length))}")


def test_parse_master_keys_rejects_a_repeated_key_id():
    # Otherwise the second value would silently replace the first one in first place.
    with pytest.raises(ImproperlyConfigured, match="k1"):
        crypto.parse_master_keys(f"k1:{b64(os.urandom(32))},k1:{b64(os.urandom(32))}")


@pytest.mark.parametrize("spec", ["", " ", ",", " , ,", None])
def test_parse_master_keys_rejects_a_list_without_keys(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_master_keys(spec)


def test_error_messages_never_contain_the_key():
    key = b64(os.urandom(16))
    with pytest.raises(ImproperlyConfigured) as error:
        crypto.parse_master_keys(f"k1:{key}")
    assert key not in str(error.value)


def test_no_configured_master_key_is_refused(settings):
    settings.STEADFAST_MASTER_KEYS = {}
    with pytest.raises(ImproperlyConfigured):
        crypto.current_master_key_id()
    with pytest.raises(ImproperlyConfigured):
        crypto.wrap_data_key(crypto.new_data_key(), 1)


def test_new_master_key_spec_is_a_fresh_parseable_entry():
    first, second = crypto.new_master_key_spec(), crypto.new_master_key_spec("k2027")
    assert first.startswith("k1:") and second.startswith("k2027:")
    (key1,) = crypto.parse_master_keys(first).values()
    (key2,) = crypto.parse_master_keys(second).values()
    assert len(key1) == len(key2) == 32
    assert key1 != key2


# ---------------------------------------------------------------------------
# Sealing values: round trip and the token format
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plaintext",
    [b"", b"0", b"\x00", "ünïcødé 🙂 חדשות".encode(), os.urandom(1000), b"x" * 100_000],
    ids=["empty", "zero", "nul", "unicode", "random", "large"],
)
def test_encrypt_decrypt_round_trip(plaintext):
    key = crypto.new_data_key()
    token = crypto.encrypt(7, key, plaintext, "safety.safetyplan.other")
    key_id, sealed = crypto.parse_token(token)
    assert key_id == 7
    assert crypto.decrypt(key_id, key, sealed, "safety.safetyplan.other") == plaintext


def test_token_format_names_the_data_key_and_carries_nonce_ciphertext_and_tag():
    key = crypto.new_data_key()
    plaintext = b"what I wrote"
    token = crypto.encrypt(42, key, plaintext, "p")
    match = TOKEN.fullmatch(token)
    assert match, token
    assert match[1] == "42"
    assert "=" not in token  # unpadded base64url: no characters that need escaping
    sealed = base64.urlsafe_b64decode(match[2] + "=" * (-len(match[2]) % 4))
    # 12-byte nonce + ciphertext (same length as the plaintext, GCM) + 16-byte tag
    assert len(sealed) == crypto.NONCE_BYTES + len(plaintext) + 16
    assert crypto.parse_token(token) == (42, sealed)
    assert crypto.is_token(token)
    assert plaintext not in sealed


def test_data_keys_are_random_256_bit_keys():
    keys = {crypto.new_data_key() for _ in range(20)}
    assert len(keys) == 20
    assert all(isinstance(key, bytes) and len(key) == 32 for key in keys)


def test_two_encryptions_of_the_same_value_differ():
    key = crypto.new_data_key()
    tokens = [crypto.encrypt(1, key, b"same words", "p") for _ in range(50)]
    assert len(set(tokens)) == 50
    nonces = {crypto.parse_token(token)[1][: crypto.NONCE_BYTES] for token in tokens}
    assert len(nonces) == 50
    assert {crypto.decrypt(1, key, crypto.parse_token(t)[1], "p") for t in tokens} == {
        b"same words"
    }


# ---------------------------------------------------------------------------
# Tampering
# ---------------------------------------------------------------------------


@pytest.fixture
def sealed_value():
    key = crypto.new_data_key()
    token = crypto.encrypt(5, key, b"a secret worth protecting", "safety.checkin.answers")
    return key, token


def with_sealed(token, sealed):
    prefix, key_id, _ = token.split(":")
    return f"{prefix}:{key_id}:{base64.urlsafe_b64encode(sealed).decode().rstrip('=')}"


@pytest.mark.parametrize("position", [0, 5, 11, 12, 20, -17, -16, -1])
@pytest.mark.parametrize("bit", [0x01, 0x80])
def test_flipping_any_bit_of_the_sealed_bytes_is_detected(sealed_value, position, bit):
    key, token = sealed_value
    _, sealed = crypto.parse_token(token)
    tampered = bytearray(sealed)
    tampered[position] ^= bit
    key_id, opened = crypto.parse_token(with_sealed(token, bytes(tampered)))
    with pytest.raises(DecryptionError):
        crypto.decrypt(key_id, key, opened, "safety.checkin.answers")


def test_every_single_byte_flip_is_detected(sealed_value):
    key, token = sealed_value
    key_id, sealed = crypto.parse_token(token)
    for position in range(len(sealed)):
        tampered = bytearray(sealed)
        tampered[position] ^= 0xFF
        with pytest.raises(DecryptionError):
            crypto.decrypt(key_id, key, bytes(tampered), "safety.checkin.answers")


@pytest.mark.parametrize("cut", [1, 16, 27, 28, 40, 100])
def test_truncated_or_extended_ciphertexts_are_refused(sealed_value, cut):
    key, token = sealed_value
    key_id, sealed = crypto.parse_token(token)
    with pytest.raises(DecryptionError):
        crypto.decrypt(key_id, key, sealed[:-cut], "safety.checkin.answers")
    with pytest.raises(DecryptionError):
        crypto.decrypt(key_id, key, sealed + b"\x00" * cut, "safety.checkin.answers")


def test_changing_the_key_id_in_the_token_is_detected(sealed_value):
    key, token = sealed_value
    relabelled = token.replace("sf1:5:", "sf1:6:", 1)
    key_id, sealed = crypto.parse_token(relabelled)
    assert key_id == 6
    # Even with the right key bytes: the key id is part of the associated data.
    with pytest.raises(DecryptionError):
        crypto.decrypt(key_id, key, sealed, "safety.checkin.answers")


@pytest.mark.parametrize(
    "purpose", ["safety.checkin.other", "safety.safetyplan.answers", "", "safety.checkin.answers "]
)
def test_changing_the_purpose_is_detected(sealed_value, purpose):
    key, token = sealed_value
    key_id, sealed = crypto.parse_token(token)
    with pytest.raises(DecryptionError):
        crypto.decrypt(key_id, key, sealed, purpose)


def test_another_key_cannot_open_it(sealed_value):
    _, token = sealed_value
    key_id, sealed = crypto.parse_token(token)
    with pytest.raises(DecryptionError):
        crypto.decrypt(key_id, crypto.new_data_key(), sealed, "safety.checkin.answers")


@pytest.mark.parametrize(
    "value",
    [
        None,
        0,
        b"sf1:1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        {"sf1": 1},
        "",
        "plain words",
        "sf1",
        "sf1:1",
        "sf1::AAAA",
        "sf1:x:AAAA",
        "sf1:-1:AAAA",
        "sf1:1.5:AAAA",
        "sf2:1:AAAA",
        "SF1:1:AAAA",
        " sf1:1:AAAA",
        "sf1:1:AAAA ",
        "sf1:1:AAAA:AAAA",
        "sf1:1:",
        "sf1:1:A",  # a dangling base64 character
        "sf1:1:AA AA",  # a lenient decoder would drop the space
        "sf1:1:AA+A",  # not the urlsafe alphabet the tokens use
        "sf1:1:AAA=",
        "sf1:1:my secret words",
        "sf1:²:AAAA",  # str.isdigit() is true for this, int() is not
        "sf1:١٢:AAAA",  # Arabic-Indic digits
    ],
)
def test_malformed_tokens_are_not_tokens(value):
    assert not crypto.is_token(value)
    with pytest.raises(DecryptionError):
        crypto.parse_token(value)


# ---------------------------------------------------------------------------
# Wrapping data keys with the master key
# ---------------------------------------------------------------------------


def test_wrap_uses_the_current_master_key_and_unwraps_for_the_same_owner(master):
    data_key = crypto.new_data_key()
    master_id, wrapped = crypto.wrap_data_key(data_key, 31)
    assert master_id == "new"
    assert data_key not in wrapped
    assert len(wrapped) == crypto.NONCE_BYTES + 32 + 16
    assert crypto.unwrap_data_key(master_id, wrapped, 31) == data_key
    assert crypto.unwrap_data_key(master_id, memoryview(wrapped), 31) == data_key  # Postgres


def test_a_wrapped_data_key_is_bound_to_its_owner(master):
    master_id, wrapped = crypto.wrap_data_key(crypto.new_data_key(), 31)
    for other in (32, 3, 310, "31 ", 0):
        with pytest.raises(DecryptionError):
            crypto.unwrap_data_key(master_id, wrapped, other)


def test_a_wrapped_data_key_is_bound_to_its_master_key_id(settings):
    same = os.urandom(32)
    settings.STEADFAST_MASTER_KEYS = {"a": same, "b": same}
    _, wrapped = crypto.wrap_data_key(crypto.new_data_key(), 1)
    with pytest.raises(DecryptionError):
        crypto.unwrap_data_key("b", wrapped, 1)


def test_unwrapping_needs_the_master_key_that_wrapped_it(master, settings):
    data_key = crypto.new_data_key()
    master_id, wrapped = crypto.wrap_data_key(data_key, 1)
    with pytest.raises(DecryptionError, match="not configured"):
        crypto.unwrap_data_key("gone", wrapped, 1)
    with pytest.raises(DecryptionError):
        crypto.unwrap_data_key("old", wrapped, 1)  # another configured key
    flipped = bytearray(wrapped)
    flipped[-1] ^= 1
    with pytest.raises(DecryptionError):
        crypto.unwrap_data_key(master_id, bytes(flipped), 1)
    settings.STEADFAST_MASTER_KEYS = {"old": master["old"]}
    with pytest.raises(DecryptionError):
        crypto.unwrap_data_key(master_id, wrapped, 1)


def test_two_wraps_of_the_same_key_differ(master):
    data_key = crypto.new_data_key()
    assert crypto.wrap_data_key(data_key, 1)[1] != crypto.wrap_data_key(data_key, 1)[1]


# ---------------------------------------------------------------------------
# The in-process cache of unwrapped data keys
# ---------------------------------------------------------------------------


def test_key_cache_is_bounded_and_forgets_on_request():
    cache = crypto.DataKeyCache(size=3)
    for key_id in range(1, 5):
        cache.put(key_id, 100 + key_id, bytes([key_id]) * 32)
    assert cache.get(1) is None  # least recently used, evicted
    assert cache.get(2) == (102, b"\x02" * 32)
    cache.put(5, 105, b"\x05" * 32)  # evicts 3: 2 was used more recently
    assert cache.get(3) is None
    assert cache.get(2) is not None
    cache.forget([2, 99])
    assert cache.get(2) is None
    assert cache.get(4) is not None
    cache.clear()
    assert cache.get(4) is None and cache.get(5) is None


def test_key_cache_entries_expire():
    """A key destroyed by another process must not stay usable here for ever."""
    now = [1000.0]
    cache = crypto.DataKeyCache(size=10, ttl=60, clock=lambda: now[0])
    cache.put(1, 7, b"k" * 32)
    now[0] += 59
    assert cache.get(1) == (7, b"k" * 32)
    now[0] += 2
    assert cache.get(1) is None


def test_key_cache_serves_a_key_for_sealing_only_for_the_same_stored_row():
    cache = crypto.DataKeyCache()
    cache.put(1, 7, b"k" * 32, b"wrapped-1")
    assert cache.get_for(1, 7, b"wrapped-1") == b"k" * 32
    assert cache.get_for(1, 7, memoryview(b"wrapped-1")) == b"k" * 32  # Postgres bytea
    assert cache.get_for(1, 7, b"wrapped-2") is None  # the id was given to another key
    assert cache.get_for(1, 8, b"wrapped-1") is None
    assert cache.get_for(2, 7, b"wrapped-1") is None
