"""The plans of the directory's and the marketplace's queries (PostgreSQL): the capped count
and a deep keyset page read the indexes meant for them, never every row of the table (a
Seq Scan, or a Sort of all the matches) as an exact count or an OFFSET would.

The tables are filled with enough rows, and ANALYZEd, for the planner to cost them as it
would at consortium scale; the queries are the ones the pages send (captured)."""

import datetime
import json
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.services import api_key_create
from opportunities.filters import NEWEST
from opportunities.models import Opportunity, OpportunityStatus, OpportunityType
from partners.filters import BY_NAME
from partners.models import MembershipRole, Organization, OrganizationKind
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory
from tests.partners.factories import MembershipFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]

ORGANIZATIONS = 5_000
OPPORTUNITIES = 6_000
CLUSTERS = 10
TEXT = "Antibody discovery and preclinical services."


def _analyze(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


@pytest.fixture
def organizations() -> list[Organization]:
    clusters = [ClusterFactory() for _ in range(CLUSTERS)]
    rows = [
        Organization(
            name=f"Organization {number:05d}",
            slug=f"organization-{number}",
            kind=OrganizationKind.COMPANY if number % 3 else OrganizationKind.UNIVERSITY,
            # Each cluster's members together, as a cluster's import would write them.
            cluster=clusters[number * CLUSTERS // ORGANIZATIONS],
            country=clusters[number * CLUSTERS // ORGANIZATIONS].country,
            description=TEXT,
            is_verified=number % 10 != 0,
            is_active=number % 50 != 0,
        )
        for number in range(ORGANIZATIONS)
    ]
    Organization.objects.bulk_create(rows, batch_size=5000)
    _analyze("partners_organization")
    return list(Organization.objects.order_by("name", "pk")[3_000:3_001])


@pytest.fixture
def opportunities(organizations) -> list[Opportunity]:
    owners = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True)[:300])
    now = timezone.now()
    today = timezone.localdate()
    statuses = [OpportunityStatus.PUBLISHED] * 6 + [
        OpportunityStatus.DRAFT,
        OpportunityStatus.CLOSED,
        OpportunityStatus.EXPIRED,
        OpportunityStatus.SUBMITTED,
    ]
    rows = []
    for number in range(OPPORTUNITIES):
        status = statuses[number % len(statuses)]
        published = status in (OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED)
        rows.append(
            Opportunity(
                organization_id=owners[number % len(owners)],
                type=OpportunityType.TECHNOLOGY_OFFER,
                title=f"Offer {number}",
                summary=TEXT,
                status=status,
                is_anonymous=number % 9 == 0,
                published_at=now - datetime.timedelta(minutes=number) if published else None,
                expires_on=today + datetime.timedelta(days=1 + number % 300),
            )
        )
    Opportunity.objects.bulk_create(rows, batch_size=5000)
    _analyze("opportunities_opportunity")
    published = Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED)
    return list(published.order_by("-published_at", "-pk")[3_000:3_001])


def _plan(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _queries(client, url: str, params: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _one(queries: list[str], *parts: str) -> str:
    found = [sql for sql in queries if all(part in sql for part in parts)]
    assert len(found) == 1, (parts, queries)
    return found[0]


def _reads_by_index(plan: dict, table: str, index: str) -> None:
    """`table` is read through `index` (an Index, Index Only or Bitmap Index Scan), never by a
    Seq Scan, and nothing sorts the rows."""
    nodes = list(_nodes(plan))
    described = json.dumps(plan, indent=1)
    assert index in {node.get("Index Name") for node in nodes}, described
    assert not any(
        node["Node Type"] == "Seq Scan" and node.get("Relation Name") == table for node in nodes
    ), described
    assert not any(node["Node Type"] in ("Sort", "Incremental Sort") for node in nodes), described


def _analyzed(sql: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    return list(_nodes((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]))


def _rows_read(sql: str, table: str) -> int:
    """How many rows of `table` the query read (returned by its scans, or filtered out)."""
    return sum(
        node["Actual Rows"] * node["Actual Loops"] + node.get("Rows Removed by Filter", 0)
        for node in _analyzed(sql)
        if node.get("Relation Name") == table
    )


@pytest.fixture
def typed_opportunities(organizations) -> None:
    """Published opportunities of every type, each seeking one or two target countries."""
    owners = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True)[:300])
    now = timezone.now()
    today = timezone.localdate()
    types = OpportunityType.values
    countries = [["CH"], ["JP", "CH"], ["SG"], ["GB"], ["DE", "FR"], ["US"]]
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                organization_id=owners[number % len(owners)],
                type=types[number % len(types)],
                title=f"Offer {number}",
                summary=TEXT,
                status=OpportunityStatus.PUBLISHED if number % 5 else OpportunityStatus.CLOSED,
                is_anonymous=number % 9 == 0,
                target_countries=countries[number % len(countries)],
                published_at=now - datetime.timedelta(minutes=number),
                expires_on=today + datetime.timedelta(days=1 + number % 300),
            )
            for number in range(OPPORTUNITIES)
        ],
        batch_size=5000,
    )
    _analyze("opportunities_opportunity")
    # As after a VACUUM (which a test's transaction cannot run): the planner costs an index-only
    # scan by the share of the table's pages that are all-visible, as they are in production.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_class SET relallvisible = relpages "
            "WHERE relname = 'opportunities_opportunity'"
        )


