"""Writes go through the portal's services, as the key's owner, recorded with the key."""

from api.models import Scope
from clusters.models import TechnologyArea
from opportunities.models import Opportunity, OpportunityEvent, OpportunityStatus
from partners.models import Contact, Organization
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    OpportunityFactory,
    PublishedOpportunityFactory,
)

ORGANIZATIONS = "/api/v1/organizations/"
OPPORTUNITIES = "/api/v1/opportunities/"


def _area_slug() -> str:
    return TechnologyArea.objects.filter(parent__isnull=False).order_by("pk").first().slug


def _org_payload(**extra) -> dict:
    return {"name": "Lyon Bioassays", "kind": "company", "country": "FR", **extra}


# --- Cluster keys: their cluster's organizations and contacts (CRM sync) ------------------


def test_a_cluster_key_creates_an_organization_of_its_cluster(world, api_key):
    key = api_key("staff_x")

    response = key.client().post(
        ORGANIZATIONS,
        _org_payload(technology_areas=[_area_slug()], external_id="CRM-1"),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    organization = Organization.objects.get(slug=response.json()["slug"])
    assert organization.cluster == world.cluster_x
    assert organization.external_id == "CRM-1"
    assert not organization.is_verified  # verification stays a person's decision
    assert response["Location"] == response.json()["api_url"]
    record = organization.history.latest()
    assert record.history_user == world.user("staff_x")
    assert record.history_change_reason == key.key.label


def test_an_upsert_by_external_id_creates_then_updates_with_contacts(world, api_key):
    client = api_key("staff_x").client()
    url = f"{ORGANIZATIONS}external/CRM-7/"
    contacts = [
        {"name": "Ana Ruiz", "email": "ana@lyon.example", "visibility": "members"},
        {"name": "Bo Chen", "email": "bo@lyon.example"},
    ]

    created = client.put(url, _org_payload(contacts=contacts), content_type="application/json")
    contacts[0]["role"] = "CEO"
    updated = client.put(
        url, _org_payload(city="Lyon", contacts=contacts[:1]), content_type="application/json"
    )

    assert created.status_code == 201
    assert updated.status_code == 200
    organization = Organization.objects.get(cluster=world.cluster_x, external_id="CRM-7")
    assert organization.city == "Lyon"
    assert list(organization.contacts.values_list("name", "role")) == [("Ana Ruiz", "CEO")]
    assert Organization.objects.filter(external_id="CRM-7").count() == 1
    assert Contact.history.filter(history_type="-", name="Bo Chen").exists()


def test_the_same_external_id_in_two_clusters_is_two_organizations(world, api_key):
    for persona in ("staff_x", "staff_y"):
        response = (
            api_key(persona)
            .client()
            .put(f"{ORGANIZATIONS}external/SAME/", _org_payload(), content_type="application/json")
        )
        assert response.status_code == 201

    assert Organization.objects.filter(external_id="SAME").count() == 2


def test_a_cluster_key_cannot_edit_another_clusters_organization(world, api_key):
    response = (
        api_key("staff_y")
        .client()
        .patch(
            f"{ORGANIZATIONS}{world.org_a.slug}/",
            {"city": "Osaka"},
            content_type="application/json",
        )
    )

    assert response.status_code == 403
    world.org_a.refresh_from_db()
    assert world.org_a.city != "Osaka"


def test_an_organization_key_cannot_create_organizations(world, api_key):
    response = (
        api_key("org_admin_a")
        .client()
        .post(ORGANIZATIONS, _org_payload(), content_type="application/json")
    )

    assert response.status_code == 403


def test_an_organization_admin_key_edits_its_own_profile(world, api_key):
    response = (
        api_key("org_admin_a")
        .client()
        .patch(
            f"{ORGANIZATIONS}{world.org_a.slug}/",
            {"capabilities": "ELISA"},
            content_type="application/json",
        )
    )

    assert response.status_code == 200
    world.org_a.refresh_from_db()
    assert world.org_a.capabilities == "ELISA"


def test_a_duplicate_external_id_is_a_field_error_not_a_500(world, api_key):
    client = api_key("staff_x").client()
    client.post(ORGANIZATIONS, _org_payload(external_id="DUP"), content_type="application/json")

    response = client.post(
        ORGANIZATIONS,
        _org_payload(name="Other", external_id="DUP"),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


# --- Organization keys: their opportunities -----------------------------------------------


def _opportunity_payload(**extra) -> dict:
    return {
        "type": "technology_offer",
        "title": "Licensable sepsis assay",
        "summary": "An ELISA validated on 400 samples.",
        "technology_areas": [_area_slug()],
        "collaboration_types": ["licence"],
        "target_countries": ["JP"],
        **extra,
    }


def test_an_organization_key_posts_edits_and_submits_an_opportunity(world, api_key):
    key = api_key("org_admin_a")
    client = key.client()

    created = client.post(OPPORTUNITIES, _opportunity_payload(), content_type="application/json")
    pk = created.json()["id"]
    edited = client.patch(f"{OPPORTUNITIES}{pk}/", {"trl": 6}, content_type="application/json")
    submitted = client.post(f"{OPPORTUNITIES}{pk}/submit/")

    assert (created.status_code, edited.status_code, submitted.status_code) == (201, 200, 200)
    opportunity = Opportunity.objects.get(pk=pk)
    assert opportunity.organization == world.org_a
    assert opportunity.trl == 6
    assert opportunity.status == OpportunityStatus.SUBMITTED
    events = list(opportunity.events.order_by("pk").values_list("action", "actor", "via"))
    user = world.user("org_admin_a").pk
    assert events == [
        (OpportunityEvent.Action.CREATED, user, key.key.label),
        (OpportunityEvent.Action.EDITED, user, key.key.label),
        (OpportunityEvent.Action.SUBMITTED, user, key.key.label),
    ]


def test_a_published_opportunity_cannot_be_edited_through_the_api_either(world, api_key):
    published = PublishedOpportunityFactory(organization=world.org_a)

    response = (
        api_key("org_admin_a")
        .client()
        .patch(
            f"{OPPORTUNITIES}{published.pk}/", {"title": "Changed"}, content_type="application/json"
        )
    )

    assert response.status_code == 400
    assert "can no longer be edited" in response.json()["errors"][0]["message"]


def test_a_key_cannot_touch_another_organizations_draft(world, api_key):
    draft = OpportunityFactory(organization=world.org_b)

    response = (
        api_key("org_admin_a")
        .client()
        .patch(
            f"{OPPORTUNITIES}{draft.pk}/", {"title": "Mine now"}, content_type="application/json"
        )
    )

    assert response.status_code == 404


def test_a_cluster_key_cannot_post_opportunities(world, api_key):
    response = (
        api_key("staff_x")
        .client()
        .post(OPPORTUNITIES, _opportunity_payload(), content_type="application/json")
    )

    assert response.status_code == 403


def test_visitors_cannot_write(world, client):
    response = client.post(OPPORTUNITIES, _opportunity_payload(), content_type="application/json")

    assert response.status_code == 401


def test_a_read_key_reads_its_interests(world, api_key):
    scope = Scope.READ
    published = PublishedOpportunityFactory(organization=world.org_a)
    interest = ExpressionOfInterestFactory(opportunity=published, organization=world.org_b)

    received = api_key("org_admin_a", scope=scope).client().get("/api/v1/interests/").json()
    sent = api_key("org_admin_b", scope=scope).client().get("/api/v1/interests/").json()
    staff = api_key("staff_y", scope=scope).client().get("/api/v1/interests/").json()

    assert [(row["id"], row["direction"]) for row in received["results"]] == [
        (interest.pk, "received")
    ]
    assert [(row["id"], row["direction"]) for row in sent["results"]] == [(interest.pk, "sent")]
    assert staff["results"] == []


def test_the_interests_walk_page_by_page_both_ways_in_the_order_they_were_sent(world, api_key):
    # Sent and received interleaved: each page's keys come from both conditions past its cursor
    # (api.pagination.InterestCursorPagination).
    mine, theirs = world.org_a, world.org_b
    expected = []
    for number in range(7):
        if number % 2:
            opportunity = PublishedOpportunityFactory(organization=theirs)
            expected.append(ExpressionOfInterestFactory(opportunity=opportunity, organization=mine))
        else:
            opportunity = PublishedOpportunityFactory(organization=mine)
            expected.append(
                ExpressionOfInterestFactory(opportunity=opportunity, organization=theirs)
            )
    ExpressionOfInterestFactory(opportunity=PublishedOpportunityFactory(organization=theirs))
    client = api_key("org_admin_a", scope=Scope.READ).client()

    pages, url = [], "/api/v1/interests/?page_size=3"
    while url:
        body = client.get(url).json()
        pages.append([row["id"] for row in body["results"]])
        url, back = body["next"], body["previous"]
    backwards = []
    while back:
        body = client.get(back).json()
        backwards.insert(0, [row["id"] for row in body["results"]])
        back = body["previous"]

    ids = [interest.pk for interest in expected]
    assert pages == [ids[0:3], ids[3:6], ids[6:7]]
    assert backwards == pages[:-1]
