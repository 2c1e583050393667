"""The statistics as labelled tables (in the reader's language) and chart data.

A table is what the page shows, what its chart draws and what its CSV download contains, so
the three never disagree.
"""

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from opportunities.models import OpportunityStatus, OpportunityType
from partners.models import OrganizationKind

from .selectors import ClusterFigures, ClusterRow, ConsortiumFigures

HEAT_LEVELS = 5


@dataclass(frozen=True)
class Cell:
    value: Any
    level: int | None = None  # heat-map intensity 0..HEAT_LEVELS, None when not a heat map
    diagonal: bool = False  # a matrix cell of one cluster with itself (not cross-border)

    @property
    def css_class(self) -> str:
        classes = [] if self.level is None else [f"heat-{self.level}"]
        if self.diagonal:
            classes.append("matrix-diagonal")
        return " ".join(classes)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class Table:
    slug: str
    title: str
    description: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    corner: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(cell.value for row in self.rows if not row.is_total for cell in row.cells)

    def csv_rows(self) -> Iterator[list[Any]]:
        yield [self.corner, *self.header]
        for row in self.rows:
            yield [row.label, *(cell.value for cell in row.cells)]


def plain_cells(values: Iterable[Any]) -> list[Cell]:
    """Cells with no heat level: a table's ordinary figures."""
    return [Cell(value) for value in values]


def heat_level(value: int, maximum: int) -> int:
    if not value or not maximum:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * value / maximum)))


def add_cluster_matrix(
    table: Table, clusters: list[ClusterRow], matrix: dict[tuple[int, int], int]
) -> None:
    """A row per cluster of `matrix` ((row cluster, column cluster) -> count) as a heat map, the
    diagonal marked, with a total per row and a row of column totals."""
    maximum = max(matrix.values(), default=0)
    for owner in clusters:
        counts = [matrix.get((owner.id, other.id), 0) for other in clusters]
        cells = [
            Cell(count, heat_level(count, maximum), diagonal=other.id == owner.id)
            for count, other in zip(counts, clusters, strict=True)
        ]
        table.rows.append(Row(owner.label, [*cells, Cell(sum(counts))]))
    add_total_row(table)


def add_total_row(table: Table) -> None:
    """A last row with the total of each column (of every header's column) of the rows above."""
    totals = [
        sum(row.cells[index].value for row in table.rows) for index in range(len(table.header))
    ]
    table.rows.append(Row(gettext("Total"), plain_cells(totals), is_total=True))


def members_table(figures: ConsortiumFigures) -> Table:
    kinds = list(OrganizationKind)
    table = Table(
        slug="members",
        title=gettext("Members by cluster and kind"),
        description=gettext("Active organizations in the directory, by home cluster."),
        corner=gettext("Cluster"),
        header=[str(kind.label) for kind in kinds] + [gettext("Total")],
    )
    for cluster in figures.clusters:
        counts = [figures.members.get((cluster.id, kind.value), 0) for kind in kinds]
        table.rows.append(Row(cluster.name, plain_cells([*counts, sum(counts)])))
    add_total_row(table)
    return table


def opportunity_types_table(figures: ConsortiumFigures) -> Table:
    table = Table(
        slug="opportunity-types",
        title=gettext("Opportunities by type"),
        description=gettext("Opportunities published since the portal opened."),
        corner=gettext("Type"),
        header=[gettext("Opportunities")],
    )
    rows = [(str(t.label), figures.opportunity_types.get(t.value, 0)) for t in OpportunityType]
    for label, count in sorted(rows, key=lambda row: -row[1]):
        table.rows.append(Row(label, plain_cells([count])))
    return table


def technology_areas_table(figures: ConsortiumFigures) -> Table:
    table = Table(
        slug="technology-areas",
        title=gettext("Opportunities by technology area"),
        description=gettext(
            "Published opportunities per top-level technology area; "
            "one opportunity can cover several areas."
        ),
        corner=gettext("Technology area"),
        header=[gettext("Opportunities")],
    )
    for name, count in figures.technology_areas:
        table.rows.append(Row(gettext(name), plain_cells([count])))
    return table


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def funnel_table(figures: ConsortiumFigures) -> Table:
    table = Table(
        slug="funnel",
        title=gettext("From publication to introduction"),
        description=gettext(
            "How many published opportunities received an expression of interest, "
            "and how many led to an introduction."
        ),
        corner=gettext("Step"),
        header=[gettext("Opportunities"), gettext("Share of published (%)")],
    )
    published = figures.published
    for label, count in (
        (gettext("Published"), published),
        (gettext("With an expression of interest"), figures.with_interest),
        (gettext("With an introduction"), figures.with_introduction),
        (gettext("With an agreement signed"), figures.with_agreement),
    ):
        table.rows.append(Row(label, plain_cells([count, _share(count, published)])))
    return table