# One test per list: the rows are built once for its three queries.


def test_the_directory_count_and_a_deep_page_read_the_indexes(client, organizations):
    directory = reverse("partners:list")
    count = _one(_queries(client, directory, {}), "COUNT(*)")
    cluster = organizations[0].cluster.slug
    cluster_count = _one(_queries(client, directory, {"cluster": cluster}), "COUNT(*)")
    token = BY_NAME.encode(151, organizations[0])
    page = _one(
        _queries(client, directory, {"after": token}),
        'FROM "partners_organization"',
        "ORDER BY",
        "LIMIT 21",
    )

    # The whole directory matches: the first 1,001 visible rows are read, whatever the plan.
    assert "LIMIT 1001" in count
    assert _rows_read(count, "partners_organization") < ORGANIZATIONS // 4
    # One cluster's members: counted from an index by cluster (whichever the planner picks).
    plan = _plan(cluster_count)
    nodes = list(_nodes(plan))
    assert any("cluster_id" in node.get("Index Cond", "") for node in nodes), plan
    assert not any(node["Node Type"] == "Seq Scan" for node in nodes), plan
    # Page 151 by key: a range of the name index, not the 3,000 rows before it.
    assert "OFFSET" not in page
    _reads_by_index(_plan(page), "partners_organization", "org_active_name_idx")
    assert _rows_read(page, "partners_organization") <= 21 + 3


def test_the_marketplace_count_and_a_deep_page_read_the_indexes(client, opportunities):
    marketplace = reverse("opportunities:list")
    count = _one(_queries(client, marketplace, {}), "COUNT(*)")
    token = NEWEST.encode(151, opportunities[0])
    page = _one(
        _queries(client, marketplace, {"after": token}),
        'FROM "opportunities_opportunity"',
        "ORDER BY",
        "LIMIT 21",
    )

    assert "LIMIT 1001" in count
    assert _rows_read(count, "opportunities_opportunity") < OPPORTUNITIES // 2
    assert "OFFSET" not in page
    _reads_by_index(_plan(page), "opportunities_opportunity", "opp_published_newest_idx")
    assert _rows_read(page, "opportunities_opportunity") <= 2 * 21


