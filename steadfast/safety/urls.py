from django.urls import path

from . import views

# Plain, neutral paths: nothing here names what the pages are about (IPV-8).
app_name = "safety"
urlpatterns = [
    path("checkin/", views.checkin, name="checkin"),
    path("checkin/<uuid:key>/", views.checkin_result, name="checkin_result"),
    path("plan/", views.plan, name="plan"),
    path("support/", views.support, name="support"),
    path("device/", views.device, name="device"),
]
