"""A Redis cache that keeps working, per process, while Redis is unreachable.

django-redis's IGNORE_EXCEPTIONS turns every failed call into "no value": reads miss and writes
are lost. That is fine for cached pages, but not for what uses the cache as a small shared
store: django-allauth's rate limits take a lock with `cache.add()`, and when that keeps
failing it refuses the request (429) — with plain IGNORE_EXCEPTIONS nobody could sign in,
sign up or reset a password during a Redis outage.

`ResilientRedisCache` sends every call to Redis; when Redis fails it logs a warning and serves
the call from a per-process memory cache instead, and keeps doing so for
`FALLBACK_RETRY_SECONDS` (a circuit breaker: an unreachable Redis does not cost a connection
timeout on every call) before trying Redis again. During an outage, rate limits and cached
values are therefore per process rather than shared — weaker, but the portal keeps serving.
`ping()` tells /healthz whether Redis itself answers.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (ConnectionInterrupted, RedisError, OSError)
DEFAULT_RETRY_SECONDS = 5.0


class ResilientRedisCache(BaseCache):
    def __init__(self, server: str, params: dict[str, Any]):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("FALLBACK_RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        # Failures must reach us (to fall back), not be swallowed by django-redis.
        options["IGNORE_EXCEPTIONS"] = False
        self._redis = RedisCache(server, {**params, "OPTIONS": options})
        self._memory = LocMemCache(
            f"resilient-fallback-{server}-{params.get('KEY_PREFIX', '')}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )
        self._redis_down_until = 0.0
        self._lock = threading.Lock()

    @property
    def in_fallback(self) -> bool:
        return time.monotonic() < self._redis_down_until

    def _call(self, method: str, *args, **kwargs):
        if not self.in_fallback:
            try:
                return getattr(self._redis, method)(*args, **kwargs)
            except OUTAGE_ERRORS:
                with self._lock:
                    if not self.in_fallback:
                        logger.warning(
                            "cache: Redis unreachable, serving from process memory for %.0fs",
                            self.retry_seconds,
                            exc_info=True,
                        )
                    self._redis_down_until = time.monotonic() + self.retry_seconds
        return getattr(self._memory, method)(*args, **kwargs)

    def ping(self) -> bool:
        """Whether Redis itself answers now (ignores the fallback)."""
        try:
            return bool(self._redis.client.get_client(write=True).ping())
        except OUTAGE_ERRORS:
            logger.warning("cache: Redis ping failed", exc_info=True)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta=delta, version=version)

    def clear(self):
        self._memory.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self._redis.close(**kwargs)

    def __getattr__(self, name):
        # django-redis extras (ttl, lock, keys, delete_pattern, ...) go to Redis directly.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._redis, name)