def cross_border_table(figures: ConsortiumFigures) -> Table:
    """Introductions from the owner's cluster (rows) to the interested cluster (columns)."""
    clusters = figures.clusters
    table = Table(
        slug="cross-border",
        title=gettext("Introductions between clusters"),
        description=gettext(
            "Rows: the cluster of the organization that published the opportunity. "
            "Columns: the cluster of the organization that expressed interest. "
            "The diagonal counts introductions within one cluster."
        ),
        corner=gettext("From \\ to"),
        header=[cluster.label for cluster in clusters] + [gettext("Total")],
    )
    add_cluster_matrix(table, clusters, figures.matrix)
    return table


def public_tables(figures: ConsortiumFigures) -> dict[str, Table]:
    tables = [
        members_table(figures),
        opportunity_types_table(figures),
        technology_areas_table(figures),
        funnel_table(figures),
        cross_border_table(figures),
    ]
    return {table.slug: table for table in tables}


def rounded_days(value: float | None) -> float | None:
    """A number of days as a table shows it: to one decimal, or nothing."""
    return None if value is None else round(value, 1)


def cluster_table(figures: ClusterFigures) -> Table:
    table = Table(
        slug="cluster",
        title=gettext("Figures of %(cluster)s") % {"cluster": figures.cluster.name},
        description=gettext("Live figures for your cluster's staff; not shown to the public."),
        corner=gettext("Figure"),
        header=[gettext("Value")],
    )
    rows: list[tuple[str, Any]] = [
        (gettext("Active organizations"), figures.organizations),
        (gettext("Verified organizations"), figures.verified),
    ]
    rows += [
        (
            gettext("Opportunities: %(status)s") % {"status": status.label},
            figures.opportunity_statuses.get(status.value, 0),
        )
        for status in OpportunityStatus
    ]
    rows += [
        (gettext("Expressions of interest received"), figures.interests_received),
        (gettext("… still awaiting an answer"), figures.interests_received_pending),
        (gettext("Expressions of interest sent"), figures.interests_sent),
        (gettext("Introductions as the publishing side"), figures.introductions_received),
        (gettext("Introductions as the interested side"), figures.introductions_sent),
        (
            gettext("Median days to the first expression of interest"),
            rounded_days(figures.median_days_to_first_interest),
        ),
    ]
    table.rows = [Row(label, plain_cells([value])) for label, value in rows]
    return table


@dataclass(frozen=True)
class Segment:
    series: int  # which series (colour) of the chart
    x: str  # left edge and width, in percent of the longest bar, formatted for SVG
    width: str


@dataclass(frozen=True)
class Bar:
    label: str
    total: Any
    segments: list[Segment]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars drawn by the server (inline SVG, no JavaScript): a table's figures as a
    picture, one bar per row, stacked when the table has one column per series."""

    series: list[str]
    bars: list[Bar]


def bar_chart(table: Table, *, stacked: bool = False) -> BarChart:
    """The chart of a one-number-per-row table (its first column) or, stacked, of a table whose
    columns are the series and whose last column is the row's total."""
    rows = [row for row in table.rows if not row.is_total]
    series = table.header[:-1] if stacked else table.header[:1]
    values = [[row.cells[index].value or 0 for index in range(len(series))] for row in rows]
    longest = max((sum(row_values) for row_values in values), default=0) or 1
    bars = []
    for row, row_values in zip(rows, values, strict=True):
        segments, offset = [], 0.0
        for index, value in enumerate(row_values):
            width = 100 * value / longest
            if width:
                segments.append(Segment(index, f"{offset:.2f}", f"{width:.2f}"))
            offset += width
        bars.append(Bar(row.label, sum(row_values), segments))
    return BarChart(series=list(series), bars=bars)


def chart_data(tables: dict[str, Table]) -> dict[str, BarChart]:
    return {
        "members": bar_chart(tables["members"], stacked=True),
        "opportunity_types": bar_chart(tables["opportunity-types"]),
        "technology_areas": bar_chart(tables["technology-areas"]),
        "funnel": bar_chart(tables["funnel"]),
    }
