from django.urls import path

from . import views

app_name = "datarights"
urlpatterns = [
    path("", views.your_data, name="data"),
]
