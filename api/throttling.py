"""Per-key rate limits in the Django cache (Redis): 429 with `Retry-After` past the limit."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    """`settings.API_RATE_LIMIT` requests per window for each key; signed-in browsers count
    per user and anonymous clients per address."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT

    def allow_request(self, request, view) -> bool:
        # The rate is read per request so that a changed setting applies at once.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiKey):
            ident = f"key-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return f"api-throttle-{ident}"