def _expired_first(owners: list[int]) -> None:
    """Opportunities whose oldest changes are all expired ones, as on a portal that has run for
    years (the bench's): 4,000 expired two years ago, then 2,000 published."""
    rows = [
        Opportunity(
            organization_id=owners[number % len(owners)],
            type=OpportunityType.TECHNOLOGY_OFFER,
            title=f"Offer {number}",
            summary=TEXT,
            status=OpportunityStatus.EXPIRED if number < 4_000 else OpportunityStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        for number in range(OPPORTUNITIES)
    ]
    Opportunity.objects.bulk_create(rows, batch_size=5000)
    old = timezone.now() - datetime.timedelta(days=700)
    Opportunity.objects.filter(status=OpportunityStatus.EXPIRED).update(updated_at=old)
    _analyze("opportunities_opportunity")


def _api_first_page(client, headers: dict) -> str:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/opportunities/", {"page_size": 100}, headers=headers)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 100
    return _one(
        [query["sql"] for query in captured.captured_queries],
        'FROM "opportunities_opportunity"',
        "LIMIT 101",
    )


def test_the_api_first_page_of_opportunities_skips_the_expired_rows_by_index(client, organizations):
    """The API's opportunity list, in the order rows last changed, without a cursor (its first
    page). A visitor's published rows come from their own index (opp_published_updated_idx);
    an organization key's rule (published, its own, or archived with its interest) finds the
    page's keys per condition: the published ones by an index-only scan of that index, its
    own and those it showed interest in from their few rows. Neither reads the 4,000 expired
    rows that come first, from the table or from an index."""
    owners = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True)[:300])
    _expired_first(owners)
    admin = UserFactory()
    organization = Organization.objects.get(pk=owners[-1])
    MembershipFactory(user=admin, organization=organization, role=MembershipRole.ADMIN)
    _key, token = api_key_create(actor=admin, name="website", organization=organization)

    visitor = _api_first_page(client, {})
    member = _api_first_page(client, {"Authorization": f"Bearer {token}"})

    _reads_by_index(_plan(visitor), "opportunities_opportunity", "opp_published_updated_idx")
    assert _rows_read(visitor, "opportunities_opportunity") <= 2 * 101
    nodes = list(_nodes(_plan(member)))
    assert any(
        node["Node Type"] == "Index Only Scan"
        and node.get("Index Name") == "opp_published_updated_idx"
        for node in nodes
    ), nodes
    # Each condition's first 101 keys at most, then the page's rows among them.
    assert _rows_read(member, "opportunities_opportunity") <= 8 * 101


def test_an_api_cursor_page_of_opportunities_reads_its_keys_from_the_index(client, organizations):
    """A page with a position for an organization key, beginning among the expired rows (each
    changed at its own time, as on the bench): its keys come from the whole rule at once, an
    index-only scan of opp_updated_idx from the position on; only the page's rows are read
    from the table, not the expired ones between them."""
    owners = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True)[:300])
    _expired_first(owners)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE opportunities_opportunity SET updated_at = updated_at + id * interval '1 s' "
            "WHERE status = 'expired'"
        )
    _analyze("opportunities_opportunity")
    admin = UserFactory()
    organization = Organization.objects.get(pk=owners[-1])
    MembershipFactory(user=admin, organization=organization, role=MembershipRole.ADMIN)
    _key, token = api_key_create(actor=admin, name="website", organization=organization)
    headers = {"Authorization": f"Bearer {token}"}
    # Five of its own expired rows per page: the second begins inside the expired stretch.
    first = client.get("/api/v1/opportunities/", {"page_size": 5}, headers=headers).json()

    with CaptureQueriesContext(connection) as captured:
        second = client.get(first["next"], headers=headers).json()

    assert [row["status"] for row in second["results"]] == ["expired"] * 5
    sql = _one(
        [query["sql"] for query in captured.captured_queries],
        'FROM "opportunities_opportunity"',
        "LIMIT 6",
    )
    nodes = _analyzed(sql)
    assert any(
        node["Node Type"] == "Index Only Scan" and node.get("Index Name") == "opp_updated_idx"
        for node in nodes
    ), nodes
    from_the_table = sum(
        node["Actual Rows"] * node["Actual Loops"] + node.get("Rows Removed by Filter", 0)
        for node in nodes
        if node.get("Relation Name") == "opportunities_opportunity"
        and node["Node Type"] != "Index Only Scan"
    )
    assert from_the_table <= 2 * 6


@pytest.mark.parametrize("sort", ["closing", "newest"])
def test_the_marketplace_by_type_and_country_reads_the_type_index(
    client, typed_opportunities, sort
):
    """The capped count and the page's keys of a type's opportunities: from opp_published_type_idx
    (which holds the target countries and the visibility columns), not the countries' GIN
    entries; the page's keys are narrow, its rows read by key."""
    params = {"type": OpportunityType.PARTNERSHIP, "country": "CH", "sort": sort}
    queries = _queries(client, reverse("opportunities:list"), params)
    count = _one(queries, "COUNT(*)")
    keys = _one(queries, 'SELECT "opportunities_opportunity"."id" AS "pk" FROM', "LIMIT 20")

    for sql in (count, keys):
        names = {node.get("Index Name") for node in _nodes(_plan(sql))}
        assert "opp_published_type_idx" in names, _plan(sql)
        assert "opp_countries_gin" not in names
    assert '"opportunities_opportunity"."title"' not in keys
    rows = _one(
        queries, '"opportunities_opportunity"."title"', '"opportunities_opportunity"."id" IN'
    )
    assert "LIMIT 20" not in rows
