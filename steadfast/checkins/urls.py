from django.urls import path

from . import views

# Plain, neutral paths (IPV-8).
app_name = "checkins"
urlpatterns = [
    path("", views.daily, name="daily"),
    path("sharing/", views.sharing, name="sharing"),
    path("together/", views.together, name="together"),
    path("<uuid:key>/share/", views.share, name="share"),
]
