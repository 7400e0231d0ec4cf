"""Hypothesis profiles for the fuzz tests, and the catalogue of forms they post.

Normal runs: 25 examples per target, the same ones every run (derandomised, so the suite
stays deterministic). Deep runs: `FUZZ_EXAMPLES=500 pytest tests/fuzz` draws that many
fresh examples per target, as every persona who reaches it.
"""

import os

import pytest
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, settings

from steadfast.core import crypto
from steadfast.core.testing import make_personas

from .targets import crawl

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,  # nothing written into the working tree
    "print_blob": True,
}
settings.register_profile("steadfast-fuzz", max_examples=25, derandomize=True, **_COMMON)
settings.register_profile(
    "steadfast-fuzz-deep", max_examples=int(os.environ.get("FUZZ_EXAMPLES") or 25), **_COMMON
)
PROFILE = "steadfast-fuzz-deep" if os.environ.get("FUZZ_EXAMPLES") else "steadfast-fuzz"


@pytest.fixture(autouse=True)
def _no_static_scan(settings):
    settings.WHITENOISE_USE_FINDERS = False


@pytest.fixture(scope="session")
def catalogue(django_db_setup, django_db_blocker):
    """Every form the site renders, read once per test session, in a world that is rolled
    back afterwards."""

    def client_for(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        WHITENOISE_USE_FINDERS=False,
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        found = crawl(make_personas(), client_for)
        transaction.set_rollback(True)
    crypto.key_cache.clear()
    return found
