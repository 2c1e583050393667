"""A partnering event's figures for its organisers (staff with TOTP), with CSV/XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from events import permissions as event_permissions
from events import selectors as event_selectors
from events.models import Event
from partners.mfa import staff_mfa_required

from .event_figures import event_tables
from .views_kpi import FORMATS, _csv, _xlsx


def _organised(request: HttpRequest, slug: str) -> Event:
    event = event_selectors.event_get(slug=slug, user=request.user)
    if not event_permissions.is_organiser(request.user, event):
        raise PermissionDenied
    return event


@login_required
@staff_mfa_required
@require_safe
def event_figures_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised(request, slug)
    return render(
        request, "stats/event_figures.html", {"event": event, "tables": event_tables(event)}
    )


@login_required
@staff_mfa_required
@require_safe
def event_figures_download_view(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    event = _organised(request, slug)
    return (_csv if fmt == "csv" else _xlsx)(event_tables(event), f"wlscc-event-{event.slug}")
