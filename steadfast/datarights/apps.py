from django.apps import AppConfig


class DataRightsConfig(AppConfig):
    name = "steadfast.datarights"
    label = "datarights"
    verbose_name = "Data rights"
