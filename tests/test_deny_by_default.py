"""Deny by default: a view that declares no access level is refused, whoever asks.

This module is also the throw-away URLconf its tests run under: the project's URLs
plus one view that declared nothing and one that declared itself public. Both
answer "secret"; only the middleware stands between the first and the caller.
"""

import logging

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse

from config import urls as project_urls
from steadfast.core.access import declared_access, public

from .authz import iter_routes

ACCESS_LEVELS = {"public", "login", "person", "therapist"}


def undeclared_view(request):
    return HttpResponse("secret")


@public
def declared_public_view(request):
    return HttpResponse("secret")


urlpatterns = [
    *project_urls.urlpatterns,
    path("throwaway/undeclared/", undeclared_view, name="throwaway_undeclared"),
    path("throwaway/public/", declared_public_view, name="throwaway_public"),
]

THIS_URLCONF = __name__

CALLERS = ["anonymous", "alice", "theo"]  # nobody, a person, a therapist


@pytest.fixture(autouse=True)
def _no_static_scan(settings):
    settings.WHITENOISE_USE_FINDERS = False  # as in production; keeps test clients cheap


def _client(client_for, personas, caller):
    return client_for(None if caller == "anonymous" else personas[caller])


@override_settings(ROOT_URLCONF=THIS_URLCONF)
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("caller", CALLERS)
def test_undeclared_view_is_refused(caller, method, personas, client_for, caplog):
    client = _client(client_for, personas, caller)
    url = reverse("throwaway_undeclared")

    with caplog.at_level(logging.ERROR, logger="steadfast.core.middleware"):
        response = client.get(url) if method == "GET" else client.post(url)

    assert response.status_code == 404
    assert b"secret" not in response.content
    assert "Refused undeclared view undeclared_view" in caplog.text


@override_settings(ROOT_URLCONF=THIS_URLCONF)
@pytest.mark.parametrize("caller", CALLERS)
def test_same_view_declared_public_is_served(caller, personas, client_for):
    """The control: the only difference is the declaration, so the middleware refused above."""
    client = _client(client_for, personas, caller)

    response = client.get(reverse("throwaway_public"))

    assert response.status_code == 200
    assert response.content == b"secret"


def test_every_project_view_declares_its_access():
    """Every view the resolver reaches, but the admin's (which checks staff itself)."""
    routes = [route for route in iter_routes() if not route.in_admin]
    assert len(routes) > 20  # the walk really reached the app's views
    undeclared = [
        (route.name, route.route) for route in routes if declared_access(route.callback) is None
    ]
    assert not undeclared, f"Views without an access declaration: {undeclared}"
    unknown = {
        route.name: declared_access(route.callback)
        for route in routes
        if declared_access(route.callback) not in ACCESS_LEVELS
    }
    assert not unknown


def test_the_walk_sees_the_throwaway_views():
    """The check above would catch an undeclared view: run it over this URLconf."""
    undeclared = [
        route.name
        for route in iter_routes(THIS_URLCONF)
        if not route.in_admin and declared_access(route.callback) is None
    ]
    assert undeclared == ["throwaway_undeclared"]


@pytest.mark.parametrize(
    ("name", "caller"),
    [("accounts:logout", "alice"), ("couples:invite", "alice"), ("core:quick_exit", "anonymous")],
)
def test_post_only_views_refuse_get(name, caller, personas, client_for):
    response = _client(client_for, personas, caller).get(reverse(name))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
