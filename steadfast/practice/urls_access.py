from django.urls import path

from . import views_access

app_name = "access"
urlpatterns = [
    path("", views_access.index, name="index"),
    path("log/", views_access.log, name="log"),
    path("<uuid:key>/", views_access.change, name="change"),
    path("<uuid:key>/revoke/", views_access.revoke, name="revoke"),
]
