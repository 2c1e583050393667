"""Incremental sync: `modified_since` gives exactly the rows changed after it, and
`<list>/removed/` the rows that left the reader's view since then (tombstones)."""

import datetime

from django.db import transaction
from django.utils import timezone

from api.models import Tombstone
from clusters.models import TechnologyArea
from opportunities.services import opportunity_close, opportunity_expire
from partners.services import (
    organization_hidden_announce,
    organization_unverify,
    organization_update,
    organization_verify,
)
from tests.opportunities.factories import ExpressionOfInterestFactory, PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory


def _ids(response) -> set:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def _since(moment: datetime.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def test_modified_since_lists_exactly_the_rows_changed_after_it(world, client):
    old = OrganizationFactory(cluster=world.cluster_x, name="Unchanged")
    changed = OrganizationFactory(cluster=world.cluster_x, name="Will change")
    moment = timezone.now()
    organization_update(actor=None, organization=changed, data={"city": "Lyon"})
    new = OrganizationFactory(cluster=world.cluster_y, name="Created after")

    listed = _ids(client.get("/api/v1/organizations/", {"modified_since": _since(moment)}))

    assert listed == {changed.pk, new.pk}
    assert old.pk not in listed


def test_changing_only_the_areas_counts_as_a_change(world, client):
    area = TechnologyArea.objects.filter(parent__isnull=False).first()
    moment = timezone.now()

    organization_update(actor=None, organization=world.org_a, data={"technology_areas": [area]})

    listed = _ids(client.get("/api/v1/organizations/", {"modified_since": _since(moment)}))
    assert listed == {world.org_a.pk}


def test_an_unverified_organization_is_a_tombstone_for_outsiders_only(world, client, api_key):
    moment = timezone.now()
    organization_unverify(actor=world.user("staff_x"), organization=world.org_a)
    query = {"modified_since": _since(moment)}

    for_visitors = client.get("/api/v1/organizations/removed/", query).json()["results"]
    for_staff_x = api_key("staff_x").client().get("/api/v1/organizations/removed/", query)

    assert [(row["id"], row["reason"]) for row in for_visitors] == [(world.org_a.pk, "unverified")]
    assert _ids(for_staff_x) == set()


def test_a_row_shown_again_is_no_longer_removed(world, client):
    moment = timezone.now()
    organization_unverify(actor=world.user("staff_x"), organization=world.org_a)
    organization_verify(actor=world.user("staff_x"), organization=world.org_a)

    removed = client.get("/api/v1/organizations/removed/", {"modified_since": _since(moment)})

    assert _ids(removed) == set()


def test_tombstones_before_the_time_are_not_listed(world, client):
    organization_unverify(actor=world.user("staff_x"), organization=world.org_a)
    moment = timezone.now()

    removed = client.get("/api/v1/organizations/removed/", {"modified_since": _since(moment)})

    assert _ids(removed) == set()


def test_closed_and_expired_opportunities_are_removed_except_for_who_took_part(
    world, client, api_key
):
    closed = PublishedOpportunityFactory(organization=world.org_a)
    expired = PublishedOpportunityFactory(organization=world.org_a)
    ExpressionOfInterestFactory(opportunity=closed, organization=world.org_b)
    moment = timezone.now()
    opportunity_close(actor=world.user("org_admin_a"), opportunity=closed, reason="filled")
    opportunity_expire(opportunity=expired)
    query = {"modified_since": _since(moment)}

    for_visitors = client.get("/api/v1/opportunities/removed/", query).json()["results"]
    for_b = api_key("org_admin_b").client().get("/api/v1/opportunities/removed/", query)
    for_owner = api_key("org_admin_a").client().get("/api/v1/opportunities/removed/", query)

    assert {(row["id"], row["reason"]) for row in for_visitors} == {
        (closed.pk, "closed"),
        (expired.pk, "expired"),
    }
    assert _ids(for_b) == {expired.pk}  # B expressed interest: it still sees the closed one
    assert _ids(for_owner) == set()


def test_a_deactivated_organization_removes_its_opportunities_too(world, client):
    """As the admin's change form announces it (OrganizationAdmin.save_model)."""
    opportunity = PublishedOpportunityFactory(organization=world.org_b)
    moment = timezone.now()
    world.org_b.is_active = False
    world.org_b.save()
    organization_hidden_announce(organization=world.org_b, reason="deactivated")
    query = {"modified_since": _since(moment)}

    assert _ids(client.get("/api/v1/organizations/removed/", query)) == {world.org_b.pk}
    assert _ids(client.get("/api/v1/opportunities/removed/", query)) == {opportunity.pk}


def test_removed_needs_modified_since(world, client):
    response = client.get("/api/v1/organizations/removed/")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "modified_since"


def test_a_rolled_back_change_leaves_no_tombstone(world):
    try:
        with transaction.atomic():
            organization_unverify(actor=world.user("staff_x"), organization=world.org_a)
            raise RuntimeError
    except RuntimeError:
        pass

    assert not Tombstone.objects.exists()


def test_a_cluster_syncs_its_own_members_only(world, api_key):
    OrganizationFactory(cluster=world.cluster_x, name="Member of X")
    OrganizationFactory(cluster=world.cluster_y, name="Member of Y")
    OrganizationFactory(cluster=world.cluster_x, name="Unverified X", is_verified=False)
    client = api_key("staff_x").client()

    listed = _ids(client.get("/api/v1/organizations/", {"cluster": world.cluster_x.slug}))
    unknown = _ids(client.get("/api/v1/organizations/", {"cluster": "no-such-cluster"}))

    assert listed == set(
        world.cluster_x.organizations.values_list("pk", flat=True)
    )  # its unverified members included: its staff see them
    assert unknown == set()
