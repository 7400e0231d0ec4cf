"""Settings driven by the environment: SQLite durability, production refusals, Redis.

Settings are read once per process, so the environment-dependent cases run
`config.settings` in a subprocess with a controlled environment.
"""

import os
import secrets
import subprocess  # noqa: S404  (runs this project's own Python, with fixed arguments)
import sys

import pytest
from django.conf import settings
from django.db import connection

from steadfast.core.crypto import new_master_key_spec

ENV_VARS_READ = [
    "STEADFAST_ENV",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DATABASE_PREPARED_STATEMENTS",
    "REDIS_URL",
    "SQLITE_PATH",
    "EMAIL_HOST",
    "SECURE_SSL_REDIRECT",
    "STEADFAST_MASTER_KEYS",
]


def run_python(tmp_path, args, **env_overrides):
    """Run this project's Python with a clean Steadfast environment plus `env_overrides`."""
    env = {key: value for key, value in os.environ.items() if key not in ENV_VARS_READ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["SQLITE_PATH"] = str(tmp_path / "settings-test.sqlite3")
    env.update({key: value for key, value in env_overrides.items() if value is not None})
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def production_env(**overrides):
    env = {
        "STEADFAST_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "steadfast.example.org",
        "STEADFAST_MASTER_KEYS": new_master_key_spec("k1"),
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


# ---------------------------------------------------------------------------
# SQLite
# ---------------------------------------------------------------------------

PRAGMA_SCRIPT = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    for name in ("journal_mode", "synchronous", "busy_timeout"):
        cursor.execute(f"PRAGMA {name}")
        print(name, cursor.fetchone()[0])
"""


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite settings only")
def test_sqlite_connection_pragmas(tmp_path):
    """A real database file (the test database lives in memory, where WAL can't apply)."""
    result = run_python(
        tmp_path,
        ["-c", PRAGMA_SCRIPT],
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    assert result.returncode == 0, result.stderr
    pragmas = dict(line.split() for line in result.stdout.splitlines())
    assert pragmas == {"journal_mode": "wal", "synchronous": "2", "busy_timeout": "20000"}


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite settings only")
def test_sqlite_test_connection_is_durable_too(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000


def test_requests_are_atomic():
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


# ---------------------------------------------------------------------------
# Production refuses to start half-configured
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "   "}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"STEADFAST_MASTER_KEYS": None}, "STEADFAST_MASTER_KEYS"),
        ({"STEADFAST_MASTER_KEYS": "k1:c2hvcnQ"}, "32 bytes"),
        ({"STEADFAST_ENV": "staging"}, "STEADFAST_ENV"),
    ],
    ids=[
        "no key",
        "empty key",
        "blank key",
        "no hosts",
        "no master key",
        "short master key",
        "unknown env",
    ],
)
def test_production_refuses_to_start_without_its_settings(tmp_path, overrides, complaint):
    env = production_env()
    env.update(overrides)
    env = {key: value for key, value in env.items() if value is not None}
    result = run_python(tmp_path, ["-c", "import config.settings"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


SHOW_SCRIPT = """
import config.settings as s
flags = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
print(*(getattr(s, flag, None) for flag in flags))
print(s.CACHES["default"]["BACKEND"])
print(s.SESSION_ENGINE)
"""


def test_production_never_runs_with_debug(tmp_path):
    result = run_python(tmp_path, ["-c", SHOW_SCRIPT], **production_env(DEBUG="true"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "False True True True"


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run_python(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr


PREPARED_SCRIPT = """
import config.settings as s
options = s.DATABASES["default"].get("OPTIONS", {})
print(options.get("server_side_binding"), options.get("prepare_threshold"))
"""


@pytest.mark.parametrize(
    ("switch", "expected"), [(None, "True 5"), ("1", "True 5"), ("0", "None None")]
)
def test_postgresql_binds_on_the_server_and_keeps_plans_unless_told_not_to(
    tmp_path, switch, expected
):
    """Prepared statements are on by default on PostgreSQL (docs/deploy.md: PgBouncer in
    transaction mode needs them off)."""
    result = run_python(
        tmp_path,
        ["-c", PREPARED_SCRIPT],
        DATABASE_URL="postgres://nobody@127.0.0.1:5432/none",
        DATABASE_PREPARED_STATEMENTS=switch,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


# ---------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------


def test_redis_url_selects_the_redis_cache(tmp_path):
    result = run_python(tmp_path, ["-c", SHOW_SCRIPT], REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "steadfast.core.rediscache.RedisCache"
    assert lines[2] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_the_cache_is_local_memory(tmp_path):
    result = run_python(tmp_path, ["-c", SHOW_SCRIPT])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "django.core.cache.backends.locmem.LocMemCache"
    assert lines[2] == "django.contrib.sessions.backends.db"
