"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every page a test opens goes through `Visitor.audit()`: axe-core (WCAG 2.0/2.1 A and
AA) at a 360 px wide viewport, no horizontal scroll. Every request the browser makes
is recorded, and `Visitor.assert_only_local_requests()` fails on anything that left
the live server.
"""

import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from playwright.sync_api import expect, sync_playwright

REPO = Path(__file__).parents[2]
AXE_PATH = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WIDTH = 360
HEIGHT = 780
TIMEOUT_MS = 10_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

AXE_RUN = """
(tags) => axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations'],
}).then(results => results.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  targets: v.nodes.map(n => n.target.join(' ')),
})))
"""

DUPLICATE_IDS = """
() => {
  const counts = {};
  for (const element of document.querySelectorAll('[id]')) {
    counts[element.id] = (counts[element.id] || 0) + 1;
  }
  return Object.keys(counts).filter(id => counts[id] > 1);
}
"""


def _one_request_at_a_time(self, connections_override=None):
    """The live server, answering one request at a time.

    With SQLite the test database lives in memory, and the live server's threads all
    share its one connection; two requests at once (a page and its chart images, a
    poll while a form posts) then fail with "database table is locked". Served one at a
    time (Django closes each connection after its response), nothing overlaps. The
    connection override is applied by the server thread itself (`LiveServerThread.run`).
    """
    return WSGIServer((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)


LiveServerThread._create_server = _one_request_at_a_time


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is missing: run `make node-deps` (npm ci).")
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the whole browser suite, closed when the suite ends.

    While Playwright's sync API is alive its event loop counts as running in this
    thread, so Django refuses synchronous ORM calls (test data, checks, the database
    flush between tests) unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The variable is
    set for exactly that span; package scope keeps the loop, and the variable, from
    outliving tests/browser/ and reaching the rest of the test run.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps`.")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visitor:
    """One person with their own browser context (own cookies, own history)."""

    def __init__(self, browser, base_url, axe_source, name):
        self.name = name
        self.base_url = base_url
        self.netloc = urlsplit(base_url).netloc
        self.context = browser.new_context(
            base_url=base_url, viewport={"width": WIDTH, "height": HEIGHT}
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        # axe-core rides along in every document: an init script is added through
        # DevTools, which the page's CSP does not govern, and is sent only once.
        self.context.add_init_script(script=axe_source)
        self.requests = []  # every URL the browser asked for
        self.documents = []  # (url, status, headers) of each page the live server sent
        self.audited = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("response", self._on_response)
        self.page = self.context.new_page()

    def _on_response(self, response):
        if (
            response.request.resource_type == "document"
            and urlsplit(response.url).netloc == self.netloc
        ):
            self.documents.append((response.url, response.status, response.headers))

    # -- navigation --------------------------------------------------------

    def goto(self, path, audit=True):
        response = self.page.goto(path)
        if audit:
            self.audit()
        return response

    def reload(self, audit=True):
        response = self.page.reload()
        if audit:
            self.audit()
        return response

    def submit(self, button_name, audit=True):
        """Click a submit button, wait for the next page and audit it."""
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button_name, exact=True).click()
        response = navigation.value
        # A 403 here is nearly always CSRF: e.g. a "no-referrer" policy makes
        # browsers send "Origin: null" with every form, which Django refuses.
        assert response is None or response.status != 403, (
            f"{self.name}'s form ({button_name!r}) was refused with 403 at {response.url}"
        )
        if audit:
            self.audit()

    def follow(self, link_name, audit=True):
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=link_name, exact=True).click()
        if audit:
            self.audit()

    def path(self):
        return urlsplit(self.page.url).path

    def main_text(self):
        return self.page.locator("main").inner_text()

    def error_texts(self):
        return self.page.locator("main .error, main .form-errors").all_inner_texts()

    # -- checks ------------------------------------------------------------

    def audit(self):
        """axe-core WCAG 2.x A/AA at 360 px, and no sideways scrolling."""
        page = self.page
        page.wait_for_load_state("load")
        assert page.evaluate("() => typeof window.axe") == "object", f"axe missing at {page.url}"
        violations = [
            v for v in page.evaluate(AXE_RUN, AXE_TAGS) if v["impact"] in BLOCKING_IMPACTS
        ]
        where = f"{self.name} at {page.url}"
        assert not violations, f"axe violations for {where}:\n" + "\n".join(
            f"  [{v['impact']}] {v['id']}: {v['help']} -> {v['targets']}" for v in violations
        )
        # axe 4.7+ no longer checks id uniqueness (WCAG 2.2 dropped 4.1.1), but a
        # repeated id breaks aria-describedby and label[for]: a field's second error
        # would go unannounced.
        duplicates = page.evaluate(DUPLICATE_IDS)
        assert not duplicates, f"{where} repeats ids: {duplicates}"
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= WIDTH, f"{where} scrolls sideways: {scroll_width}px > {WIDTH}px"
        self.audited.append(page.url)

    def assert_only_local_requests(self, also_allowed=()):
        """Every request went to the live server (or to an explicitly allowed URL)."""
        foreign = [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:", "about:"))
            and urlsplit(url).netloc != self.netloc
            and url not in also_allowed
        ]
        assert not foreign, f"{self.name}'s browser left the live server: {foreign}"
        assert self.requests, "no requests recorded at all"

    def assert_every_page_audited(self):
        """Each page the live server sent and the browser showed was audited."""
        shown = {url for url, status, _ in self.documents if status == 200}
        missing = shown - set(self.audited)
        assert not missing, f"{self.name} saw pages that were not audited: {sorted(missing)}"

    def assert_csp_on_every_page(self):
        for url, _, headers in self.documents:
            policy = headers.get("content-security-policy", "")
            assert "script-src 'self'" in policy, f"no script-src 'self' CSP on {url}"
            assert "unsafe-inline" not in policy, f"'unsafe-inline' in CSP on {url}"

    def finish(self, also_allowed=()):
        """The checks every test ends with, for each visitor."""
        self.assert_only_local_requests(also_allowed)
        self.assert_every_page_audited()
        self.assert_csp_on_every_page()


@pytest.fixture
def visitor(browser, live_server, transactional_db, axe_source):
    """Factory: visitor("Alice") opens a fresh context for one person."""
    opened = []

    def open_visitor(name):
        person = Visitor(browser, live_server.url, axe_source, name)
        opened.append(person)
        return person

    yield open_visitor
    for person in opened:
        person.context.close()


NEUTRAL_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weather forecast</title></head>
<body><h1>Weather forecast</h1><p>Light cloud, a gentle breeze. 14 degrees.</p></body></html>
"""


