"""The project's own endpoints: the health check of the database, the cache and the broker, the
language switcher, and the 400 page."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from django.views import i18n as django_i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.middleware import set_language_cookie, supported_language
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


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """The language menu, at Django's URL (/i18n/setlang/).

    Visitors choose with a plain GET (`?language=de&next=/stats/`), so the pages that carry the
    menu hold no per-visitor token and can be shared by the page cache (core/page_cache.py).
    Why a GET is safe here:

    - it only sets the visitor's language cookie to one of the six languages (anything else is
      ignored): a third-party page that makes a browser request it can at worst switch that
      visitor's interface language, which the same menu switches back. Nothing is stored on
      the server and no account changes;
    - a signed-in member's choice is saved on the account (e-mails follow it): that stays a POST
      with its CSRF token (their menu is a POST form; their pages are never shared anyway), and
      a GET from a signed-in member changes nothing, it only goes back;
    - `next` (else the Referer) is followed only when it stays on this host and scheme (Django's
      `url_has_allowed_host_and_scheme`, as for the POST): never an open redirect;
    - the answer is `never_cache`: a browser or proxy cannot replay the redirect without the
      cookie.
    """
    response = django_i18n.set_language(request)  # POST: Django's view; GET: the redirect only
    language = supported_language(request.GET.get("language"))
    if request.method != "POST" and language and not request.user.is_authenticated:
        set_language_cookie(response, language)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A refused request (a NUL byte in its parameters, a bad host): RFC 9457 problem details
    under /api/, as every other API error is, and the portal's own page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": gettext("Invalid input."), "status": 400}
        return JsonResponse(body, status=400, content_type="application/problem+json")
    return defaults.bad_request(request, exception)
