import ipaddress
import socket
import uuid

import pytest

from steadfast.core.testing import make_personas

_real_connect = socket.socket.connect


def _loopback_only(sock, address):
    """Unit tests talk to nothing but this machine (databases, Redis, the live server)."""
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        if host != "localhost":
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = False
            if not loopback:
                raise RuntimeError(f"Network access to {host!r} is blocked in tests")
    return _real_connect(sock, address)


@pytest.fixture(autouse=True)
def _block_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(autouse=True)
def _fast_hashing_and_mail(settings):
    # Argon2 is what production uses (a test asserts it); tests use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # WhiteNoise would otherwise list every static file for each new test client.
    settings.WHITENOISE_AUTOREFRESH = True
    # A view that writes on GET without @writes_on_read fails its test (core/reads.py).
    settings.STEADFAST_STRICT_READS = True


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    # Each test its own keys in the cache: with Redis (CI's second run) the cache outlives
    # a test's rolled-back rows, and a page section or session of one test must not meet
    # another's.
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"t{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _own_erasure_ledger(settings, tmp_path_factory):
    # Each test its own ledger, never the project folder's (steadfast/datarights/ledger.py).
    settings.STEADFAST_ERASURE_LEDGER = str(tmp_path_factory.mktemp("ledger") / "erasures.jsonl")


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    # Unwrapped data keys must not outlive the test database rows they came from.
    from steadfast.core import crypto

    crypto.key_cache.clear()
    yield
    crypto.key_cache.clear()


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user (or anonymous for None)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
