from django.urls import path

from . import views

# Plain, neutral paths (IPV-8). Fixed paths come before the instrument key they would
# otherwise be read as.
app_name = "assessments"
urlpatterns = [
    path("", views.measures, name="measures"),
    path("schedule/", views.schedule, name="schedule"),
    path("results/<uuid:key>/", views.result, name="result"),
    path("results/<uuid:key>/share/", views.share, name="share"),
    path("<slug:key>/", views.take, name="take"),
    path("<slug:key>/draft/", views.draft, name="draft"),
]
