from django.urls import path

from . import views, views_coach, views_exercises

# Plain, neutral paths (IPV-8).
app_name = "conversations"
urlpatterns = [
    path("", views.index, name="index"),
    path("same-room/", views.same_room, name="same_room"),
    path("coach/", views_coach.coach, name="coach"),
    path("exercises/", views_exercises.exercises, name="exercises"),
    path("exercises/<slug:slug>/", views_exercises.exercise, name="exercise"),
    path("<uuid:key>/", views.detail, name="detail"),
    path("<uuid:key>/live/", views.panel, name="panel"),
    path("<uuid:key>/turn/", views.turn, name="turn"),
    path("<uuid:key>/time-out/", views.time_out, name="time_out"),
    path("<uuid:key>/resume/", views.resume, name="resume"),
    path("<uuid:key>/close/", views.close, name="close"),
]
