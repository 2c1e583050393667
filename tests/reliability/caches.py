"""The production cache configuration, pointed at a test Redis."""


def production_cache_config(url: str, *, retry_seconds: float = 5) -> dict:
    """The cache configuration of base.py (whenever REDIS_URL is set), at another Redis."""
    return {
        "default": {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "FALLBACK_RETRY_SECONDS": retry_seconds,
            },
            "KEY_PREFIX": "reliability",
        }
    }
