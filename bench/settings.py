"""Benchmark settings: production settings (DEBUG off, manifest static files) on a separate
database `wlscc_bench`, with the local Redis as cache, served over plain HTTP on loopback."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wlscc_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CACHE_KEY_PREFIX", "wlscc-bench")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from wlscc.settings.prod import *  # noqa: F403
from wlscc.settings.prod import BASE_DIR, DATABASES, env

BENCH_DATABASE_NAME = DATABASES["default"]["NAME"]
DATABASES["default"]["CONN_MAX_AGE"] = 600
# A pathological query fails the page after 20 s instead of hanging the benchmark.
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = (_options.get("options", "") + " -c statement_timeout=20000").strip()

# Plain HTTP on 127.0.0.1: no TLS redirects, no secure-only cookies, no HSTS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# collectstatic writes the compressed, hashed files here (gitignored).
STATIC_ROOT = BASE_DIR / "bench" / "out" / "static"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "bench" / "out" / "media")

# The semantic index files of this bench database (bench/sections/semantic.py builds them).
SEMANTIC_INDEX_DIR = env.path(
    "SEMANTIC_INDEX_DIR", default=BASE_DIR / "bench" / "out" / f"semantic-{BENCH_DATABASE_NAME}"
)

# Nothing is delivered: e-mails go nowhere and tasks run inline when the benchmark calls them.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None

# The load test reads each answer's CPU time from a header (bench/cpu_header.py).
if os.environ.get("BENCH_CPU_HEADER") == "1":
    MIDDLEWARE = ["bench.cpu_header.CpuHeaderMiddleware", *MIDDLEWARE]  # noqa: F405
