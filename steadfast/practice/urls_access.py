from django.urls import path

from . import views_access, views_assign

app_name = "access"
urlpatterns = [
    path("", views_access.index, name="index"),
    path("log/", views_access.log, name="log"),
    path("suggested/", views_assign.client_proposals, name="proposals"),
    path("suggested/<uuid:key>/accept/", views_assign.accept, name="proposal_accept"),
    path("suggested/<uuid:key>/decline/", views_assign.decline, name="proposal_decline"),
    path("<uuid:key>/", views_access.change, name="change"),
    path("<uuid:key>/revoke/", views_access.revoke, name="revoke"),
]
