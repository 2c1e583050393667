"""A key sees exactly what its owner sees on the pages, for every persona of the walk.

For each persona, each organization and opportunity of the security world is requested on its
portal page (signed in as the persona) and looked for in the API's list (with the persona's
key; the visitor without one, member_a and the consortium admin signed in): present in the
list exactly when the page answers 200. Owners of anonymous opportunities stay hidden alike.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from opportunities.models import Opportunity
from opportunities.permissions import can_view_opportunity
from opportunities.selectors import opportunity_viewable_queryset
from partners.models import Organization
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import ContactFactory, OrganizationFactory
from tests.personas import PERSONAS, client_for
from tests.security.objects import build_objects

from .keys import KEY_HOLDERS, key_for


def _api_client(world, persona):
    if persona in KEY_HOLDERS and persona != "member_a":
        return key_for(world, persona).client()
    return client_for(world, persona)


def _listed(client, path: str, field: str) -> set:
    values, url = set(), path
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        values |= {row[field] for row in body["results"]}
        url = body["next"]
    return values


def _hidden_extras(world, objects):
    """An unverified and an inactive organization, a closed opportunity B took part in."""
    OrganizationFactory(cluster=world.cluster_x, name="Unverified X", is_verified=False)
    inactive = OrganizationFactory(cluster=world.cluster_y, name="Inactive Y", is_active=False)
    PublishedOpportunityFactory(organization=inactive, title="Of an inactive organization")
    objects.opp_published.status = "closed"
    objects.opp_published.save()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_lists_exactly_the_organizations_the_pages_show(world, persona):
    objects = build_objects(world)
    _hidden_extras(world, objects)
    page_client, api_client = client_for(world, persona), _api_client(world, persona)

    on_pages = {
        organization.slug
        for organization in Organization.objects.all()
        if page_client.get(f"/organizations/{organization.slug}/").status_code == 200
    }

    assert on_pages
    assert _listed(api_client, "/api/v1/organizations/?page_size=2", "slug") == on_pages


@pytest.mark.parametrize("compound_limit", [True, False], ids=["postgres", "sqlite-like"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_lists_exactly_the_opportunities_the_pages_show(
    world, persona, compound_limit, monkeypatch
):
    # Without LIMIT inside a UNION (SQLite, the demo of `make run`), the keys-first pages of a
    # key whose rule is an OR are read in order instead (a 500 there before).
    monkeypatch.setattr(
        connection.features, "supports_slicing_ordering_in_compound", compound_limit
    )
    objects = build_objects(world)
    _hidden_extras(world, objects)
    page_client, api_client = client_for(world, persona), _api_client(world, persona)

    on_pages = {
        opportunity.pk
        for opportunity in Opportunity.objects.all()
        if page_client.get(f"/opportunities/{opportunity.pk}/").status_code == 200
    }

    assert on_pages
    assert _listed(api_client, "/api/v1/opportunities/?page_size=2", "id") == on_pages


@pytest.mark.parametrize("persona", PERSONAS)
def test_anonymous_owners_are_named_only_to_whom_the_page_names_them(world, persona):
    objects = build_objects(world)
    api_client = _api_client(world, persona)

    response = api_client.get(f"/api/v1/opportunities/{objects.opp_anonymous.pk}/")

    if persona == "visitor":
        assert response.status_code == 404
        return
    page = client_for(world, persona).get(f"/opportunities/{objects.opp_anonymous.pk}/")
    named = world.org_a.name in page.content.decode()
    assert (response.json()["organization"] == world.org_a.slug) is named


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_viewable_queryset_agrees_with_can_view_opportunity(world, persona):
    objects = build_objects(world)
    _hidden_extras(world, objects)
    user = world.user(persona) or AnonymousUser()

    expected = {
        opportunity.pk
        for opportunity in Opportunity.objects.select_related("organization")
        if can_view_opportunity(user, opportunity)
    }

    assert set(opportunity_viewable_queryset(user=user).values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_contacts_in_the_api_are_those_of_the_profile_page(world, persona):
    for visibility in ("members", "introduced", "private"):
        ContactFactory(
            organization=world.org_a, name=f"Contact {visibility}", visibility=visibility
        )
    page = client_for(world, persona).get(f"/organizations/{world.org_a.slug}/").content.decode()

    response = _api_client(world, persona).get(f"/api/v1/organizations/{world.org_a.slug}/")

    names = {contact["name"] for contact in response.json()["contacts"]}
    assert names == {
        f"Contact {v}" for v in ("members", "introduced", "private") if f"Contact {v}" in page
    }
