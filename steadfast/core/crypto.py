"""Envelope encryption for what people write.

* Every person has a **data key**: 256 random bits used with AES-256-GCM
  (authenticated encryption, from the `cryptography` library).
* A data key is stored only **wrapped** (itself encrypted with AES-256-GCM) by a
  **master key** that comes from the environment (`STEADFAST_MASTER_KEYS`) and is
  never stored in the database.
* A ciphertext names the data key that sealed it and is bound, through the
  associated data, to that key and to the model field it belongs to, so a value
  cannot be moved to another person's record or another field unnoticed.
* Erasing a person destroys their data key (crypto-shredding): what was sealed
  with it can no longer be read anywhere, a copy of the database included, once
  the key's row is gone from it.

Ciphertext format (ASCII, stored in a text column):
    sf1:<data key id>:<base64url(12-byte nonce + ciphertext + 16-byte tag)>
"""

import base64
import binascii
import os
import re
import time
from collections import OrderedDict
from functools import lru_cache
from threading import Lock

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "sf1"
NONCE_BYTES = 12
KEY_BYTES = 32
# ASCII only: str.isalnum() and str.isdigit() also accept other scripts' letters and digits.
# 32 characters: what DataKey.master_key_id can store.
MASTER_KEY_ID = re.compile(r"[A-Za-z0-9]{1,32}")
# Either base64 alphabet (`new_master_key` prints base64url; `openssl rand -base64 32`
# prints the standard one), padding optional, nothing else: a lenient decoder would
# silently drop stray characters.
MASTER_KEY_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
TOKEN = re.compile(rf"{PREFIX}:([0-9]{{1,20}}):([A-Za-z0-9_-]+)")


class DecryptionError(Exception):
    """A ciphertext could not be opened: wrong key, tampered, or its key was destroyed."""


# ---------------------------------------------------------------------------
# Master keys
# ---------------------------------------------------------------------------


def parse_master_keys(spec):
    """'id1:base64key,id2:base64key' → OrderedDict; the first entry is the current key."""
    keys = OrderedDict()
    for item in (spec or "").split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not MASTER_KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                "STEADFAST_MASTER_KEYS entries look like 'keyid:base64key' (key id: 1 to 32 "
                "ASCII letters and digits)."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"Master key id {key_id!r} appears twice.")
        if not MASTER_KEY_BASE64.fullmatch(encoded):
            raise ImproperlyConfigured(f"Master key {key_id!r} is not valid base64.")
        unpadded = encoded.rstrip("=").replace("+", "-").replace("/", "_")
        try:
            key = base64.urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
        except (ValueError, binascii.Error) as error:
            raise ImproperlyConfigured(f"Master key {key_id!r} is not valid base64.") from error
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(f"Master key {key_id!r} must be 32 bytes (256 bits).")
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured("STEADFAST_MASTER_KEYS holds no key.")
    return keys


def new_master_key_spec(key_id="k1"):
    """A fresh master key entry, for operators: `manage.py new_master_key`."""
    encoded = base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode().rstrip("=")
    return f"{key_id}:{encoded}"


def master_keys():
    keys = settings.STEADFAST_MASTER_KEYS
    if not keys:
        raise ImproperlyConfigured("STEADFAST_MASTER_KEYS is empty.")
    return keys


def current_master_key_id():
    return next(iter(master_keys()))


# ---------------------------------------------------------------------------
# Sealing with AES-256-GCM
# ---------------------------------------------------------------------------


