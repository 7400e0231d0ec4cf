from django.urls import path

from . import views, views_assign, views_data, views_notes, views_summary

app_name = "practice"
urlpatterns = [
    path("", views.home, name="home"),
    path("invitations/<uuid:key>/accept/", views.accept, name="accept"),
    path("clients/<uuid:key>/", views.client, name="client"),
    path("clients/<uuid:key>/measures/", views.client_measures, name="client_measures"),
    path("clients/<uuid:key>/session/", views_summary.session_date, name="session_date"),
    path("couples/<uuid:key>/summary/", views_summary.couple_summary, name="couple_summary"),
    path(
        "couples/<uuid:key>/summary.pdf",
        views_summary.couple_summary_pdf,
        name="couple_summary_pdf",
    ),
    path("clients/<uuid:key>/summary/", views_summary.client_summary, name="client_summary"),
    path(
        "clients/<uuid:key>/summary.pdf",
        views_summary.client_summary_pdf,
        name="client_summary_pdf",
    ),
    path("welcome/<str:token>/", views.welcome, name="welcome"),
    # Session notes, proposed measures, export and data views (views_notes, views_assign,
    # views_data): each reached through the client's accepted grant.
    path("clients/<uuid:key>/notes/", views_notes.index, name="notes"),
    path("clients/<uuid:key>/notes/<uuid:note>/", views_notes.edit, name="note_edit"),
    path("clients/<uuid:key>/notes/<uuid:note>/delete/", views_notes.delete, name="note_delete"),
    path("clients/<uuid:key>/propose/", views_assign.assign, name="assign"),
    path("clients/<uuid:key>/export/", views_data.export, name="export"),
    path("clients/<uuid:key>/checkins/", views_data.checkins, name="client_checkins"),
    path("clients/<uuid:key>/promises/", views_data.commitments, name="client_commitments"),
    path("clients/<uuid:key>/talks/", views_data.conversations, name="client_conversations"),
    path("clients/<uuid:key>/journal/", views_data.journal, name="client_journal"),
    path("clients/<uuid:key>/wellbeing/", views_data.safety, name="client_safety"),
]
