"""The evidence app: partners' depersonalised datasets and road casualties, with provenance."""

from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evidence"
    verbose_name = "Partner evidence"
