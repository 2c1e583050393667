"""A real Celery worker for the tests that prove the broker and outbox path: its app, its
Redis database and queue, and a poll for the work it does in another thread or process."""

import contextlib
import time

from celery.contrib.testing.app import TestApp, setup_default_app
from django.conf import settings
from django.db import close_old_connections


def wait_for(condition, *, timeout: float = 30.0, interval: float = 0.1):
    """Poll until `condition()` is truthy (work done by another thread or process)."""
    deadline = time.monotonic() + timeout
    while True:
        close_old_connections()
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


REDIS_BASE = settings.CELERY_BROKER_URL.rsplit("/", 1)[0]
# A Redis database of its own and a queue per test: parallel test runs and development
# workers on the same Redis never take each other's tasks.
WORKER_REDIS_URL = f"{REDIS_BASE}/13"
CLOSED_BROKER_URL = "redis://127.0.0.1:1/0"


def make_celery_app(broker_url: str, queue: str):
    return TestApp(
        name="wlscc-test",
        set_as_current=True,
        broker=broker_url,
        backend=WORKER_REDIS_URL,
        config={
            "task_always_eager": False,
            "task_default_queue": queue,
            "task_acks_late": True,
            "broker_connection_retry_on_startup": False,
            "broker_transport_options": {"socket_connect_timeout": 1},
            "task_publish_retry_policy": {"max_retries": 1, "interval_start": 0},
            "result_expires": 300,
        },
    )


@contextlib.contextmanager
def celery_app_context(broker_url: str, queue: str):
    app = make_celery_app(broker_url, queue)
    with setup_default_app(app):
        app.set_current()
        yield app
