"""The app servers keep no state of their own: two gunicorn servers on two ports, sharing
one PostgreSQL database and one Redis, serve one person as if they were one server.

Log in through the log-in form on server A; the same cookies on server B open the home
page; a daily check-in written on B is read back on A. Both servers get the same
SECRET_KEY (it signs the session and CSRF cookies) and the same STEADFAST_MASTER_KEYS
(they unwrap each person's data key, so the note sealed on B opens on A), as
docs/deploy.md asks of every server in a deployment.

It runs only against PostgreSQL and Redis (CI's second run): with SQLite and the
in-process cache there is nothing shared to prove. The servers are separate processes,
so they use the test database pytest-django made (migrated, and committed to, since the
test is transactional), and they are stopped before it is flushed.
"""

import contextlib
import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import HTTPCookieProcessor, build_opener

import pytest
from django.db import connection

from steadfast.core.crypto import new_master_key_spec, parse_master_keys
from steadfast.core.testing import make_person

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "two servers, one memory"  # noqa: S105  (test data)
BOOT_SECONDS = 30

pytestmark = [
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))),
        reason="needs DATABASE_URL pointing at PostgreSQL (CI's second run)",
    ),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI's second run)"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def servers_database_url():
    """DATABASE_URL with the database part replaced by pytest-django's test database."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


class Server:
    """One gunicorn serving config.wsgi on 127.0.0.1:`port`, in its own process group."""

    def __init__(self, name, env):
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(env["SERVER_LOG_DIR"]) / f"{name}.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            "--workers=1",  # two servers are the point here, not workers per server
            "--max-requests=1000",
            "--error-logfile=-",
            "--log-level=warning",
        ]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603  (our own arguments)
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def url(self, path):
        return self.base + path

    def wait_until_up(self, deadline):
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server {self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                with build_opener().open(self.url("/about/"), timeout=2) as response:
                    if response.status == 200:
                        return
            except (URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        pytest.fail(f"server {self.name} did not come up:\n{self.log.read_text()[-3000:]}")

    def signal(self, number):
        """Signal the server's process group (gunicorn and its workers), if still there."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, number)


def stop_all(servers):
    """SIGINT (gunicorn's quick shutdown) to all at once, then SIGKILL what lingers."""
    for server in servers:
        server.signal(signal.SIGINT)
    for server in servers:
        try:
            server.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.signal(signal.SIGKILL)
            server.process.wait(timeout=5)


@pytest.fixture
def keys(settings):
    """Fresh secrets, the same for both servers and this test process."""
    secret = f"two-servers-{uuid.uuid4().hex}{uuid.uuid4().hex}"
    spec = new_master_key_spec("k1")
    settings.SECRET_KEY = secret
    settings.STEADFAST_MASTER_KEYS = parse_master_keys(spec)
    return {"SECRET_KEY": secret, "STEADFAST_MASTER_KEYS": spec}


@pytest.fixture
def servers(transactional_db, keys, tmp_path):
    env = {
        **os.environ,
        **keys,
        "DATABASE_URL": servers_database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "STEADFAST_ENV": "development",  # plain HTTP on 127.0.0.1; see docs/deploy.md
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SERVER_LOG_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    started = []
    try:
        for name in ("A", "B"):
            started.append(Server(name, env))
        deadline = time.monotonic() + BOOT_SECONDS
        for server in started:
            server.wait_until_up(deadline)
        yield started
    finally:
        stop_all(started)


def browser():
    """An opener with its own cookie jar: one browser, whichever server it talks to."""
    return build_opener(HTTPCookieProcessor(CookieJar()))


def get(opener, url):
    with opener.open(url, timeout=10) as response:
        return response.geturl(), html.unescape(response.read().decode())


def post(opener, url, fields):
    data = urlencode(fields, doseq=True).encode()
    try:
        with opener.open(url, data=data, timeout=10) as response:
            return response.geturl(), html.unescape(response.read().decode())
    except HTTPError as error:
        body = error.read().decode(errors="replace")
        pytest.fail(f"POST {url} answered {error.code}:\n{body[:2000]}")


def hidden(page, name):
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} field on the page"
    return found.group(1)


def test_a_session_started_on_one_server_continues_on_the_other(servers, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    make_person("alice", password=PASSWORD)
    a, b = servers
    me = browser()

    # Not logged in anywhere yet: B sends the browser to log in.
    where, _ = get(me, b.url("/home/"))
    assert urlsplit(where).path == "/login/"

    # Log in on A, through the form (its CSRF token, the session cookie).
    _, form = get(me, a.url("/login/"))
    where, page = post(
        me,
        a.url("/login/"),
        {
            "csrfmiddlewaretoken": hidden(form, "csrfmiddlewaretoken"),
            "username": "alice@example.org",
            "password": PASSWORD,
        },
    )
    assert where == a.url("/home/"), page[:2000]

    # The same cookies on B: the logged-in home page, not the log-in form.
    where, page = get(me, b.url("/home/"))
    assert where == b.url("/home/")
    assert 'action="/logout/"' in page

    # Write on B: a daily check-in with a note (sealed with Alice's data key).
    note = f"Written on server B, {uuid.uuid4().hex[:8]}"
    _, form = get(me, b.url("/daily/"))
    where, page = post(
        me,
        b.url("/daily/"),
        {
            "csrfmiddlewaretoken": hidden(form, "csrfmiddlewaretoken"),
            "submission_key": hidden(form, "submission_key"),
            "day": hidden(form, "day"),
            "trust": "6",
            "closeness": "7",
            "mood": "5",
            "note": note,
            "audience": "private",
        },
    )
    assert where == b.url("/daily/") and "Saved for" in page, page[:2000]

    # Read it back on A.
    _, page = get(me, a.url("/daily/"))
    assert note in page

    # A browser without the cookies sees none of it on either server.
    stranger = browser()
    for server in (a, b):
        where, page = get(stranger, server.url("/daily/"))
        assert urlsplit(where).path == "/login/" and note not in page
