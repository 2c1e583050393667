import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.exports import escape_formula
from partners.mfa import mfa_setup_redirect, needs_mfa_setup

from .permissions import cluster_stats_choices
from .selectors import ClusterRow, ConsortiumFigures, cluster_figures, consortium_figures
from .tables import Table, chart_data, cluster_table, public_tables


def _selected_cluster(request: HttpRequest, figures: ConsortiumFigures) -> ClusterRow | None:
    """The cluster whose details the user asked for (?cluster=slug), else their first one."""
    choices = cluster_stats_choices(request.user, figures.clusters)
    slug = request.GET.get("cluster")
    if not slug:
        return choices[0] if choices else None
    cluster = next((c for c in figures.clusters if c.slug == slug), None)
    if cluster is None:
        raise Http404
    if cluster not in choices:
        raise PermissionDenied
    return cluster


@require_safe
def stats_view(request: HttpRequest) -> HttpResponse:
    figures = consortium_figures()
    tables = public_tables(figures)
    selected = _selected_cluster(request, figures)
    # Staff figures are staff data: like every staff page they need two-factor authentication.
    mfa_needed = selected is not None and needs_mfa_setup(request.user)
    if mfa_needed and "cluster" in request.GET:
        return mfa_setup_redirect(request)
    context = {
        "figures": figures,
        "members": tables["members"],
        "opportunity_types": tables["opportunity-types"],
        "technology_areas": tables["technology-areas"],
        "funnel": tables["funnel"],
        "cross_border": tables["cross-border"],
        "charts": chart_data(tables),
        "cluster_choices": cluster_stats_choices(request.user, figures.clusters),
        "selected_cluster": selected,
        "mfa_needed": mfa_needed,
        "cluster_table": (
            cluster_table(cluster_figures(cluster=selected))
            if selected and not mfa_needed
            else None
        ),
    }
    return render(request, "stats/stats_index.html", context)


def _csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # lets spreadsheet programs detect UTF-8 (cluster names, labels)
    writer = csv.writer(response)
    for row in table.csv_rows():
        writer.writerow([escape_formula(value) for value in row])  # spreadsheet injection
    return response


@require_safe
def stats_csv_view(request: HttpRequest, table: str) -> HttpResponse:
    figures = consortium_figures()
    if table == "cluster":
        selected = _selected_cluster(request, figures)
        if selected is None:
            raise PermissionDenied
        if needs_mfa_setup(request.user):
            return mfa_setup_redirect(request)
        return _csv_response(
            cluster_table(cluster_figures(cluster=selected)), f"wlscc-{selected.slug}.csv"
        )
    tables = public_tables(figures)
    if table not in tables:
        raise Http404
    return _csv_response(tables[table], f"wlscc-{table}.csv")
