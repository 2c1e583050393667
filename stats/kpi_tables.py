"""The cluster KPIs as labelled tables: what the page shows is what the downloads contain."""

from typing import Any

from django.utils.translation import gettext
from django_countries import countries

from followups.models import AgreementType

from .kpi import ClusterKpis, MemberRow, Period
from .selectors import ClusterRow
from .tables import Row, Table, add_cluster_matrix, plain_cells, rounded_days


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def period_label(period: Period) -> str:
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def summary_table(kpis: ClusterKpis) -> Table:
    table = Table(
        slug="summary",
        title=gettext("Key figures of %(cluster)s") % {"cluster": kpis.cluster.name},
        description=period_label(kpis.period),
        corner=gettext("Figure"),
        header=[gettext("Value")],
    )
    rows: list[tuple[str, Any]] = [
        (gettext("New members"), kpis.new_members),
        (gettext("Members verified"), kpis.verified_members),
        (gettext("Opportunities published"), kpis.published),
        (gettext("Expressions of interest received"), kpis.interests_received),
        (gettext("Expressions of interest sent"), kpis.interests_sent),
        (gettext("Answer rate (%)"), _percent(kpis.answer_rate)),
        (gettext("Median days to answer"), rounded_days(kpis.median_answer_days)),
        (gettext("Introductions"), kpis.introductions),
        (gettext("… of which cross-border"), kpis.cross_border_introductions),
        (gettext("Meetings held"), kpis.meetings_held),
        (gettext("Agreements signed"), kpis.agreements),
        (gettext("… of which cross-border"), kpis.cross_border_agreements),
        (gettext("Cross-border share of agreements (%)"), _percent(kpis.cross_border_share)),
        (gettext("… of which disputed"), kpis.disputed_agreements),
    ]
    table.rows = [Row(label, plain_cells([value])) for label, value in rows]
    return table


def agreement_types_table(kpis: ClusterKpis) -> Table:
    table = Table(
        slug="agreement-types",
        title=gettext("Agreements by type"),
        description=period_label(kpis.period),
        corner=gettext("Type"),
        header=[gettext("Agreements")],
    )
    for kind in AgreementType:
        table.rows.append(Row(str(kind.label), plain_cells([kpis.agreements_by_type.get(kind, 0)])))
    return table


def agreement_countries_table(kpis: ClusterKpis) -> Table:
    table = Table(
        slug="agreement-countries",
        title=gettext("Agreements by partner country"),
        description=gettext("The country of the organization on the other side."),
        corner=gettext("Country"),
        header=[gettext("Agreements")],
    )
    for code, count in kpis.agreements_by_country.items():
        table.rows.append(Row(countries.name(code) or code, plain_cells([count])))
    return table


def members_table(kpis: ClusterKpis, rows: list[MemberRow] | None = None) -> Table:
    table = Table(
        slug="members",
        title=gettext("Members"),
        description=period_label(kpis.period),
        corner=gettext("Organization"),
        header=[
            gettext("Verified"),
            gettext("Opportunities published"),
            gettext("Interests received"),
            gettext("Answered"),
            gettext("Median days to answer"),
            gettext("Interests sent"),
            gettext("Introductions"),
            gettext("Agreements"),
        ],
    )
    yes, no = gettext("yes"), gettext("no")  # once, not per member
    for member in kpis.members if rows is None else rows:
        table.rows.append(
            Row(
                member.name,
                plain_cells(
                    [
                        yes if member.is_verified else no,
                        member.published,
                        member.interests_received,
                        member.interests_answered,
                        rounded_days(member.median_answer_days),
                        member.interests_sent,
                        member.introductions,
                        member.agreements,
                    ]
                ),
            )
        )
    return table


def most_active(kpis: ClusterKpis, limit: int) -> list[MemberRow]:
    return sorted(kpis.members, key=lambda m: (-m.agreements, -m.activity, m.name))[:limit]


def agreement_matrix_table(
    clusters: list[ClusterRow], matrix: dict[tuple[int, int], int], period: Period
) -> Table:
    """Agreements from the owner's cluster (rows) with the interested cluster (columns)."""
    table = Table(
        slug="agreement-matrix",
        title=gettext("Agreements between clusters"),
        description=gettext(
            "Rows: the cluster of the organization that published the opportunity. "
            "Columns: the cluster of its partner. %(period)s"
        )
        % {"period": period_label(period)},
        corner=gettext("From \\ to"),
        header=[cluster.label for cluster in clusters] + [gettext("Total")],
    )
    add_cluster_matrix(table, clusters, matrix)
    return table
