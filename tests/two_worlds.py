"""The two-world differential harness (IPV-2): a partner must learn nothing.

Two worlds differ only in what partner A (alice) keeps to herself: in world 0 she
has no private or safety data at all; world 1 adds plenty of it, through the app's
own pages, as she would (a positive screen, a written plan, discreet mode, a
withdrawn invitation...). Partner B (bob) then visits every page, fragment and
endpoint the URL resolver knows, and asks for every email he can cause himself.
Everything B receives must be identical in both worlds once the parts that differ
by nature (CSRF tokens, one-time form keys, cookies' values, the Date header) are
normalised: status, headers, body, and the number of SQL queries each response cost.

The crawl walks the resolver, so a page added later is covered without touching
this file; a route that needs URL arguments must say in `ARGUMENTS` how B fills
them, or the crawl fails and asks for it.
"""

import re
from dataclasses import dataclass, field

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .authz import iter_routes

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
CSRF_META = re.compile(rb'(<meta name="csrf-token" content=")[^"]+(")')
# Fresh random one-time keys that forms carry so a double submission saves once.
FORM_KEYS = re.compile(rb'(name="(?:submission_key|idempotency_key)" value=")[^"]+(")')
VOLATILE_HEADERS = {"date", "expires"}


def normalise_body(body):
    body = CSRF_INPUT.sub(rb"\1CSRF\2", body)
    body = CSRF_META.sub(rb"\1CSRF\2", body)
    return FORM_KEYS.sub(rb"\1KEY\2", body)


def normalise_headers(response):
    headers = []
    for name, value in sorted(response.headers.items()):
        if name.lower() in VOLATILE_HEADERS:
            value = "<volatile>"
        headers.append((name.lower(), value))
    cookies = sorted(
        (name, tuple(sorted((k, v) for k, v in morsel.items() if v and k != "expires")))
        for name, morsel in response.cookies.items()
    )
    return tuple(headers), tuple(cookies)


@dataclass
class Observation:
    status: int
    headers: tuple
    body: bytes
    queries: int
    location: str = ""

    def differences(self, other):
        found = []
        for name in ("status", "location", "headers", "queries"):
            if getattr(self, name) != getattr(other, name):
                found.append(f"{name}: {getattr(self, name)!r} != {getattr(other, name)!r}")
        if self.body != other.body:
            found.append("body differs:\n" + _first_difference(self.body, other.body))
        return found


def _first_difference(a, b):
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    start, end = max(0, at - 80), at + 80
    return f"  world 0: …{a[start:end]!r}\n  world 1: …{b[start:end]!r}"


def observe(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return Observation(
        status=response.status_code,
        headers=normalise_headers(response),
        body=normalise_body(response.content),
        queries=len(queries),
        location=response.headers.get("Location", ""),
    )


# How B fills in a route's URL arguments: name -> function(world) -> kwargs.
# B always uses his own objects, or values that name nothing of A's.
ARGUMENTS = {}


def arguments(name):
    def register(function):
        ARGUMENTS[name] = function
        return function

    return register


@dataclass
class World:
    """The people, and anything B owns that a route with arguments needs."""

    alice: object
    bob: object
    bob_objects: dict = field(default_factory=dict)


def partner_urls(world):
    """Every URL B can ask for, in resolver order, with the route it came from."""
    urls, unfilled = [], []
    for route in iter_routes():
        if route.in_admin or not route.named:
            continue
        if route.pattern.pattern.regex.groups:
            make = ARGUMENTS.get(route.name)
            if make is None:
                unfilled.append(route.name)
                continue
            urls.append((route.name, reverse(route.name, kwargs=make(world))))
        else:
            urls.append((route.name, reverse(route.name)))
    if unfilled:
        raise AssertionError(
            "The two-world crawl does not know how partner B fills the arguments of "
            f"{sorted(unfilled)}: add them to tests/two_worlds.py ARGUMENTS."
        )
    return urls


def crawl(client, world):
    """What B sees on every page: {url: Observation}."""
    return {url: observe(client, url) for _, url in partner_urls(world)}


def mail_to(address):
    """Messages in the outbox addressed to `address`, as comparable tuples."""
    found = []
    for message in mail.outbox:
        if address in message.to or address in message.cc or address in message.bcc:
            body = re.sub(r"/[A-Za-z0-9_\-:]{20,}/", "/<token>/", message.body)
            found.append((message.subject, message.from_email, tuple(message.to), body))
    return found


def compare(world0, world1):
    """Human-readable differences between two crawls; empty when B can't tell them apart."""
    problems = []
    for url in sorted(set(world0) | set(world1)):
        if url not in world0 or url not in world1:
            problems.append(f"{url}: reachable in only one world")
            continue
        for difference in world0[url].differences(world1[url]):
            problems.append(f"{url}: {difference}")
    return problems


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client
