"""An edit or a deletion by mistake can be undone from the history (django-simple-history).

Organizations also have `is_active` (a soft delete: hidden everywhere, kept in the database);
these tests cover the harder case, a real deletion.
"""

import pytest

from opportunities.models import Opportunity
from partners.models import Contact, Organization
from tests.opportunities.factories import OpportunityFactory
from tests.partners.factories import ContactFactory, OrganizationFactory
from tests.security.forms import form_data

pytestmark = pytest.mark.django_db


def restore_deleted(model, pk):
    """What the admin's history revert does for a deleted object: save its last state."""
    last = model.history.filter(**{model._meta.pk.attname: pk}).latest()
    assert last.history_type == "-"
    previous = last.prev_record or last
    previous.instance.save()
    return model.objects.get(pk=pk)


def test_an_organization_edit_can_be_undone_from_its_history():
    organization = OrganizationFactory(name="Right Name", description="Carefully written.")
    organization.name, organization.description = "Wrong Name", ""
    organization.save()

    organization.history.all()[1].instance.save()

    organization.refresh_from_db()
    assert (organization.name, organization.description) == ("Right Name", "Carefully written.")


def test_a_deleted_organization_can_be_restored_from_its_history():
    organization = OrganizationFactory(name="Deleted By Mistake", city="Lyon")
    pk, slug, cluster_id = organization.pk, organization.slug, organization.cluster_id
    organization.delete()

    restored = restore_deleted(Organization, pk)

    assert (restored.name, restored.slug, restored.cluster_id) == (
        "Deleted By Mistake",
        slug,
        cluster_id,
    )
    assert restored.city == "Lyon"


def test_contacts_deleted_with_their_organization_can_be_restored_too():
    organization = OrganizationFactory()
    contacts = ContactFactory.create_batch(2, organization=organization)
    pk = organization.pk
    organization.delete()

    restore_deleted(Organization, pk)
    for contact in contacts:
        restore_deleted(Contact, contact.pk)

    assert Contact.objects.filter(organization_id=pk).count() == 2


def test_the_restored_organization_is_found_by_the_directory_search_again(client):
    organization = OrganizationFactory(name="Zebrafish Screening Facility")
    pk = organization.pk
    organization.delete()

    restore_deleted(Organization, pk)

    response = client.get("/organizations/", {"q": "zebrafish"})
    assert "Zebrafish Screening Facility" in response.content.decode()


def test_an_opportunity_edit_can_be_undone_from_its_history():
    opportunity = OpportunityFactory(title="Licensable assay")
    opportunity.title = "Oops"
    opportunity.save()

    opportunity.history.all()[1].instance.save()

    opportunity.refresh_from_db()
    assert opportunity.title == "Licensable assay"


def test_a_deleted_opportunity_can_be_restored_from_its_history():
    opportunity = OpportunityFactory(title="Deleted opportunity")
    pk, organization_id = opportunity.pk, opportunity.organization_id
    opportunity.delete()

    restored = restore_deleted(Opportunity, pk)

    assert (restored.title, restored.organization_id) == ("Deleted opportunity", organization_id)


def test_a_consortium_admin_reverts_an_edit_in_the_admin(world, persona_client):
    organization = world.org_a
    good = organization.history.latest()
    organization.name = "Vandalised"
    organization.save()
    client = persona_client("consortium_admin")
    url = f"/admin/partners/organization/{organization.pk}/history/{good.history_id}/"
    page = client.get(url)
    assert page.status_code == 200

    response = client.post(
        url, form_data(page.content.decode(), form_id="historicalorganization_form")
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Persona Org A"


def test_a_consortium_admin_restores_a_deleted_organization_in_the_admin(world, persona_client):
    organization = OrganizationFactory(cluster=world.cluster_x, name="Removed In Error")
    pk = organization.pk
    organization.delete()
    last_good = Organization.history.filter(id=pk).latest().prev_record
    client = persona_client("consortium_admin")
    url = f"/admin/partners/organization/{pk}/history/{last_good.history_id}/"
    page = client.get(url)

    client.post(url, form_data(page.content.decode(), form_id="historicalorganization_form"))

    assert Organization.objects.get(pk=pk).name == "Removed In Error"


def test_cluster_staff_cannot_use_the_admin_revert(world, persona_client):
    organization = world.org_a
    record = organization.history.latest()

    response = persona_client("staff_x").get(
        f"/admin/partners/organization/{organization.pk}/history/{record.history_id}/"
    )

    assert response.status_code in (302, 403)  # to the admin login, or refused
