from django.apps import AppConfig


class PrinciplesConfig(AppConfig):
    name = "principles"
