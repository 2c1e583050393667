"""Short-lived caching of computed values that survives a cache outage."""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

logger = logging.getLogger(__name__)

T = TypeVar("T")
_MISSING = object()


def cached(key: str, timeout: int, compute: Callable[[], T]) -> T:
    """`compute()`'s value, kept `timeout` seconds under `key`.

    A broken cache (Redis down, a value that no longer unpickles) only costs the
    recomputation: pages keep working, the failure is logged.
    """
    try:
        value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("cache read failed for %s", key, exc_info=True)
        value = _MISSING
    if value is not _MISSING:
        return value
    value = compute()
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache write failed for %s", key, exc_info=True)
    return value
