from django.urls import path

from . import views

# Neutral paths and names: nothing here says what the path is about (IPV-8).
app_name = "recovery"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("join/", views.join, name="join"),
    path("decline/", views.decline, name="decline"),
    path("stop/", views.stop, name="stop"),
    path("resume/", views.resume, name="resume"),
    path("one/", views.impact, name="impact"),
    path("two/", views.meaning, name="meaning"),
    path("three/", views.moving_on, name="moving_on"),
    path("write/<slug:prompt>/", views.write, name="write"),
    path("write/<slug:prompt>/share/", views.share, name="share"),
    path("letter/", views.letter, name="letter"),
    path("reply/", views.reply, name="reply"),
    path("limits/", views.limits, name="limits"),
    path("limits/accept/", views.accept, name="accept"),
    path("questions/", views.questions, name="questions"),
    path("questions/<uuid:key>/answer/", views.answer, name="answer"),
    path("offers/", views.offers, name="offers"),
    path("offers/<uuid:key>/withdraw/", views.withdraw, name="withdraw"),
    path("decide/", views.decide, name="decide"),
]
