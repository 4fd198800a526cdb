"""A production run needs a cache shared by every worker process."""

from django.conf import settings
from django.core.checks import Warning, register


@register("security", deploy=True)
def shared_cache(app_configs=None, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if "locmem" in backend or "dummy" in backend:
        return [
            Warning(
                "The cache is per process: login rate limits and used "
                "one-time codes do not hold across gunicorn workers.",
                hint="Set CACHE_URL (or REDIS_URL), e.g. redis://cache:6379/1.",
                id="motouke.W001",
            )
        ]
    return []
