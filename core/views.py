import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.roles import roles_of
from wlscc.celery import app as celery_app

from .selectors import home_clusters, key_figures, latest_opportunities, map_clusters

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


def _url(name: str, query: str = "") -> str | None:
    """A URL of a page that another part of the portal may not provide yet."""
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class CallToAction:
    label: str
    url: str
    primary: bool = False


def _calls_to_action(user) -> list[CallToAction]:
    """The next step for this kind of user; links to pages that do not exist are left out."""
    roles = roles_of(user)
    candidates: list[tuple[str, str | None, bool]]
    if roles.is_cluster_staff or roles.is_consortium_admin:
        candidates = [
            (_("Review your cluster's queue"), _url("dashboard:home"), True),
            (_("Add an organization"), _url("partners:create"), False),
            (_("Your cluster's figures"), _url("stats:index"), False),
        ]
    elif roles.is_member:
        candidates = [
            (_("Post an opportunity"), _url("opportunities:create"), True),
            (_("Your dashboard"), _url("dashboard:home"), False),
            (_("Browse opportunities"), _url("opportunities:list"), False),
        ]
    elif roles.is_authenticated:
        candidates = [
            (_("Find your organization"), _url("partners:list"), True),
            (_("Browse opportunities"), _url("opportunities:list"), False),
        ]
    else:
        candidates = [
            (_("Explore opportunities"), _url("opportunities:list"), True),
            (_("Browse the directory"), _url("partners:list"), False),
            (_("Join the network"), _url("account_signup"), False),
        ]
    actions = [CallToAction(str(label), url, primary) for label, url, primary in candidates if url]
    if actions and not any(action.primary for action in actions):
        actions[0] = CallToAction(actions[0].label, actions[0].url, primary=True)
    return actions


@require_safe
def home(request):
    clusters = home_clusters()
    context = {
        "clusters": clusters,
        "map_clusters": map_clusters(clusters),
        "figures": key_figures(),
        "latest_opportunities": latest_opportunities(user=request.user),
        "calls_to_action": _calls_to_action(request.user),
        "opportunities_url": _url("opportunities:list"),
        "post_url": _url("opportunities:create"),
        "investment_url": _url("opportunities:list", "?type=investment_sought"),
        "signup_url": _url("account_signup"),
    }
    return render(request, "core/home.html", context)
