from django.urls import path

from . import views

# Plain, neutral paths (IPV-8).
app_name = "commitments"
urlpatterns = [
    path("", views.promises, name="list"),
    path("<uuid:key>/", views.detail, name="detail"),
    path("<uuid:key>/chart.svg", views.chart, name="chart"),
    path("<uuid:key>/mark/", views.mark, name="mark"),
    path("<uuid:key>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:key>/renegotiate/", views.renegotiate, name="renegotiate"),
    path("<uuid:key>/retire/", views.retire, name="retire"),
]
