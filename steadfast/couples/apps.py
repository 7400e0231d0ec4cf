from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "steadfast.couples"
    label = "couples"
