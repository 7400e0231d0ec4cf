from django.urls import path

from . import views, views_help, views_strengths

# Plain, neutral paths (IPV-8).
app_name = "selfcare"
urlpatterns = [
    path("", views.index, name="index"),
    path("week/", views.week, name="week"),
    path("strengths/", views_strengths.strengths, name="strengths"),
    path("strengths/went-well/", views_strengths.went_well, name="went_well"),
    path("shared/", views_strengths.shared, name="shared"),
    path("help/", views_help.help_page, name="help"),
    path("activity/<uuid:key>/", views.edit_activity, name="edit_activity"),
    path("activity/<uuid:key>/done/", views.log, name="log"),
    path("activity/<uuid:key>/share/", views.share_activity, name="share_activity"),
    path("activity/<uuid:key>/retire/", views.retire_activity, name="retire_activity"),
    path("strengths/<uuid:key>/", views_strengths.edit_reflection, name="edit_reflection"),
    path("strengths/<uuid:key>/share/", views_strengths.share_reflection, name="share_reflection"),
]
