from django.urls import path

from . import views_twofactor

app_name = "twofactor"
urlpatterns = [
    path("", views_twofactor.settings_page, name="settings"),
    path("setup/", views_twofactor.setup, name="setup"),
    path("code/", views_twofactor.verify, name="verify"),
    path("backup-codes/", views_twofactor.backup_codes, name="backup_codes"),
    path("off/", views_twofactor.turn_off, name="off"),
]
