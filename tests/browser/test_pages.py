"""Public pages, the Content-Security-Policy, and the audit harness itself."""

import pytest

from .conftest import WIDTH

INLINE_PROBE = """
() => new Promise(resolve => {
  const blocked = [];
  document.addEventListener('securitypolicyviolation', e => blocked.push(e.effectiveDirective));
  const script = document.createElement('script');
  script.textContent = 'window.__inlineScriptRan = true;';
  document.head.append(script);
  const style = document.createElement('style');
  style.textContent = 'body { margin-left: 7px; }';
  document.head.append(style);
  setTimeout(() => resolve({
    scriptRan: window.__inlineScriptRan === true,
    styleApplied: getComputedStyle(document.body).marginLeft === '7px',
    blocked: blocked.sort(),
  }), 300);
})
"""


@pytest.mark.browser
def test_public_pages_are_accessible_and_local(visitor):
    anon = visitor("Visitor")
    anon.goto("/")
    anon.follow("About Steadfast and where to find help")
    assert anon.path() == "/about/"
    anon.goto("/login/")
    anon.submit("Log in")  # empty: both fields required
    assert len(anon.error_texts()) == 2
    anon.goto("/signup/")
    anon.submit("Send me the link")  # empty
    assert anon.error_texts()
    anon.goto("/reset/")
    response = anon.goto("/no-such-page/")
    assert response.status == 404
    anon.finish()


@pytest.mark.browser
def test_content_security_policy_is_sent_and_enforced(visitor):
    anon = visitor("Visitor")
    response = anon.goto("/")
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"

    # The browser applies it: inline script and style injected into the page are refused.
    outcome = anon.page.evaluate(INLINE_PROBE)
    assert outcome == {
        "scriptRan": False,
        "styleApplied": False,
        "blocked": ["script-src-elem", "style-src-elem"],
    }
    anon.finish()


@pytest.mark.browser
def test_audit_harness_catches_problems(visitor):
    """Guard against a silently vacuous audit: planted faults must fail it."""
    anon = visitor("Visitor")
    anon.goto("/login/")
    anon.page.evaluate(
        "() => document.querySelector('main').append(Object.assign("
        "document.createElement('input'), {type: 'text'}))"
    )
    with pytest.raises(AssertionError, match="label"):
        anon.audit()

    anon.goto("/login/")
    anon.page.evaluate(
        """(width) => {
          const wide = document.createElement('div');
          wide.style.width = width + 'px';
          wide.textContent = 'wide';
          document.querySelector('main').append(wide);
        }""",
        WIDTH * 2,
    )
    with pytest.raises(AssertionError, match="scrolls sideways"):
        anon.audit()
