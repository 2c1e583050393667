"""Tests: the real Postgres and Redis of the machine, fast hashing, locmem e-mail, eager Celery."""

from .base import *  # noqa: F403
from .base import DATABASES, env

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False

DATABASES["default"] = env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/wlscc")
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Each developer session may use its own test database (parallel work on one machine).
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_wlscc")}

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="wlscc-test"),
    }
}

# Tests change the database between two requests of one page: the shared page cache would show
# them the page of a minute ago. tests/core/test_page_cache.py and the cache walk turn it on.
PUBLIC_PAGE_CACHE_SECONDS = 0

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/wlscc-test-media")  # noqa: S108
# allauth merges a dict into its defaults; False switches rate limits off (tests re-enable them).
ACCOUNT_RATE_LIMITS = False

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The webhook tests deliver to a server on 127.0.0.1 (still refused: private and link-local).
API_WEBHOOKS_ALLOW_LOOPBACK = True

# Embedding every organization and opportunity that a test saves would load the model in
# most tests: the semantic tests turn it on (and give each test its own index directory).
SEMANTIC_EMBED_ON_SAVE = False
SEMANTIC_INDEX_DIR = env.path("SEMANTIC_INDEX_DIR", default="/tmp/wlscc-test-semantic")  # noqa: S108
