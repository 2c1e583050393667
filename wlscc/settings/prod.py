"""Production: every secret and service comes from the environment and has no default.

Required: DJANGO_SECRET_KEY (long and random), DJANGO_ALLOWED_HOSTS, DATABASE_URL (PostgreSQL),
REDIS_URL. A missing one stops the process at start-up (ImproperlyConfigured) instead of
falling back to an insecure key, the SQLite demo database or an in-process broker.
Optional: DJANGO_CSRF_TRUSTED_ORIGINS, EMAIL_URL (default: the local MTA on port 25),
DJANGO_SECURE_HSTS_SECONDS, DJANGO_STATIC_ROOT, DJANGO_MEDIA_ROOT, DJANGO_LOG_LEVEL.

TLS is terminated by the reverse proxy / load balancer, which must set X-Forwarded-Proto
(and strip it from client requests). `manage.py check --deploy --fail-level WARNING` passes
with no message (tests/security/test_prod_settings.py).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# base.py already built DATABASES and CACHES from these; here they are mandatory.
DATABASE_URL = env.str("DATABASE_URL")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be postgres://")
REDIS_URL = env.str("REDIS_URL")
CELERY_TASK_ALWAYS_EAGER = False

# --- HTTPS --------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load-balancer probes speak plain HTTP to the instance: /healthz answers them, no redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# --- Cookies ------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Headers (Content-Security-Policy: base.py, django-csp) -------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Static files and e-mail --------------------------------------------------------------
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Never the console backend in production: a notification printed to a log is a lost one.
EMAIL_CONFIG = env.email("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)
EMAIL_DELIVERY_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "core.mail.MessageIdBackend"
