"""App configuration for the signed-in home pages."""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home pages"
