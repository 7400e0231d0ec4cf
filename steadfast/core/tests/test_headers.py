"""Headers every dynamic response carries: no caching, a strict CSP, no framing, no referrer."""

import re

import pytest

from .pages import PAGES_BY_WHO, WHO_IDS, walk

# Pages that are not 200s: a redirect, a refusal, a missing page, the quick exit.
OTHER_RESPONSES = [
    (None, "get", "/home/", 302),
    ("alice", "get", "/", 302),
    ("theo", "get", "/couple/", 404),
    (None, "get", "/no-such-page/", 404),
    ("alice", "post", "/exit/", 204),
]


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def check_headers(response):
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control

    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]

    assert response["X-Frame-Options"] == "DENY"
    # Never tell another site where someone came from. "same-origin" still lets the
    # browser send Origin on our own form posts, which Django's CSRF check needs.
    assert response["Referrer-Policy"] in {"no-referrer", "same-origin"}
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", PAGES_BY_WHO, ids=WHO_IDS)
def test_every_page_sends_the_protective_headers(personas, client_for, who):
    for _path, response in walk(personas, client_for, who):
        check_headers(response)


@pytest.mark.parametrize(
    ("who", "method", "path", "status"),
    OTHER_RESPONSES,
    ids=[f"{w or 'visitor'}:{m}:{p}" for w, m, p, _ in OTHER_RESPONSES],
)
def test_redirects_refusals_and_errors_send_them_too(
    personas, client_for, who, method, path, status
):
    response = getattr(client_for(personas[who] if who else None), method)(path)
    assert response.status_code == status
    check_headers(response)


@pytest.mark.parametrize("who", PAGES_BY_WHO, ids=WHO_IDS)
def test_pages_need_nothing_the_csp_forbids(personas, client_for, who):
    """No inline script, event handler or style attribute: the CSP would block them."""
    for path, response in walk(personas, client_for, who):
        content = response.content.decode()
        for opening, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", content, re.S):
            assert "src=" in opening, path
            assert not body.strip(), path
        assert not re.search(r"\son[a-z]+\s*=", content), path
        assert not re.search(r"\sstyle\s*=", content), path
        assert "<style" not in content, path
        assert 'href="javascript:' not in content, path


def test_the_meta_referrer_never_leaks_to_other_sites(db, client):
    """The page's own policy (it overrides the header) must also keep the Origin header."""
    response = client.get("/")
    match = re.search(r'<meta name="referrer" content="([^"]+)">', response.content.decode())
    assert match
    # "no-referrer" here would make Chromium send `Origin: null` with every form post,
    # which Django's CSRF check refuses (403 on log-in and every other form).
    assert match.group(1) == "same-origin"
