"""Walk Django's URL resolver, for the authorisation matrix and deny-by-default tests.

Every pattern the resolver can reach is a `Route`, named "namespace:name" (nested
namespaces joined with ":"). A pattern without a name cannot be reversed, so it
cannot have a matrix entry; it is still listed, as "namespace:<unnamed route>", so
that the matrix gate reports it instead of letting it slip through.

The Django admin (namespace "admin") is the one part of the site not covered
cell by cell. The matrix names `ADMIN_IN_MATRIX` explicitly; every other "admin:*"
pattern falls under one rule, tested in test_authorization_matrix.py: the admin
enforces staff access itself, so every non-staff persona is sent to the admin
login, whatever admin URL they ask for.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ADMIN_NAMESPACE = "admin"
ADMIN_IN_MATRIX = frozenset({"admin:index", "admin:login"})


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "namespace:<unnamed route>"
    route: str  # the full pattern, prefixes included
    callback: object  # what the resolver hands to the middleware as `view_func`
    namespaces: tuple  # instance namespaces, outermost first
    app_names: tuple  # application namespaces, outermost first
    pattern: URLPattern

    @property
    def named(self):
        return self.pattern.name is not None

    @property
    def in_admin(self):
        """Inside the admin, by the rule DenyByDefaultMiddleware uses (the app name)."""
        return ADMIN_NAMESPACE in self.app_names


def iter_routes(urlconf=None):
    """Every URL pattern reachable from `urlconf` (default: the project's ROOT_URLCONF)."""
    yield from _walk(get_resolver(urlconf), "", (), ())


def _walk(resolver, prefix, namespaces, app_names):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(
                entry,
                route,
                namespaces + ((entry.namespace,) if entry.namespace else ()),
                app_names + ((entry.app_name,) if entry.app_name else ()),
            )
        elif isinstance(entry, URLPattern):
            local = entry.name if entry.name is not None else f"<unnamed {route}>"
            yield Route(
                name=":".join(namespaces + (local,)),
                route=route,
                callback=entry.callback,
                namespaces=namespaces,
                app_names=app_names,
                pattern=entry,
            )
        else:  # pragma: no cover - Django has no third kind today
            raise TypeError(f"Unknown URL entry {entry!r}")


def url_names(urlconf=None):
    """The names of every pattern, "namespace:name" (unnamed ones as "<unnamed route>")."""
    return {route.name for route in iter_routes(urlconf)}


def is_admin_rule(name):
    """Is this name covered by the admin rule rather than by its own matrix entry?"""
    return name.split(":", 1)[0] == ADMIN_NAMESPACE and name not in ADMIN_IN_MATRIX


def names_needing_entries(urlconf=None):
    """Every name the matrix must hold: all of them but those under the admin rule."""
    return {name for name in url_names(urlconf) if not is_admin_rule(name)}


def missing_from_matrix(matrix, urlconf=None):
    """Names the resolver has and the matrix lacks, sorted. Empty means covered."""
    return sorted(names_needing_entries(urlconf) - set(matrix))


def stale_in_matrix(matrix, urlconf=None):
    """Names the matrix holds that no longer exist (or fall under the admin rule), sorted."""
    return sorted(set(matrix) - names_needing_entries(urlconf))
