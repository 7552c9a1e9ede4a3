"""Sign-in throttling beyond django-axes' per-account lockout.

Axes locks one account at one address after AXES_FAILURE_LIMIT failures. Password spraying
tries a few passwords against many accounts from one address, so we also count the failures of
one address across every username (AXES_IP_FAILURE_LIMIT, higher than the per-account limit so
an office behind one address is not locked out by a few typos).
"""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The address as axes counts it: one count whatever the case or spaces."""
    source = credentials if credentials else request.POST
    return (source.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()


def address_is_throttled(request: HttpRequest) -> bool:
    """True if this client address failed to sign in too often lately, over all usernames."""
    ip = get_client_ip_address(request)
    if not ip:
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return (failures or 0) >= settings.AXES_IP_FAILURE_LIMIT
