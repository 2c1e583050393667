import pytest
from django.core.cache import cache
from django.utils import translation

# The people of the tests (the security world, the marketplace's cast): fixtures for every package.
pytest_plugins = ["tests.personas"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test its own semantic index files (none until a test builds them).
    settings.SEMANTIC_INDEX_DIR = tmp_path / "semantic"


def _clear_own_cache_keys() -> None:
    # django-redis `clear()` is FLUSHDB: it would also empty the Celery broker's queues and
    # another test run's keys on the same Redis. Delete only this run's prefixed keys.
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is None:
        cache.clear()
    else:
        delete_pattern("*")


@pytest.fixture(autouse=True)
def _clear_cache():
    _clear_own_cache_keys()
    yield
    _clear_own_cache_keys()


@pytest.fixture(autouse=True)
def _mail_through_the_portal_backend(settings):
    # pytest-django replaces EMAIL_BACKEND with locmem; put the portal's Message-ID backend
    # back in front of it (EMAIL_DELIVERY_BACKEND is locmem in the test settings), as in
    # every environment.
    settings.EMAIL_BACKEND = "core.mail.MessageIdBackend"


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request in another language leaves that language active in the thread; each test
    # starts in the default language so its assertions do not depend on the tests before it.
    translation.activate("en")
    yield
    translation.deactivate()
