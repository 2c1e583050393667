import pytest

from tests.reliability.servers import PrivateRedis
from tests.security.personas import persona_client, world  # noqa: F401 (fixtures)


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.stop()


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


@pytest.fixture
def outage_tolerant_cache(settings, private_redis):
    """The production cache, pointed at a private Redis this test may stop and restart."""
    settings.CACHES = production_cache_config(private_redis.url)
    return private_redis
