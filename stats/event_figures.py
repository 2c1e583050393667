"""A partnering event's figures for its organisers: registrations, requests, meetings, the
cross-border share and the cluster x cluster matrix, as labelled tables (page and CSV/XLSX).

Grouped counts only: a fixed number of queries whatever the size of the event.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext
from django_countries import countries

from events.models import (
    Event,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    RequestStatus,
)

from .tables import Cell, Row, Table, heat_level, plain_cells


@dataclass
class EventFigures:
    registrations: Counter = field(default_factory=Counter)  # (cluster, country) -> n
    requests: Counter = field(default_factory=Counter)  # status -> n
    meetings: Counter = field(default_factory=Counter)  # scheduled / held / no_show / cancelled
    cross_border: int = 0
    pairs: Counter = field(default_factory=Counter)  # (cluster, cluster) -> meetings
    clusters: list[str] = field(default_factory=list)

    @property
    def cross_border_share(self) -> float:
        scheduled = self.meetings["scheduled"]
        return self.cross_border / scheduled if scheduled else 0.0


def event_figures(event: Event) -> EventFigures:
    figures = EventFigures()
    for cluster, country, n in (
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
        .values_list("organization__cluster__name", "organization__country")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures.registrations[(cluster, str(country))] = n
    for status, n in (
        MeetingRequest.objects.filter(event=event)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures.requests[status] = n
    rows = (
        Meeting.objects.filter(event=event)
        .values_list(
            "status",
            "outcome",
            "request__sender__organization__cluster__name",
            "request__recipient__organization__cluster__name",
        )
        .annotate(
            n=Count("pk"),
            cross=Count(
                "pk",
                filter=~Q(
                    request__sender__organization__country=F(
                        "request__recipient__organization__country"
                    )
                ),
            ),
        )
        .order_by()
    )
    clusters = {cluster for cluster, _country in figures.registrations}
    for status, outcome, first, second, n, cross in rows:
        if status != MeetingStatus.SCHEDULED:
            figures.meetings["cancelled"] += n
            continue
        figures.meetings["scheduled"] += n
        if outcome in (MeetingOutcome.HELD, MeetingOutcome.NO_SHOW):
            figures.meetings[outcome] += n
        figures.cross_border += cross
        a, b = sorted((first, second))
        figures.pairs[(a, b)] += n
        clusters.update({first, second})
    figures.clusters = sorted(clusters)
    return figures


def registrations_table(figures: EventFigures) -> Table:
    table = Table(
        slug="registrations",
        title=gettext("Registrations by cluster and country"),
        description=gettext("Approved participants, by their organization's cluster and country."),
        corner=gettext("Cluster"),
        header=[gettext("Country"), gettext("Participants")],
    )
    for (cluster, country), n in sorted(figures.registrations.items()):
        table.rows.append(Row(cluster, plain_cells([str(countries.name(country) or country), n])))
    total = sum(figures.registrations.values())
    table.rows.append(Row(gettext("Total"), plain_cells(["", total]), is_total=True))
    return table


def requests_table(figures: EventFigures) -> Table:
    table = Table(
        slug="requests",
        title=gettext("Meeting requests"),
        description=gettext("Every request sent, by what became of it."),
        corner=gettext("Requests"),
        header=[gettext("Number")],
    )
    table.rows.append(Row(gettext("Sent"), plain_cells([sum(figures.requests.values())])))
    for status in (
        RequestStatus.ACCEPTED,
        RequestStatus.DECLINED,
        RequestStatus.EXPIRED,
        RequestStatus.PENDING,
        RequestStatus.WITHDRAWN,
    ):
        table.rows.append(Row(str(status.label), plain_cells([figures.requests.get(status, 0)])))
    return table


def meetings_table(figures: EventFigures) -> Table:
    table = Table(
        slug="meetings",
        title=gettext("Meetings"),
        description=gettext(
            "Scheduled meetings, those recorded as held or no-show, and those cancelled; "
            "cross-border: the two organizations are in different countries."
        ),
        corner=gettext("Meetings"),
        header=[gettext("Number")],
    )
    m = figures.meetings
    table.rows += [
        Row(gettext("Scheduled"), plain_cells([m["scheduled"]])),
        Row(gettext("Held"), plain_cells([m[MeetingOutcome.HELD]])),
        Row(gettext("No-show"), plain_cells([m[MeetingOutcome.NO_SHOW]])),
        Row(gettext("Cancelled"), plain_cells([m["cancelled"]])),
        Row(gettext("Cross-border"), plain_cells([figures.cross_border])),
        Row(
            gettext("Cross-border share"),
            plain_cells([f"{100 * figures.cross_border_share:.0f} %"]),
        ),
    ]
    return table


def matrix_table(figures: EventFigures) -> Table:
    names = figures.clusters
    table = Table(
        slug="cross-border",
        title=gettext("Meetings between clusters"),
        description=gettext("Scheduled meetings by the clusters of the two organizations."),
        corner=gettext("Cluster"),
        header=names,
    )
    peak = max(figures.pairs.values(), default=0)
    for first in names:
        cells = []
        for second in names:
            n = figures.pairs.get(tuple(sorted((first, second))), 0)
            cells.append(Cell(n, level=heat_level(n, peak), diagonal=first == second))
        table.rows.append(Row(first, cells))
    return table


def event_tables(event: Event) -> list[Table]:
    figures = event_figures(event)
    return [
        registrations_table(figures),
        requests_table(figures),
        meetings_table(figures),
        matrix_table(figures),
    ]
