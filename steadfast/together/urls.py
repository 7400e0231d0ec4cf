from django.urls import path

from . import views

# A plain, neutral path (IPV-8).
app_name = "together"
urlpatterns = [
    path("", views.overview, name="overview"),
]
