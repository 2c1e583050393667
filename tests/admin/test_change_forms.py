"""Editing in the admin: history records who changed what; the status only moves by actions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from clusters.models import ClusterService
from opportunities.models import OpportunityStatus
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import OpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _initial_values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        key = form.add_prefix(name)
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            data[key] = [getattr(item, "pk", item) for item in items]
        elif hasattr(value, "pk"):
            data[key] = value.pk
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    return data


def form_data(response):
    """The change form's current values (its inlines' rows too), as the browser would post
    them back."""
    data = _initial_values(response.context["adminform"].form)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for form in formset.formset.initial_forms:
            data.update(_initial_values(form))
    return data


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_organization_edit_is_in_its_history_with_the_admin(admin_client, consortium_admin):
    organization = OrganizationFactory(city="Lyon")
    url = reverse("admin:partners_organization_change", args=[organization.pk])
    data = form_data(admin_client.get(url))
    data["city"] = "Villeurbanne"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.city == "Villeurbanne"
    latest = organization.history.first()
    assert latest.history_user == consortium_admin
    history = admin_client.get(
        reverse("admin:partners_organization_history", args=[organization.pk])
    )
    assert "Villeurbanne" in history.content.decode()


def test_a_logo_that_is_not_an_image_is_refused(admin_client):
    organization = OrganizationFactory()
    url = reverse("admin:partners_organization_change", args=[organization.pk])
    data = form_data(admin_client.get(url))
    data["logo"] = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", "image/png")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "logo" in response.context["adminform"].form.errors
    organization.refresh_from_db()
    assert not organization.logo


def test_a_real_logo_is_accepted(admin_client):
    organization = OrganizationFactory()
    url = reverse("admin:partners_organization_change", args=[organization.pk])
    data = form_data(admin_client.get(url))
    data["logo"] = SimpleUploadedFile("logo.png", png_bytes(), "image/png")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.logo


def test_the_status_of_an_opportunity_cannot_be_edited_in_the_form(admin_client):
    opportunity = OpportunityFactory(status=OpportunityStatus.SUBMITTED, title="Old title")
    url = reverse("admin:opportunities_opportunity_change", args=[opportunity.pk])
    data = form_data(admin_client.get(url))
    data.update({"title": "New title", "status": OpportunityStatus.PUBLISHED})

    response = admin_client.post(url, data)

    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "New title"
    assert opportunity.status == OpportunityStatus.SUBMITTED


def test_opportunities_are_not_added_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:opportunities_opportunity_add"))

    assert response.status_code == 403


def test_cluster_services_are_chosen_from_the_list(admin_client):
    cluster = ClusterFactory()
    url = reverse("admin:clusters_cluster_change", args=[cluster.pk])
    data = form_data(admin_client.get(url))
    data["services"] = [ClusterService.INCUBATION, ClusterService.REGULATORY]

    admin_client.post(url, data)

    cluster.refresh_from_db()
    assert cluster.services == [ClusterService.INCUBATION, ClusterService.REGULATORY]


def test_an_unknown_cluster_service_is_refused(admin_client):
    cluster = ClusterFactory()
    url = reverse("admin:clusters_cluster_change", args=[cluster.pk])
    data = form_data(admin_client.get(url))
    data["services"] = ["teleportation"]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    cluster.refresh_from_db()
    assert cluster.services == []


def test_the_import_and_export_pages_open(admin_client):
    for name in (
        "admin:partners_organization_import",
        "admin:partners_organization_export",
        "admin:opportunities_opportunity_export",
        "admin:opportunities_expressionofinterest_export",
    ):
        assert admin_client.get(reverse(name)).status_code == 200, name
