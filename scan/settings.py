"""Settings of the portal that `make scan` attacks: the production settings on a database of
its own (`wlscc_scan`, demo data), served over plain HTTP on loopback as in the benchmark.

Nothing leaves the machine: e-mails stay in memory and tasks run inline (no worker, no SMTP).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "scan-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wlscc_scan")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CACHE_KEY_PREFIX", "wlscc-scan")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ.setdefault("SITE_URL", "http://127.0.0.1")

from wlscc.settings.prod import *  # noqa: F403
from wlscc.settings.prod import BASE_DIR

# Plain HTTP on 127.0.0.1: no TLS redirects, no secure-only cookies, no HSTS (README, "Scanners").
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

STATIC_ROOT = BASE_DIR / "scan" / "out" / "static"
MEDIA_ROOT = BASE_DIR / "scan" / "out" / "media"

EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
