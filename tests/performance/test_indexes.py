"""Guards of the fast paths measured by `make bench`: the indexes exist, the search queries
can use them, and the cluster figures keep the shape that stays fast at 50,000 organizations.

No timings here (they belong to the benchmark); plans and catalogues only.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followups.selectors import disputes_for_staff
from home.selectors import cluster_list
from opportunities import selectors as opportunity_selectors
from opportunities.models import Opportunity
from opportunities.selectors import opportunity_list
from partners.models import Organization
from partners.selectors import organization_list
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory, TechnologyAreaFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ROWS = 300


def index_names(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def plan_of(queryset) -> str:
    """EXPLAIN of the queryset's own SQL, with sequential scans priced out of the planner's
    choice (the test tables are small; at bench scale the planner picks the index anyway)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(plan)
    return plan


def analyze(model, gin_index: str) -> None:
    """Statistics as after autovacuum: rows inserted in bulk sit in the GIN pending list,
    which the planner prices as a slow index until it is merged."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [gin_index])
        cursor.execute(f'ANALYZE "{model._meta.db_table}"')


@pytest.fixture
def many_organizations():
    cluster = ClusterFactory()
    organizations = [
        OrganizationFactory.build(
            cluster=cluster,
            name=f"Organization {n}",
            slug=f"perf-organization-{n}",
            description="Contract research and GMP manufacturing for biologics.",
        )
        for n in range(ROWS)
    ]
    organizations[7].description = "A rare capability: organoid models of the human kidney."
    Organization.objects.bulk_create(organizations)  # the trigger fills search_vector
    analyze(Organization, "partners_org_search_gin")
    return cluster


def test_migrations_create_the_full_text_and_trigram_indexes():
    organizations = index_names("partners_organization")
    opportunities = index_names("opportunities_opportunity")

    assert "USING gin (search_vector)" in organizations["partners_org_search_gin"]
    assert "gin_trgm_ops" in organizations["partners_org_name_trgm"]
    assert "USING gin (search_vector)" in opportunities["opportunities_opp_search_gin"]
    assert "WHERE ((status)::text = 'published'::text)" in opportunities["opp_published_search_gin"]


def test_migrations_create_the_gin_indexes_of_the_json_list_filters():
    opportunities = index_names("opportunities_opportunity")

    assert "USING gin (collaboration_types)" in opportunities["opp_collab_gin"]
    assert "USING gin (target_countries)" in opportunities["opp_countries_gin"]


def test_migrations_create_the_covering_indexes_for_cluster_figures():
    organizations = index_names("partners_organization")
    opportunities = index_names("opportunities_opportunity")
    interests = index_names("opportunities_expressionofinterest")

    assert "WHERE is_active" in organizations["org_active_cluster_idx"]
    assert "is_verified" in organizations["org_visible_cluster_idx"]
    assert "INCLUDE (expires_on, is_anonymous)" in opportunities["opp_published_org_idx"]
    assert "WHERE ((status)::text = 'accepted'" in interests["eoi_accepted_answered_idx"]


def test_migrations_create_the_covering_indexes_for_owner_joins():
    organizations = index_names("partners_organization")
    opportunities = index_names("opportunities_opportunity")

    assert "INCLUDE (cluster_id, country" in organizations["org_home_cover_idx"]
    assert "(country) WHERE is_active" in organizations["org_active_country_idx"]
    assert "INCLUDE (organization_id, status" in opportunities["opp_owner_cover_idx"]


def test_migrations_index_the_newest_links_of_each_technology_area():
    links = index_names("opportunities_opportunity_technology_areas")

    assert "(technologyarea_id, opportunity_id)" in links["opp_area_links_idx"]


def test_migrations_create_the_indexes_of_the_directory_filters():
    organizations = index_names("partners_organization")
    links = index_names("partners_organization_technology_areas")

    assert (
        "(cluster_id, kind, name, id) WHERE (is_active AND is_verified)"
        in (organizations["org_visible_kind_name_idx"])
    )
    assert "(technologyarea_id, organization_id)" in links["org_area_links_idx"]


def test_migrations_index_the_outbox_claims():
    notifications = index_names("matching_notification")

    assert "(claim) WHERE (claim IS NOT NULL)" in notifications["notif_claim_idx"]


def test_the_disputes_to_settle_are_read_from_their_partial_index():
    follow_ups = index_names("followups_followup")
    # A consortium admin's list: every cluster, so no cluster condition for the planner to
    # start from on these empty tables (a staff member's list uses the index at bench scale).
    admin = UserFactory(is_staff=True)

    plan = plan_of(disputes_for_staff(user=admin)[:10])

    assert "(disputed_at) WHERE (disputed_at IS NOT NULL)" in follow_ups["followup_disputed_idx"]
    assert "followup_disputed_idx" in plan


def test_the_search_vector_trigger_fills_rows_inserted_in_bulk(many_organizations):
    assert not Organization.objects.filter(search_vector__isnull=True).exists()


def test_directory_text_search_is_served_by_the_gin_index(many_organizations):
    queryset = organization_list(filters={"q": "organoid"}, user=AnonymousUser())

    plan = plan_of(queryset)

    assert "partners_org_search_gin" in plan
    assert "Seq Scan on partners_organization" not in plan
    assert [organization.slug for organization in queryset] == ["perf-organization-7"]


def test_marketplace_text_search_is_served_by_the_gin_index(many_organizations):
    organization = Organization.objects.filter(cluster=many_organizations).first()
    opportunities = [
        PublishedOpportunityFactory.build(organization=organization, title=f"Offer {n}")
        for n in range(ROWS)
    ]
    opportunities[3].title = "Organoid kidney models for nephrotoxicity screening"
    Opportunity.objects.bulk_create(opportunities)
    analyze(Opportunity, "opp_published_search_gin")
    queryset = opportunity_list(filters={"q": "organoid"}, user=AnonymousUser())

    plan = plan_of(queryset)

    assert "opp_published_search_gin" in plan
    assert "Seq Scan on opportunities_opportunity" not in plan
    assert [opportunity.title for opportunity in queryset] == [opportunities[3].title]


def test_cluster_figures_are_subqueries_not_a_grouped_join():
    """A JOIN + GROUP BY made Postgres group by the opportunity-count subquery and run it once
    per organization: minutes at 50,000 organizations (found by `make bench`)."""
    sql = str(cluster_list().query)

    assert 'JOIN "partners_organization"' not in sql.split("FROM", 1)[0]
    assert 'LEFT OUTER JOIN "partners_organization"' not in sql
    assert "GROUP BY" not in sql.rsplit(")", 1)[-1]


def test_similar_opportunities_read_a_bounded_number_of_links_per_area(monkeypatch):
    """Without the semantic index, the candidates are the newest links of each area, a bounded
    read of an index: a walk over every published opportunity probing its areas read
    thousands of rows at consortium scale."""
    monkeypatch.setattr(opportunity_selectors, "SIMILAR_LINKS_PER_AREA", 3)
    areas = TechnologyAreaFactory.create_batch(2)
    organization = OrganizationFactory()
    shown = PublishedOpportunityFactory(organization=organization, technology_areas=areas)
    both = [
        PublishedOpportunityFactory(organization=organization, technology_areas=areas)
        for _ in range(4)
    ]
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "opportunities_opportunity_technology_areas"')

    with CaptureQueriesContext(connection) as captured:
        similar = opportunity_selectors.similar_opportunities(
            opportunity=shown, user=AnonymousUser()
        )
    (sql,) = [q["sql"] for q in captured.captured_queries if "UNION" in q["sql"]]

    # Each area's newest links, bounded: a range of opp_area_links_idx per area at bench scale
    # (the plan on these few rows is the planner's choice; the bound is in the SQL).
    bounded = 'WHERE U0."technologyarea_id" = {} ORDER BY 1 DESC LIMIT 3'
    assert all(bounded.format(area.pk) in sql for area in areas)
    # The three newest links of each area: the three newest opportunities (not `shown`, the
    # oldest, nor the oldest of the four).
    assert {opportunity.pk for opportunity in similar} == {o.pk for o in both[1:]}


def test_a_visitors_filtered_directory_reads_its_keys_on_narrow_rows(client):
    """Cluster, kind and area (the bench's filters): the count and the page's keys select
    only keys, which org_visible_kind_name_idx and org_area_links_idx hold (index-only scans at
    bench scale); the organizations' rows are read for the page's 20 keys only."""
    cluster = ClusterFactory()
    area = TechnologyAreaFactory()
    Organization.objects.bulk_create(
        [
            OrganizationFactory.build(
                cluster=cluster,
                kind="company" if n % 3 else "university",
                name=f"Organization {n}",
                slug=f"perf-org-{n}",
            )
            for n in range(ROWS)
        ]
    )
    links = Organization.technology_areas.through
    links.objects.bulk_create(
        links(organization_id=pk, technologyarea_id=area.pk)
        for pk in Organization.objects.values_list("pk", flat=True)[::2]
    )
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "partners_organization"')
        cursor.execute('ANALYZE "partners_organization_technology_areas"')

    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            "/organizations/", {"cluster": cluster.slug, "kind": "company", "area": area.slug}
        )
    assert len(response.context["organizations"]) == 20
    count_sql, keys_sql = [
        q["sql"]
        for q in captured.captured_queries
        if '"partners_organization"."kind" = ' in q["sql"]
    ]
    assert count_sql.startswith('SELECT COUNT(*) FROM (SELECT "partners_organization"."id"')
    assert keys_sql.startswith('SELECT "partners_organization"."id" AS "pk" FROM')
    assert keys_sql.endswith('ORDER BY "partners_organization"."name" ASC, 1 ASC LIMIT 20')
