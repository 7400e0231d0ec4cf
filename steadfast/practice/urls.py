from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.home, name="home"),
    path("invitations/<uuid:key>/accept/", views.accept, name="accept"),
    path("clients/<uuid:key>/", views.client, name="client"),
    path("clients/<uuid:key>/measures/", views.client_measures, name="client_measures"),
    path("welcome/<str:token>/", views.welcome, name="welcome"),
]
