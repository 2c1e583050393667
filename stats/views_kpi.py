"""The cluster KPI page (staff with TOTP; admins choose the cluster), its CSV/XLSX downloads and
the consortium view of agreements between clusters (admins)."""

import csv
import io
from collections.abc import Iterator

import openpyxl
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from core.exports import escape_formula
from partners.mfa import signed_in_view
from partners.roles import roles_of

from .forms import PeriodForm
from .kpi import agreement_matrix
from .kpi_cache import download_kpis, page_kpis
from .kpi_tables import (
    agreement_countries_table,
    agreement_matrix_table,
    agreement_types_table,
    members_table,
    summary_table,
)
from .permissions import cluster_stats_choices
from .selectors import ClusterRow, cluster_rows
from .tables import Table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cluster(request: HttpRequest) -> tuple[ClusterRow, list[ClusterRow]]:
    """The cluster asked for (?cluster=slug) among those the user may see, else the first."""
    choices = cluster_stats_choices(request.user, cluster_rows())
    if not choices:
        raise PermissionDenied
    slug = request.GET.get("cluster")
    if not slug:
        return choices[0], choices
    selected = next((cluster for cluster in choices if cluster.slug == slug), None)
    if selected is None:
        raise Http404
    return selected, choices


def _period_form(request: HttpRequest) -> PeriodForm:
    bound = "start" in request.GET or "end" in request.GET
    return PeriodForm(request.GET if bound else None)


@signed_in_view("GET", "HEAD")
def cluster_kpi_view(request: HttpRequest) -> HttpResponse:
    cluster, choices = _cluster(request)
    form = _period_form(request)
    period = form.period()
    kpis, member_count = page_kpis(cluster, period)
    context = {
        "cluster": cluster,
        "cluster_choices": choices,
        "form": form,
        "period": period,
        "kpis": kpis,
        "summary": summary_table(kpis),
        "agreement_types": agreement_types_table(kpis),
        "agreement_countries": agreement_countries_table(kpis),
        "members": members_table(kpis),
        "member_count": member_count,
        "is_consortium_admin": roles_of(request.user).is_consortium_admin,
        "query": request.GET.urlencode(),
    }
    return render(request, "stats/cluster_kpi.html", context)


# The CSV is written out this many rows at a time (a few tens of kilobytes per chunk).
CSV_CHUNK_ROWS = 500


class _Echo:
    """A file whose `write` returns what it is given: csv.writer then formats one row."""

    def write(self, value: str) -> str:
        return value


def _csv_chunks(tables: list[Table]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # lets spreadsheet programs detect UTF-8
    chunk: list[str] = []
    for table in tables:
        chunk.append(writer.writerow([table.title]))
        for row in table.csv_rows():
            chunk.append(writer.writerow([escape_formula(value) for value in row]))
            if len(chunk) >= CSV_CHUNK_ROWS:
                yield "".join(chunk)
                chunk = []
        chunk.append(writer.writerow([]))
    yield "".join(chunk)


def _csv(tables: list[Table], filename: str) -> StreamingHttpResponse:
    """Streamed: the tables are built (and translated) before, only the formatting is lazy."""
    response = StreamingHttpResponse(_csv_chunks(tables), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_cell(sheet, value: object, style: dict) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _xlsx(tables: list[Table], filename: str) -> HttpResponse:
    """One sheet per table: a bold, frozen header row. openpyxl's write-only mode streams the
    rows into the file instead of building every cell object first (twice as fast), through
    lxml (a dependency for that alone: ~20 % less CPU than openpyxl's pure-Python writer)."""
    book = openpyxl.Workbook(write_only=True)
    bold, wrap = {"font": Font(bold=True)}, {"alignment": Alignment(wrap_text=True)}
    for table in tables:
        sheet = book.create_sheet(table.slug[:31])
        sheet.freeze_panes = "A2"
        rows = table.csv_rows()
        sheet.append([_xlsx_cell(sheet, str(value), bold) for value in next(rows)])
        for row in rows:
            values = [escape_formula(value) for value in row]
            if any(isinstance(value, str) and "\n" in value for value in values):
                values = [
                    _xlsx_cell(sheet, value, wrap if "\n" in str(value) else {}) for value in values
                ]
            sheet.append(values)
    content = io.BytesIO()
    book.save(content)
    response = HttpResponse(content.getvalue(), content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@signed_in_view("GET", "HEAD")
def cluster_kpi_download_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    cluster, _choices = _cluster(request)
    period = _period_form(request).period()
    kpis = download_kpis(cluster, period)
    tables = [
        summary_table(kpis),
        agreement_types_table(kpis),
        agreement_countries_table(kpis),
        members_table(kpis),
    ]
    filename = f"wlscc-{cluster.slug}-{period.start.isoformat()}-{period.end.isoformat()}"
    return (_csv if fmt == "csv" else _xlsx)(tables, filename)


@signed_in_view("GET", "HEAD")
def consortium_kpi_view(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user).is_consortium_admin:
        raise PermissionDenied
    form = _period_form(request)
    period = form.period()
    clusters = cluster_rows()
    matrix = agreement_matrix_table(clusters, agreement_matrix(period=period), period)
    context = {"form": form, "period": period, "matrix": matrix}
    return render(request, "stats/consortium_kpi.html", context)
