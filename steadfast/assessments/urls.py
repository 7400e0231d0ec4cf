from django.urls import path

from . import views, views_fhir, views_over_time

# Plain, neutral paths (IPV-8). Fixed paths come before the instrument key they would
# otherwise be read as.
app_name = "assessments"
urlpatterns = [
    path("", views.measures, name="measures"),
    path("schedule/", views.schedule, name="schedule"),
    path("profile/", views.trust_profile, name="profile"),
    path("import/", views_fhir.import_response, name="import"),
    path("results/<uuid:key>/", views.result, name="result"),
    path("results/<uuid:key>/share/", views.share, name="share"),
    path("results/<uuid:key>/fhir/", views_fhir.response, name="result_fhir"),
    path("<slug:key>/", views.take, name="take"),
    path("<slug:key>/draft/", views.draft, name="draft"),
    path("<slug:key>/history/", views_over_time.history, name="history"),
    path("<slug:key>/history.svg", views_over_time.history_chart, name="history_chart"),
    path("<slug:key>/together/", views_over_time.together, name="together"),
    path("<slug:key>/together.svg", views_over_time.together_chart, name="together_chart"),
    path("<slug:key>/questionnaire/", views_fhir.questionnaire, name="questionnaire"),
]
