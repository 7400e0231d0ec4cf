from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "steadfast.commitments"
    label = "commitments"
    verbose_name = "Commitments"
