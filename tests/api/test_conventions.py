"""Conventions of every API list: cursor pages, absolute URLs, ETag, problem+json, 429,
and a fixed number of queries per page."""

import pytest

from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory


def test_urls_are_absolute_links_to_the_portal_pages(world, client, settings):
    settings.SITE_URL = "https://portal.wlscc.example"

    row = client.get(f"/api/v1/organizations/{world.org_a.slug}/").json()

    assert row["url"] == f"https://portal.wlscc.example/organizations/{world.org_a.slug}/"
    assert (
        row["api_url"] == f"https://portal.wlscc.example/api/v1/organizations/{world.org_a.slug}/"
    )


def test_lists_are_cursor_pages_in_the_order_rows_changed(world, client):
    OrganizationFactory.create_batch(3, cluster=world.cluster_x)

    first = client.get("/api/v1/organizations/?page_size=2").json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == 2
    assert "cursor=" in first["next"]
    stamps = [row["updated_at"] for row in first["results"] + second["results"]]
    assert stamps == sorted(stamps)
    assert {row["id"] for row in first["results"]}.isdisjoint(
        row["id"] for row in second["results"]
    )


def test_enum_values_are_the_stable_codes_not_translated_labels(world, client):
    PublishedOpportunityFactory(organization=world.org_a)

    row = client.get("/api/v1/opportunities/", headers={"Accept-Language": "fr"}).json()

    assert row["results"][0]["type"] == "technology_offer"
    assert row["results"][0]["status"] == "published"


def test_an_unchanged_list_answers_304_to_its_etag(world, client):
    first = client.get("/api/v1/clusters/")
    etag = first["ETag"]

    again = client.get("/api/v1/clusters/", headers={"If-None-Match": etag})
    world.cluster_x.city = "Lyon"
    world.cluster_x.save()
    changed = client.get("/api/v1/clusters/", headers={"If-None-Match": etag})

    assert again.status_code == 304
    assert again.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_depends_on_who_asks(world, client, persona_client):
    anonymous = client.get(f"/api/v1/organizations/{world.org_a.slug}/")
    member = persona_client("member_a").get(
        f"/api/v1/organizations/{world.org_a.slug}/",
        headers={"If-None-Match": anonymous["ETag"]},
    )

    assert member.status_code == 200
    assert "Authorization" in anonymous["Vary"]


def test_errors_are_problem_details_with_field_errors(world, api_key):
    response = (
        api_key("staff_x")
        .client()
        .post(
            "/api/v1/organizations/",
            {"name": "", "kind": "castle", "country": "FR"},
            content_type="application/json",
        )
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["title"]
    assert {error["field"] for error in body["errors"]} == {"name", "kind"}


def test_a_bad_modified_since_is_a_clear_400(world, client):
    response = client.get("/api/v1/organizations/?modified_since=yesterday")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "modified_since"


def test_a_refused_request_is_a_problem_400_not_the_portal_page(world, client):
    client.raise_request_exception = False

    response = client.get("/api/v1/organizations/?page_size=%00")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_object_is_a_problem_404(world, client):
    response = client.get("/api/v1/organizations/no-such-organization/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_past_the_rate_limit_a_key_gets_429_with_retry_after(world, api_key, settings):
    settings.API_RATE_LIMIT = "3/min"
    key, other = api_key("staff_x"), api_key("staff_y")

    statuses = [key.client().get("/api/v1/clusters/").status_code for _ in range(4)]
    refused = key.client().get("/api/v1/clusters/")

    assert statuses == [200, 200, 200, 429]
    assert int(refused["Retry-After"]) > 0
    assert refused["Content-Type"] == "application/problem+json"
    assert other.client().get("/api/v1/clusters/").status_code == 200


# --- Queries: a page costs the same for 3 rows or 30 ---------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_organization_list_costs_a_fixed_number_of_queries(
    world, api_key, django_assert_num_queries, count
):
    OrganizationFactory.create_batch(count, cluster=world.cluster_x)
    client = api_key("staff_x").client()
    client.get("/api/v1/clusters/")  # last_used_at written: not part of the count below

    # the key with its owner and what the permission checks read of them (roles, TOTP: one
    # query), organizations, their technology areas
    with django_assert_num_queries(3):
        response = client.get("/api/v1/organizations/")

    assert len(response.json()["results"]) == count + 2


@pytest.mark.parametrize("count", [3, 30])
def test_the_opportunity_list_costs_a_fixed_number_of_queries(
    world, api_key, django_assert_num_queries, count
):
    PublishedOpportunityFactory.create_batch(count, organization=world.org_b)
    client = api_key("org_admin_a").client()
    client.get("/api/v1/clusters/")

    # the key with its owner's roles (one query), opportunities with their owner, their areas
    with django_assert_num_queries(3):
        response = client.get("/api/v1/opportunities/")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_the_cluster_list_costs_a_fixed_number_of_queries(
    world, client, django_assert_num_queries, count
):
    ClusterFactory.create_batch(count)

    # clusters with their counts, their focus areas
    with django_assert_num_queries(2):
        client.get("/api/v1/clusters/")


def test_a_nul_character_in_a_json_body_is_a_400_not_a_500(world, api_key):
    response = (
        api_key("org_admin_a")
        .client()
        .post(
            "/api/v1/opportunities/",
            {
                "type": "technology_offer",
                "title": "x",
                "summary": "y",
                "technology_areas": ["a\x00"],
            },
            content_type="application/json",
        )
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_non_numeric_id_is_a_problem_404(world, client):
    response = client.get("/api/v1/opportunities/null,null/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
