"""Only consortium admins reach the admin; cluster staff work in the portal."""

import pytest
from django.urls import reverse

from opportunities.models import OpportunityStatus
from tests.clusters.factories import ClusterStaffFactory
from tests.opportunities.factories import OpportunityFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_cluster_staff_cannot_open_the_admin(client):
    staff = ClusterStaffFactory(user__totp=True)
    client.force_login(staff.user)

    for url in (
        reverse("admin:index"),
        reverse("admin:opportunities_opportunity_changelist"),
        reverse("admin:opportunities_opportunity_moderation_queue"),
        reverse("admin:partners_organization_import"),
    ):
        response = client.get(url, follow=True)
        # Django sends them to the admin login, where allauth refuses a signed-in non-staff.
        assert response.redirect_chain[0][0].startswith(reverse("admin:login")), url
        assert response.status_code == 403, url


def test_cluster_staff_cannot_run_an_admin_action(client):
    staff = ClusterStaffFactory(user__totp=True)
    opportunity = OpportunityFactory(
        status=OpportunityStatus.SUBMITTED, organization__cluster=staff.cluster
    )
    client.force_login(staff.user)

    client.post(
        reverse("admin:opportunities_opportunity_changelist"),
        {"action": "publish", "_selected_action": [opportunity.pk], "index": 0},
    )

    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.SUBMITTED


def test_a_consortium_admin_opens_the_admin(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert reverse("admin:opportunities_opportunity_moderation_queue") in response.content.decode()


def test_a_member_without_staff_status_is_refused(client):
    client.force_login(MembershipFactory().user)

    response = client.get(reverse("admin:partners_organization_changelist"), follow=True)

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_allauth_login(client):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
