"""The cluster KPIs kept in the cache, per cluster and range, a minute old at most (as /stats/):
the page's (its most active members and the number of members) and the downloads' (every
member), so a reload, a language switch, a second colleague or a download right after the page
costs no recomputation.

The computation costs 0.3 to 1 s for the largest cluster at consortium scale, so the beat refresh
(core.caching, every minute) recomputes the default range (the last 12 months) of every cluster
before it expires: no request pays it. It computes all clusters in one grouped pass
(stats.kpi.all_clusters_kpis: each figure one query for every cluster, the year's rows scanned
once, not once per cluster). Another range is computed by its first request, for its cluster
only.
"""

import logging

from django.core.cache import cache

from core.caching import REFRESHED_TIMEOUT, cached, refreshed_family

from .kpi import ClusterKpis, Period, all_clusters_kpis, cluster_kpis
from .kpi_tables import most_active
from .selectors import ClusterRow, cluster_rows

# The page lists the most active members; the downloads list every member.
PAGE_MEMBERS = 100
KPI_CACHE_SECONDS = 60
FAMILY = "stats:cluster-kpis"

logger = logging.getLogger(__name__)


def _key(kind: str, cluster: ClusterRow, period: Period) -> str:
    return f"{FAMILY}:v2:{kind}:{cluster.id}:{period.start.isoformat()}:{period.end.isoformat()}"


def _page_value(kpis: ClusterKpis) -> tuple[ClusterKpis, int]:
    """A copy of the figures with the most active members only, and the number of members."""
    page = ClusterKpis(**{**vars(kpis), "members": most_active(kpis, PAGE_MEMBERS)})
    return page, len(kpis.members)


def page_kpis(cluster: ClusterRow, period: Period) -> tuple[ClusterKpis, int]:
    return cached(
        _key("page", cluster, period),
        KPI_CACHE_SECONDS,
        lambda: _page_value(cluster_kpis(cluster=cluster, period=period)),
    )


def download_kpis(cluster: ClusterRow, period: Period) -> ClusterKpis:
    return cached(
        _key("download", cluster, period),
        KPI_CACHE_SECONDS,
        lambda: cluster_kpis(cluster=cluster, period=period),
    )


def default_range_refresh() -> None:
    """The beat's work: both values of every cluster's last 12 months, all computed at once."""
    period = Period.last_year()
    clusters = cluster_rows()
    all_kpis = all_clusters_kpis(clusters=clusters, period=period)
    for cluster in clusters:
        kpis = all_kpis[cluster.id]
        values = {
            _key("page", cluster, period): _page_value(kpis),
            _key("download", cluster, period): kpis,
        }
        try:
            cache.set_many(values, REFRESHED_TIMEOUT)
        except Exception:
            logger.warning("cache write failed for %s", FAMILY, exc_info=True)


refreshed_family(FAMILY, default_range_refresh)