class _NeutralHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(NEUTRAL_PAGE)))
        self.end_headers()
        self.wfile.write(NEUTRAL_PAGE)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture
def neutral_site(settings):
    """A local stand-in for an ordinary website, set as the quick-exit target."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NeutralHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/weather"
    settings.QUICK_EXIT_URL = url
    yield url
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


SIGNUP_LINK = re.compile(r"https?://\S+/signup/finish/\S+/")


def signup_link(outbox, email):
    """The finish link from the newest sign-up email sent to `email`."""
    for message in reversed(outbox):
        if message.to == [email]:
            match = SIGNUP_LINK.search(message.body)
            assert match, f"no sign-up link in the email to {email}:\n{message.body}"
            return match.group(0)
    raise AssertionError(f"no email was sent to {email}")


def log_in(person, email, password):
    """Log in through the form; leaves the page wherever the login sent it."""
    if person.path() != "/login/":
        person.goto("/login/")
    person.page.get_by_label("Email address", exact=True).fill(email)
    person.page.get_by_label("Password", exact=True).fill(password)
    person.submit("Log in")


def sign_up(person, email, name, password, outbox, *, show_errors=False):
    """/signup/ -> the emailed link -> name and password -> logged in.

    With show_errors, each form is first sent wrongly so the error states get audited.
    """
    page = person.page
    person.goto("/signup/")
    if show_errors:
        page.get_by_label("Your email address", exact=True).fill("not an address")
        person.submit("Send me the link")
        assert person.path() == "/signup/"
        assert person.error_texts(), "an invalid address was not refused"
    page.get_by_label("Your email address", exact=True).fill(email)
    person.submit("Send me the link")
    assert person.path() == "/signup/sent/"

    person.goto(signup_link(outbox, email))
    assert email in person.main_text()
    page.get_by_label("What should we call you?", exact=True).fill(name)
    page.get_by_label("Choose a password", exact=True).fill(password)
    if show_errors:
        page.get_by_label("The same password again", exact=True).fill(password + "!")
        person.submit("Create my account")
        assert "The two passwords are not the same." in person.error_texts()
        for field in ("Choose a password", "The same password again"):
            page.get_by_label(field, exact=True).fill("password")
        person.submit("Create my account")  # too short and too common: two errors
        assert "too common" in " ".join(person.error_texts())
        page.get_by_label("Choose a password", exact=True).fill(password)
    page.get_by_label("The same password again", exact=True).fill(password)
    person.submit("Create my account")
    # Logged in, on whichever page onboarding starts with.
    assert not person.path().startswith("/signup/"), person.main_text()
    assert "Welcome to Steadfast" in person.main_text()
    expect(person.page.get_by_role("button", name="Log out", exact=True)).to_be_visible()
