"""What every benchmark section shares: logging, percentiles, the cache, and the URLs and
users drawn from the bench database."""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def clear_cache() -> None:
    """Empty the bench's own cache keys (its KEY_PREFIX), never the whole Redis."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


@contextmanager
def sql_timer() -> Iterator[list[float]]:
    """Seconds spent inside the database (every query of the default connection) while open:
    `with sql_timer() as spent: ...; sum(spent)`."""
    from django.db import connection

    spent: list[float] = []

    def timed(execute: Callable, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - began)

    with connection.execute_wrapper(timed):
        yield spent


@dataclass
class Targets:
    """URLs and users drawn from the bench database (so every request hits a real object)."""

    terms: list[str]
    cjk_terms: list[str]
    cluster_slugs: list[str]
    countries: list[str]
    kinds: list[str]
    area_slugs: list[str]
    opportunity_types: list[str]
    stages: list[str]
    collaborations: list[str]
    opportunity_pks: list[int]
    organization_slugs: list[str]
    busy_user_id: int
    staff_user_id: int
    member_user_id: int
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def directory_filters(self, index: int) -> str:
        rng = random.Random(index)
        return (
            f"/organizations/?cluster={rng.choice(self.cluster_slugs)}"
            f"&kind={rng.choice(self.kinds)}&area={rng.choice(self.area_slugs)}"
        )

    def marketplace_filters(self, index: int) -> str:
        rng = random.Random(index)
        return (
            f"/opportunities/?type={rng.choice(self.opportunity_types)}"
            f"&area={rng.choice(self.area_slugs)}&country={rng.choice(self.countries)}"
            f"&sort={rng.choice(['newest', 'closing'])}"
        )


def load_targets() -> Targets:
    from django.db.models import Count

    from bench import vocab
    from bench.build_dataset import BUSY_ORG_ID
    from clusters.models import Cluster, ClusterStaff, TechnologyArea
    from opportunities.models import (
        CollaborationType,
        DevelopmentStage,
        Opportunity,
        OpportunityStatus,
        OpportunityType,
    )
    from partners.models import Membership, Organization, OrganizationKind

    rng = random.Random(11)
    published = list(
        Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED, is_anonymous=False)
        .order_by("?")
        .values_list("pk", flat=True)[:1000]
    )
    organizations = list(
        Organization.objects.filter(is_active=True, is_verified=True)
        .order_by("?")
        .values_list("slug", flat=True)[:1000]
    )
    busy = (
        Membership.objects.filter(organization_id=BUSY_ORG_ID, role="admin")
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    biggest_cluster = (
        Cluster.objects.annotate(n=Count("organizations")).order_by("-n").values("pk").first()
    )
    staff = (
        ClusterStaff.objects.filter(cluster_id=biggest_cluster["pk"])
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    member = (
        Membership.objects.exclude(organization_id=BUSY_ORG_ID)
        .exclude(user_id=busy)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    countries = sorted({str(c) for c in Cluster.objects.values_list("country", flat=True)})
    return Targets(
        terms=list(vocab.SEARCH_TERMS),
        cjk_terms=list(vocab.CJK_SEARCH_TERMS),
        cluster_slugs=list(Cluster.objects.values_list("slug", flat=True)),
        countries=countries,
        kinds=list(OrganizationKind.values),
        area_slugs=list(TechnologyArea.objects.values_list("slug", flat=True)),
        opportunity_types=list(OpportunityType.values),
        stages=list(DevelopmentStage.values),
        collaborations=list(CollaborationType.values),
        opportunity_pks=published,
        organization_slugs=organizations,
        busy_user_id=busy,
        staff_user_id=staff,
        member_user_id=member,
        rng=rng,
    )
