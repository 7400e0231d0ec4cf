from django.urls import path

from . import views

# Plain, neutral paths (IPV-8).
app_name = "reminders"
urlpatterns = [
    path("reminders/", views.reminder_settings, name="settings"),
    path("reminders/calendar/new/", views.new_feed, name="new_feed"),
    path("reminders/calendar/off/", views.revoke_feed, name="revoke_feed"),
    path("calendar/<slug:token>.ics", views.feed, name="feed"),
]
