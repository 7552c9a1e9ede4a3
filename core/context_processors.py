"""Values every page can use."""

from django.conf import settings


def site(request) -> dict:
    """The service name, the environment and the current partnership (if the view set one)."""
    return {
        "service_name": "CSP Hub",
        "production": settings.PRODUCTION,
        "partnership": getattr(request, "partnership", None),
    }
