"""Rate limits per API key, counted in the cache (shared across workers
when CACHES points at Redis)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiKeyThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self):
        # Read per request (not at import) so an operator's setting holds.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        key = getattr(request, "auth", None)
        if key is None or not hasattr(key, "pk"):
            return None
        return f"throttle_api_key_{key.pk}"
