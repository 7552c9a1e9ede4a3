"""App config for funding: pots, requests, the approval protocol and rollovers."""

from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding"
