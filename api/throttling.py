"""Rate limits: per token (or signed-in user), else per client address.

The rates are read from settings.API_RATES on every request, so an environment variable or a
test's settings change takes effect. Counts live in Django's cache.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiRateThrottle(SimpleRateThrottle):
    """Too many requests get 429 with Retry-After (DRF adds the header from `wait()`)."""

    scope = "api"

    def __init__(self) -> None:  # the rate is chosen per request, in allow_request
        pass

    def allow_request(self, request, view) -> bool:
        kind = "anonymous" if request.user is None or not request.user.is_authenticated else "token"
        self.rate = settings.API_RATES[kind]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        if request.auth is not None:
            ident = f"token-{request.auth.pk}"
        elif request.user is not None and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return f"api-throttle-{ident}"
