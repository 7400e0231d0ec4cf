import logging

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from .access import declared_access

log = logging.getLogger(__name__)


class DenyByDefaultMiddleware:
    """Refuse any view that did not declare who may call it.

    The Django admin is the one exception: it enforces staff access itself and
    lives under its own path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if declared_access(view_func) is not None:
            return None
        match = request.resolver_match
        if match is not None and match.app_name == "admin" and match.namespace == admin.site.name:
            return None
        log.error("Refused undeclared view %s", getattr(view_func, "__qualname__", view_func))
        raise Http404


class NoStoreMiddleware:
    """Nothing the app renders may be kept by the browser or a proxy.

    On a shared device, Back or the history must not bring a page up again
    after someone left it (quick exit, log out, idle timeout).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
