"""Celery tasks of the core: the semantic search (core.semantic): embeddings and index files;
the refresh of the cached aggregates (celery beat; migration 0003 adds its schedule)."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from celery import current_app, shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import semantic
from .caching import aggregates_refresh

logger = logging.getLogger(__name__)

# A burst of saves rebuilds the index once: the rows saved meanwhile are read as "delta".
REBUILD_DEBOUNCE_SECONDS = 60
# The kinds whose index waits for the end of a bulk write in this process (`rebuilds_deferred`);
# None: each embedding schedules its rebuild.
_deferred_kinds: ContextVar[set[str] | None] = ContextVar("deferred_index_kinds", default=None)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def embed_object(kind: str, object_id: int) -> int:
    """Embed the versions of one object (its original, its translations) whose text changed
    and remove those that are gone (idempotent), then make sure an index exists."""
    try:
        changed = semantic.embed(kind, [object_id])
    except semantic.SemanticUnavailable:
        return 0
    if not semantic.index_exists(kind):
        semantic.build_index(kind)
        settle_index(kind)
    elif changed:
        deferred = _deferred_kinds.get()
        if deferred is None:
            schedule_rebuild(kind)
        else:
            deferred.add(kind)
    return changed


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def rebuild_index(kind: str) -> int:
    # A save from now on may be missed by this build: it queues a rebuild of its own.
    cache.delete(f"semantic-rebuild:{kind}")
    count = semantic.build_index(kind)
    logger.info("semantic index %s rebuilt: %d vectors", kind, count)
    settle_index(kind)
    return count


def schedule_rebuild(kind: str, countdown: int = REBUILD_DEBOUNCE_SECONDS) -> None:
    if cache.add(f"semantic-rebuild:{kind}", 1, countdown):
        rebuild_index.apply_async((kind,), countdown=countdown)


def settle_index(kind: str) -> None:
    """After a build, the rows saved just before it are read as delta by every search (see
    semantic.index_settled): when there are many, rebuild once more after the margin, so that
    a bulk embedding (semantic_refresh, an import) does not leave thousands of them in every
    search. Converges: the next build is settled unless many rows were saved meanwhile."""
    if semantic.index_settled(kind):
        return
    if current_app.conf.task_always_eager:
        # Eager tasks (the SQLite demo) ignore the countdown: the rebuild would run at once,
        # find the same rows unsettled and queue itself again, until the recursion limit.
        return
    try:
        schedule_rebuild(kind, countdown=int(semantic.DELTA_MARGIN.total_seconds()) + 5)
    except Exception:  # a broker outage: the rows stay delta until the next rebuild
        logger.warning("could not queue the rebuild of the %s index", kind, exc_info=True)


@contextmanager
def rebuilds_deferred() -> Iterator[None]:
    """Within it, the embeddings computed in this process rebuild no index: each kind they
    changed is rebuilt once at the end. Meanwhile searches find those rows as delta (read
    from the database, as every row newer than the index). For a bulk write with eager tasks
    (seed_demo on SQLite, where `schedule_rebuild`'s debounce does not hold: the countdown is
    ignored and every saved listing rebuilt its kind's index at once, ~516 builds). A kind
    without an index still gets one at its first embedding; embeddings that a worker computes
    are not affected (their rebuilds are debounced there)."""
    kinds: set[str] = set()
    token = _deferred_kinds.set(kinds)
    try:
        yield
    finally:
        _deferred_kinds.reset(token)
    for kind in sorted(kinds):
        semantic.build_index(kind)
        settle_index(kind)


def embed_on_commit(kind: str, object_id: int) -> None:
    """Queue the embedding of an object once the transaction that saved it commits. A broker
    outage loses nothing for good: `manage.py semantic_refresh` embeds what is missing."""
    if not settings.SEMANTIC_EMBED_ON_SAVE:
        return

    def queue() -> None:
        try:
            embed_object.delay(kind, object_id)
        except Exception:
            logger.warning("could not queue the embedding of %s %s", kind, object_id, exc_info=True)

    transaction.on_commit(queue)


# No retry: the next beat run (a minute later) is the retry, and the cached values outlive it.
@shared_task(ignore_result=True, expires=50)
def aggregates_refresh_task() -> dict[str, float]:
    spent = aggregates_refresh()
    logger.info("aggregates refreshed: %s", spent)
    return spent
