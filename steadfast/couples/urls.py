from django.urls import path

from . import views

app_name = "couples"
urlpatterns = [
    path("", views.couple, name="couple"),
    path("invite/", views.invite, name="invite"),
    path("invite/withdraw/", views.withdraw, name="withdraw"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_code"),
    path("unlink/", views.unlink, name="unlink"),
]
