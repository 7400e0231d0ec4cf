"""The load benchmark's bare framework page: the floor every real page is compared with.

Mounted by config/urls.py only when the environment has STEADFAST_BENCH=1 (set by
bench/serve_load.py for its own server), so no deployment serves it. It goes through
the whole middleware stack like any page and answers a few bytes, reading nothing.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from steadfast.core.access import public


@public
@require_GET
def bare(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


app_name = "bench"
urlpatterns = [path("bare/", bare, name="bare")]
