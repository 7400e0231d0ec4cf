"""Steadfast settings: one module, driven by the environment.

Every variable read here is listed, with its meaning, in `.env.example`.
Development is the default; `STEADFAST_ENV=production` turns on the hardened
settings and refuses to start without a real `SECRET_KEY`.
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from steadfast.core.crypto import parse_master_keys

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name, "").strip()
    return value if value else default


def env_bool(name, default):
    value = env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = env(name)
    return default if value is None else int(value)


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


STEADFAST_ENV = env("STEADFAST_ENV", "development")
if STEADFAST_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("STEADFAST_ENV must be 'development' or 'production'.")
PRODUCTION = STEADFAST_ENV == "production"

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY")
if SECRET_KEY is None:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when STEADFAST_ENV=production.")
    # A fixed, obviously unsafe key for development and tests only.
    SECRET_KEY = "development-only-key-never-use-in-production-" + "x" * 20
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

DEBUG = env_bool("DEBUG", not PRODUCTION) and not PRODUCTION
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when STEADFAST_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "steadfast.practice.admin_site.OperatorAdminConfig",  # django.contrib.admin, 2-step
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "steadfast.core",
    "steadfast.accounts",
    "steadfast.couples",
    "steadfast.safety",
    "steadfast.assessments",
    "steadfast.checkins",
    "steadfast.commitments",
    "steadfast.together",
    "steadfast.reminders",
    "steadfast.selfcare",
    "steadfast.coach",
    "steadfast.conversations",
    "steadfast.journal",
    "steadfast.recovery",
    "steadfast.program",
    "steadfast.practice",
    "steadfast.audit",
    "steadfast.datarights",
    "steadfast.loadtest",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ends the sessions an account change ended (steadfast/accounts/sessions.py).
    "steadfast.accounts.sessions.SessionGenerationMiddleware",
    # Marks whether this session passed a second step (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "steadfast.accounts.middleware.AbsoluteSessionTimeoutMiddleware",
    "steadfast.accounts.timezones.PersonTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "steadfast.core.middleware.NoStoreMiddleware",
    "steadfast.core.middleware.DenyByDefaultMiddleware",
    # Marks GET requests whose view does not write, for the SQLite engine (core/reads.py).
    "steadfast.core.reads.ReadRequestMiddleware",
    # Axes last, as its documentation asks, so it sees the final response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "steadfast.core.context_processors.steadfast",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    # Server-side parameters, and statements PostgreSQL keeps planned per connection once
    # used 5 times: a page's queries are the same few shapes over and over, and planning
    # them was close to half of the database's work on the couple view (bench/README.md).
    # Django leaves this off for transaction-pooling PgBouncers, which can't keep prepared
    # statements; docs/deploy.md asks for session pooling, and
    # DATABASE_PREPARED_STATEMENTS=0 turns it off.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
else:
    DATABASES = {
        "default": {
            # Django's SQLite engine; read-only requests begin DEFERRED (core/reads.py).
            "ENGINE": "steadfast.core.sqlite",
            # In memory, as for Django's own engine (pytest-django knows only that one by
            # name, and would otherwise suffix the file's path for each worker).
            "TEST": {"NAME": ":memory:"},
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE avoids "database is locked" when a read upgrades to a write.
                "transaction_mode": "IMMEDIATE",
                # A writer waits for the lock up to 20 s, under gunicorn's 30 s timeout:
                # better a slow save than a "database is locked" error when several
                # therapist pages (which write the access log) queue at once.
                "timeout": 20,
                # FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A write inside a read-only request raises instead of being logged (the test suite sets it).
STEADFAST_STRICT_READS = env_bool("STEADFAST_STRICT_READS", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "steadfast.core.rediscache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Rendered page sections kept whole (steadfast/core/sections.py): only with a cache that
# every app process shares, since an invalidation must reach them all.
STEADFAST_SECTION_CACHE = env_bool("STEADFAST_SECTION_CACHE", bool(REDIS_URL))
if STEADFAST_SECTION_CACHE and not REDIS_URL:
    raise ImproperlyConfigured("STEADFAST_SECTION_CACHE needs a shared cache: set REDIS_URL.")

# Background jobs (huey). With Redis, `manage.py run_huey` runs them, the reminders every
# minute. Without it, tasks run at once in-process and cron runs `send_reminders` instead.
HUEY_NAME = env("HUEY_NAME", "steadfast")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": HUEY_NAME,
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {"huey_class": "huey.MemoryHuey", "name": HUEY_NAME, "immediate": True}

# ---------------------------------------------------------------------------
# Accounts, passwords, sessions
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so that a locked-out (account, client) pair is refused before any
    # password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:landing"
PASSWORD_RESET_TIMEOUT = 3600  # one hour, not Django's three days
SIGNUP_LINK_MAX_AGE = 24 * 3600

SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
# Each request restarts the idle clock, but the session is written back at most once
# a minute (steadfast/accounts/middleware.py): a write per request would make every page
# view a database write, which SQLite serialises and every backend pays for.
SESSION_TOUCH_SECONDS = env_int("SESSION_TOUCH_SECONDS", 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Failed-login throttling (django-axes). Counters are per (account, client), with a
# cool-off and never a permanent lock: a partner on the same network who guesses
# wrong locks out only their own device for that account, for a while (IPV-13).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lock must not restart the cool-off, or retrying every few minutes
# would keep the lock forever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# STEADFAST_PROXY_COUNT: how many reverse proxies stand in front of the app, each adding the
# address it received from to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for, Caddy's
# default). The last proxy's own address arrives as REMOTE_ADDR, not in the header, so the
# client is the Nth entry from the right; ipware counts only the proxies listed in the
# header, hence N - 1. Entries further left are whatever the client wrote and are ignored.
STEADFAST_PROXY_COUNT = env_int("STEADFAST_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = STEADFAST_PROXY_COUNT - 1 if STEADFAST_PROXY_COUNT > 0 else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if STEADFAST_PROXY_COUNT > 0 else ["REMOTE_ADDR"]
)
AXES_SENSITIVE_PARAMETERS = ["password"]

# Two-step sign-in (django-otp; see steadfast/practice/twofactor.py). django-otp's own
# throttle doubles a per-device delay with no useful cap (100 years), so anyone who
# knows a password could lock its owner out of their second step for good. It is off;
# a wrong code counts as a failed log-in for django-axes instead: per (account,
# client), with the same cool-off, never a permanent lock (IPV-13).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# How long a password-accepted log-in waits for its second step.
TWO_STEP_PENDING_SECONDS = 300
# How long an operator's set-password link for a new therapist stays valid.
THERAPIST_LINK_HOURS = env_int("STEADFAST_THERAPIST_LINK_HOURS", 72)
AXES_VERBOSE = False

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Steadfast <no-reply@localhost>")
EMAIL_SUBJECT_PREFIX = ""

# ---------------------------------------------------------------------------
# Steadfast
# ---------------------------------------------------------------------------
# Where the quick-exit control sends the browser: an ordinary, neutral site.
QUICK_EXIT_URL = env("STEADFAST_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
ADMIN_PATH = env("STEADFAST_ADMIN_PATH", "operator/")
INVITATION_LIFETIME = timedelta(hours=72)
# Days the operator keeps database backups (docs/deploy.md); the "Your data" and delete
# pages tell people how long a backup from before their erasure still exists.
# Erased accounts, noted outside the database so a restored backup erases them again
# (steadfast/datarights/ledger.py). Keep it on lasting disk, apart from database backups.
STEADFAST_ERASURE_LEDGER = env(
    "STEADFAST_ERASURE_LEDGER",
    str(Path(DATABASES["default"]["NAME"]).with_name("erasures.jsonl"))
    if DATABASES["default"]["ENGINE"] == "steadfast.core.sqlite"
    else str(BASE_DIR / "erasures.jsonl"),
)
BACKUP_RETENTION_DAYS = env_int("STEADFAST_BACKUP_RETENTION_DAYS", 14)
# Days a security event (steadfast/audit) is kept; 0 keeps them until the account goes.
STEADFAST_AUDIT_DAYS = env_int("STEADFAST_AUDIT_DAYS", 365)
# Discreet mode (a per-person choice) shows this name and a plain icon instead.
DISCREET_NAME = env("STEADFAST_DISCREET_NAME", "Notes")
CHECKIN_INTERVAL_DAYS = env_int("CHECKIN_INTERVAL_DAYS", 28)
# The site's address, for links in emails sent without a request (reminders).
SITE_URL = env(
    "STEADFAST_SITE_URL",
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if PRODUCTION else "http://127.0.0.1:8000",
).rstrip("/")
# Support services by country; see steadfast/safety/data/resources.json for the format.
STEADFAST_RESOURCES_FILE = env("STEADFAST_RESOURCES_FILE")
# Directories of therapists by country; see steadfast/selfcare/data/therapy_directories.json.
STEADFAST_THERAPY_DIRECTORIES = env("STEADFAST_THERAPY_DIRECTORIES")
# Item texts a practice holds permission for (see steadfast/assessments/instruments/README.md).
STEADFAST_INSTRUMENT_TEXTS = env("STEADFAST_INSTRUMENT_TEXTS")

# Master keys that wrap each person's data key (see steadfast/core/crypto.py):
# "id:base64key" entries, comma-separated, the current key first. Make one with
# `python manage.py new_master_key`. Development falls back to a key derived from
# the (development) SECRET_KEY; production refuses to start without real keys.
_master_keys = env("STEADFAST_MASTER_KEYS")
if _master_keys is None:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "STEADFAST_MASTER_KEYS must be set when STEADFAST_ENV=production."
        )
    _master_keys = "dev:" + base64.urlsafe_b64encode(
        hashlib.sha256(("steadfast-dev-master-key:" + SECRET_KEY).encode()).digest()
    ).decode().rstrip("=")
STEADFAST_MASTER_KEYS = parse_master_keys(_master_keys)

# ---------------------------------------------------------------------------
# Static files, i18n
# ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Browser-facing security
# ---------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: Chromium then sends "Origin: null" on form posts and
# CSRF checks fail. Other sites still receive no referrer at all.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