def _seal(key, plaintext, aad):
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key, sealed, aad):
    if len(sealed) < NONCE_BYTES + 16:
        raise DecryptionError("ciphertext too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag as error:
        raise DecryptionError("ciphertext failed authentication") from error


def wrap_data_key(data_key, owner_id):
    """Seal a data key with the current master key. Returns (master key id, wrapped bytes)."""
    key_id = current_master_key_id()
    aad = f"datakey:{owner_id}:{key_id}".encode()
    return key_id, _seal(master_keys()[key_id], data_key, aad)


def unwrap_data_key(master_key_id, wrapped, owner_id):
    try:
        master = master_keys()[master_key_id]
    except KeyError as error:
        raise DecryptionError(f"master key {master_key_id!r} is not configured") from error
    return _open(master, bytes(wrapped), f"datakey:{owner_id}:{master_key_id}".encode())


def new_data_key():
    return AESGCM.generate_key(bit_length=256)


def _aad(data_key_id, purpose):
    return f"{PREFIX}:{data_key_id}:{purpose}".encode()


def encrypt(data_key_id, data_key, plaintext_bytes, purpose):
    sealed = _seal(data_key, plaintext_bytes, _aad(data_key_id, purpose))
    encoded = base64.urlsafe_b64encode(sealed).decode().rstrip("=")
    return f"{PREFIX}:{data_key_id}:{encoded}"


def parse_token(token):
    """(data key id, sealed bytes) from a stored ciphertext; DecryptionError if malformed."""
    match = TOKEN.fullmatch(token) if isinstance(token, str) else None
    if match is None:
        raise DecryptionError("not a Steadfast ciphertext")
    encoded = match[2]
    try:
        sealed = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (ValueError, binascii.Error) as error:
        raise DecryptionError("ciphertext is not valid base64") from error
    return int(match[1]), sealed


def is_token(value):
    try:
        parse_token(value)
    except DecryptionError:
        return False
    return True


def decrypt(data_key_id, data_key, sealed, purpose):
    return _open(data_key, sealed, _aad(data_key_id, purpose))


# ---------------------------------------------------------------------------
# A small cache of unwrapped data keys, so a page of records costs one key lookup.
# ---------------------------------------------------------------------------


class DataKeyCache:
    """Unwrapped data keys by id, each with its owner id and the wrapped bytes it came from.

    Entries expire after `ttl` seconds: a key destroyed by another process (an erasure,
    a data-key rotation) does not stay usable in this one for longer than that.
    """

    def __init__(self, size=512, ttl=300, clock=time.monotonic):
        self.size = size
        self.ttl = ttl
        self.clock = clock
        self._items = OrderedDict()
        self._lock = Lock()

    def _entry(self, data_key_id):
        item = self._items.get(data_key_id)
        if item is None:
            return None
        if item[3] <= self.clock():
            del self._items[data_key_id]
            return None
        self._items.move_to_end(data_key_id)
        return item

    def get(self, data_key_id):
        """(owner id, key bytes), or None."""
        with self._lock:
            item = self._entry(data_key_id)
            return None if item is None else item[:2]

    def get_for(self, data_key_id, owner_id, wrapped):
        """Key bytes if cached from exactly this stored row (owner and wrapped bytes), or None.

        An id alone is not enough: on SQLite a rolled-back key's id is given again to the
        next key, and sealing with a stale cached key would lose what is written.
        """
        with self._lock:
            item = self._entry(data_key_id)
            if item is None or item[0] != owner_id or item[2] != bytes(wrapped):
                return None
            return item[1]

    def put(self, data_key_id, owner_id, key, wrapped=None):
        with self._lock:
            wrapped = None if wrapped is None else bytes(wrapped)
            expires = self.clock() + self.ttl
            self._items[data_key_id] = (owner_id, key, wrapped, expires)
            self._items.move_to_end(data_key_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def forget(self, data_key_ids):
        with self._lock:
            for data_key_id in data_key_ids:
                self._items.pop(data_key_id, None)

    def clear(self):
        with self._lock:
            self._items.clear()


key_cache = DataKeyCache()


# ---------------------------------------------------------------------------
# Sealing what the shared cache keeps (steadfast/core/sections.py)
# ---------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _derived_cache_key(master_key):
    derive = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"steadfast cache v1"
    )
    return derive.derive(master_key)


def _cache_key(master_key_id):
    """A key for cached page sections, derived from one master key (HKDF-SHA256): the
    cache server alone holds nothing readable, and a new master key starts new keys."""
    return _derived_cache_key(master_keys()[master_key_id])


def seal_for_cache(plaintext, context):
    """(master key id, sealed bytes) of `plaintext`, bound to `context` (bytes)."""
    key_id = current_master_key_id()
    return key_id, _seal(_cache_key(key_id), plaintext, context)


def open_from_cache(master_key_id, sealed, context):
    """The plaintext; DecryptionError if the key is gone or anything does not match."""
    if master_key_id not in master_keys():
        raise DecryptionError(f"master key {master_key_id!r} is not configured")
    return _open(_cache_key(master_key_id), sealed, context)
