import pytest
from celery import Celery

from tests.reliability.caches import production_cache_config
from tests.reliability.servers import PrivateRedis
from tests.reliability.workers import Workers


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.stop()


@pytest.fixture
def outage_tolerant_cache(settings, private_redis):
    """The production cache, pointed at a private Redis this test may stop and restart."""
    settings.CACHES = production_cache_config(private_redis.url)
    return private_redis


@pytest.fixture(scope="module")
def restore_migrated_data(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush, which also empties what migrations loaded (the
    taxonomy, the beat schedules). Put it back once the module is done, so later tests and a
    reused test database still have it (same approach as tests/matching/test_worker.py)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def workers(private_redis, tmp_path):
    """Start `celery worker` subprocesses with `workers.start()`; all stopped at the end."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    pool = Workers(private_redis.url, mail_dir)
    yield pool
    pool.stop_all()


@pytest.fixture
def broker(private_redis):
    """A Celery client of the private Redis: `broker.send_task(name, args)` -> AsyncResult."""
    app = Celery("wlscc-test-client", broker=private_redis.url, backend=private_redis.url)
    yield app
    app.close()
