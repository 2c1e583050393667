"""The project's own endpoints: the health check of the database, the cache and the broker, and
the 400 page."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wlscc.celery import app as celery_app

logger = logging.getLogger(__name__)


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _check_cache() -> bool:
    try:
        if hasattr(cache, "ping"):  # core.resilient_cache: is Redis itself up (not the fallback)?
            return cache.ping()
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        logger.exception("healthz: cache unreachable")
        return False


def _check_broker() -> bool:
    if celery_app.conf.task_always_eager:
        return True
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.exception("healthz: broker unreachable")
        return False


@never_cache
@require_safe
def healthz(request):
    """Liveness and readiness. Only the database is fatal: cache and broker outages degrade."""
    checks = {
        "database": _check_database(),
        "cache": _check_cache(),
        "broker": _check_broker(),
    }
    body = {name: ("ok" if healthy else "error") for name, healthy in checks.items()}
    body["status"] = "ok" if checks["database"] else "error"
    return JsonResponse(body, status=200 if checks["database"] else 503)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A refused request (a NUL byte in its parameters, a bad host): RFC 9457 problem details
    under /api/, as every other API error is, and the portal's own page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": gettext("Invalid input."), "status": 400}
        return JsonResponse(body, status=400, content_type="application/problem+json")
    return defaults.bad_request(request, exception)
