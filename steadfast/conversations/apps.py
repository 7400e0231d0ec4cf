from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "steadfast.conversations"
    verbose_name = "Conversations"
