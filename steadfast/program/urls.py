from django.urls import path

from . import views

# Plain, neutral paths (IPV-8): "way", and modules by number ("1a"), never by subject.
app_name = "program"
urlpatterns = [
    path("", views.index, name="index"),
    path("together/", views.together, name="together"),
    path("sharing/", views.sharing, name="sharing"),
    path("<slug:slug>/", views.module, name="module"),
    path("<slug:slug>/progress/", views.move, name="progress"),
    path("<slug:slug>/share/", views.share, name="share"),
]
