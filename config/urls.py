import os

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("steadfast.core.urls")),
    path("", include("steadfast.accounts.urls")),
    path("couple/", include("steadfast.couples.urls")),
    path("", include("steadfast.safety.urls")),
    path("measures/", include("steadfast.assessments.urls")),
    path("daily/", include("steadfast.checkins.urls")),
    path("promises/", include("steadfast.commitments.urls")),
    path("", include("steadfast.reminders.urls")),
    path("together/", include("steadfast.together.urls")),
    path("care/", include("steadfast.selfcare.urls")),
    path("talk/", include("steadfast.conversations.urls")),
    path("notes/", include("steadfast.journal.urls")),
    path("path/", include("steadfast.recovery.urls")),
    path("way/", include("steadfast.program.urls")),
    path("practice/profile/", include("steadfast.practice.urls_profile")),
    path("practice/", include("steadfast.practice.urls")),
    path("account/access/", include("steadfast.practice.urls_access")),
    path("account/two-step/", include("steadfast.practice.urls_twofactor")),
    path("account/data/", include("steadfast.datarights.urls")),
    path("account/security/", include("steadfast.audit.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# The load benchmark's bare page (bench/serve_load.py sets this for its own server only).
if os.environ.get("STEADFAST_BENCH") == "1":
    urlpatterns.append(path("bench/", include("steadfast.loadtest.bench_views")))
