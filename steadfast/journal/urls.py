from django.urls import path

from . import thoughts, views

# Plain, neutral paths (IPV-8): "notes", never "journal" or "jealousy".
app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("shared/", views.shared, name="shared"),
    path("<uuid:key>/", views.detail, name="detail"),
    path("<uuid:key>/edit/", views.edit, name="edit"),
    path("<uuid:key>/share/", views.share, name="share"),
    path("<uuid:key>/delete/", views.delete, name="delete"),
    path("thoughts/", thoughts.thoughts, name="thoughts"),
    path("thoughts/new/", thoughts.thought_new, name="thought_new"),
    path("thoughts/<uuid:key>/", thoughts.thought, name="thought"),
    path("thoughts/<uuid:key>/edit/", thoughts.thought_edit, name="thought_edit"),
    path("thoughts/<uuid:key>/share/", thoughts.thought_share, name="thought_share"),
    path("thoughts/<uuid:key>/delete/", thoughts.thought_delete, name="thought_delete"),
]
