"""The pages the core tests walk through, and small HTML helpers."""

import re

VISITOR_PAGES = ["/", "/about/", "/login/", "/signup/", "/reset/"]
PERSON_PAGES = [
    "/home/",
    "/about/",
    "/couple/",
    "/couple/join/",
    "/couple/join/ABCD-EFGH-JKMN-PQRS/",
    "/account/",
    "/account/password/",
    "/account/email/",
    "/account/delete/",
]
LINKED_ONLY_PAGES = ["/couple/unlink/"]
THERAPIST_PAGES = ["/home/", "/about/", "/account/"]

# Every page that renders (200) for each kind of visitor, walked by one test each.
PAGES_BY_WHO = {
    None: VISITOR_PAGES,
    "sam": PERSON_PAGES,
    "alice": PERSON_PAGES + LINKED_ONLY_PAGES,
    "theo": THERAPIST_PAGES,
}
WHO_IDS = ["visitor" if who is None else who for who in PAGES_BY_WHO]


def walk(personas, client_for, who):
    """(path, response) for every page `who` can open, each asserted to be a 200."""
    client = client_for(personas[who] if who else None)
    for path in PAGES_BY_WHO[who]:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response


def title_of(content):
    match = re.search(r"<title>(.*?)</title>", content.decode(), re.S)
    assert match, "page has no <title>"
    return match.group(1).strip()


def quick_exit_link(content):
    """The attributes of the quick-exit anchor, or None."""
    match = re.search(r'<a\b[^>]*\bid="quick-exit"[^>]*>', content.decode(), re.S)
    if not match:
        return None
    return dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(0)))
