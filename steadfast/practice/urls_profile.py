from django.urls import path

from . import views_profile

# Its own namespace: steadfast/practice/urls.py is edited elsewhere; this is included
# from config/urls.py at practice/profile/.
app_name = "practice_profile"
urlpatterns = [
    path("", views_profile.edit, name="edit"),
]
