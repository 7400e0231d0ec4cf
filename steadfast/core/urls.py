from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("about/", views.about, name="about"),
    path("home/", views.home, name="home"),
    path("exit/", views.quick_exit, name="quick_exit"),
]
