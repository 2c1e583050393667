"""core.resilient_cache: Redis first, process memory while Redis is down, Redis again after."""

import pytest
from django.core.cache import caches

from tests.reliability.caches import production_cache_config


@pytest.fixture
def resilient(settings, private_redis):
    def build(retry_seconds: float = 5):
        settings.CACHES = production_cache_config(private_redis.url, retry_seconds=retry_seconds)
        return caches["default"]

    return build


def test_values_are_stored_in_redis_while_it_runs(resilient, private_redis):
    cache = resilient()

    cache.set("figure", 42, 30)

    assert cache._redis.get("figure") == 42
    assert cache.get("figure") == 42


def test_add_still_takes_a_lock_while_redis_is_down(resilient, private_redis):
    cache = resilient()
    private_redis.stop()

    assert cache.add("lock", True, 10) is True
    assert cache.add("lock", True, 10) is False


def test_values_written_during_the_outage_are_read_back(resilient, private_redis):
    cache = resilient()
    private_redis.stop()

    cache.set("history", [1, 2], 30)

    assert cache.get("history") == [1, 2]
    assert cache.in_fallback


def test_redis_is_not_retried_on_every_call_during_the_outage(resilient, private_redis):
    cache = resilient(retry_seconds=60)
    private_redis.stop()
    cache.get("anything")

    private_redis.start()
    cache.set("during", "memory", 30)

    assert cache._redis.get("during") is None


def test_redis_is_used_again_after_the_retry_delay(resilient, private_redis):
    cache = resilient(retry_seconds=0)
    private_redis.stop()
    cache.get("anything")

    private_redis.start()
    cache.set("after", "redis", 30)

    assert cache._redis.get("after") == "redis"


def test_ping_tells_whether_redis_itself_answers(resilient, private_redis):
    cache = resilient()
    assert cache.ping() is True

    private_redis.stop()

    assert cache.ping() is False
