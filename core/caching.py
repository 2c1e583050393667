"""Short-lived caching of computed values that survives a cache outage, and the aggregates a
beat task refreshes before they expire."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

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


# --- Aggregates refreshed before they expire ------------------------------------------------
# Figures that are costly to compute (home key figures, /stats/, the staff dashboard's cluster
# figures) are registered here by their app's selectors. Celery beat runs
# `core.tasks.aggregates_refresh_task` every REFRESH_EVERY_SECONDS, which recomputes each one
# and stores it for `timeout` seconds — longer than the beat's period — so no request meets an
# expired value while beat runs. A cache outage (or beat stopped) still only costs each request
# a recomputation, through `cached`.
REFRESH_EVERY_SECONDS = 60
# Kept three beat periods: a run that fails or comes late is still covered by the last value.
REFRESHED_TIMEOUT = 3 * REFRESH_EVERY_SECONDS


@dataclass
class RefreshedAggregate(Generic[T]):
    key: str
    timeout: int
    compute: Callable[[], T]

    def get(self) -> T:
        return cached(self.key, self.timeout, self.compute)

    def refresh(self) -> T:
        value = self.compute()
        try:
            cache.set(self.key, value, self.timeout)
        except Exception:
            logger.warning("cache write failed for %s", self.key, exc_info=True)
        return value


AGGREGATES: dict[str, RefreshedAggregate] = {}


def refreshed_aggregate(key: str, compute: Callable[[], T]) -> RefreshedAggregate[T]:
    """Register `compute` for the beat refresh; read it with `.get()` (kept `REFRESHED_TIMEOUT`)."""
    aggregate = RefreshedAggregate(key, REFRESHED_TIMEOUT, compute)
    AGGREGATES[key] = aggregate
    return aggregate


# Families of values whose keys are only known when the beat runs (one per cluster and day, say):
# each is registered as a function that recomputes and stores (`REFRESHED_TIMEOUT`) every value
# of its family, which the app's pages read with `cached` under the same keys.
FAMILIES: dict[str, Callable[[], object]] = {}


def refreshed_family(name: str, refresh: Callable[[], object]) -> None:
    FAMILIES[name] = refresh


def aggregates_refresh() -> dict[str, float]:
    """Recompute every registered aggregate and family now; milliseconds each (a failure is
    logged and the others still run: the old value stays until its timeout)."""
    refreshes = {key: aggregate.refresh for key, aggregate in AGGREGATES.items()} | FAMILIES
    spent = {}
    for key, refresh in refreshes.items():
        began = time.perf_counter()
        try:
            refresh()
        except Exception:
            logger.exception("aggregate refresh failed for %s", key)
            continue
        spent[key] = round((time.perf_counter() - began) * 1000, 1)
    return spent
