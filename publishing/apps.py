"""The public site of each partnership and its RSS and Atom feeds (issue 14)."""

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Public site and feeds"
