"""Who may do what, as one table: every role by every action, through real HTTP requests.

Organization A belongs to cluster X, organization B to cluster Y. Staff users and the
consortium admin have TOTP set up (staff pages require it; see tests/accounts/test_mfa.py).

Cells: OK (allowed, and the change really happened), LOGIN (sent to the log-in page),
403 (refused), 404 (hidden). Every refusal is also checked to have changed nothing.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from clusters.models import Cluster
from partners.models import Invitation, MembershipRole, Organization
from tests.accounts.factories import UserFactory, activate_totp
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

OK, LOGIN = "OK", "LOGIN"
ROLES = ["visitor", "member", "admin_of_A", "admin_of_B", "staff_of_X", "staff_of_Y", "consortium"]

# fmt: off
MATRIX = {
    #                      visitor  member  admin_A  admin_B  staff_X  staff_Y  consortium
    "view organization":   (OK,     OK,     OK,      OK,      OK,      OK,      OK),
    "create organization": (LOGIN,  403,    403,     403,     OK,      403,     OK),
    "edit organization":   (LOGIN,  403,    OK,      403,     OK,      403,     OK),
    "verify organization": (LOGIN,  403,    403,     403,     OK,      403,     OK),
    "edit cluster":        (LOGIN,  403,    403,     403,     OK,      403,     OK),
    "invite":              (LOGIN,  403,    OK,      403,     OK,      403,     OK),
    "view history":        (LOGIN,  403,    OK,      403,     OK,      403,     OK),
}
# fmt: on


@dataclass
class World:
    cluster_x: Cluster
    cluster_y: Cluster
    org_a: Organization
    org_b: Organization
    users: dict


@pytest.fixture
def world(db) -> World:
    cluster_x = ClusterFactory(name="Cluster X", slug="cluster-x")
    cluster_y = ClusterFactory(name="Cluster Y", slug="cluster-y")
    org_a = OrganizationFactory(name="Org A", slug="org-a", cluster=cluster_x)
    org_b = OrganizationFactory(name="Org B", slug="org-b", cluster=cluster_y)
    users = {
        "visitor": None,
        "member": MembershipFactory(organization=org_a).user,
        "admin_of_A": MembershipFactory(organization=org_a, role=MembershipRole.ADMIN).user,
        "admin_of_B": MembershipFactory(organization=org_b, role=MembershipRole.ADMIN).user,
        "staff_of_X": ClusterStaffFactory(cluster=cluster_x).user,
        "staff_of_Y": ClusterStaffFactory(cluster=cluster_y).user,
        "consortium": UserFactory(is_staff=True),
    }
    for role in ("staff_of_X", "staff_of_Y", "consortium"):
        activate_totp(users[role])
    return World(cluster_x, cluster_y, org_a, org_b, users)


def organization_form_data(org: Organization, **changes) -> dict:
    data = {
        "name": org.name,
        "kind": org.kind,
        "country": str(org.country),
        "city": org.city,
        "description": org.description,
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


# Each action: the request, and whether its effect is visible in the database afterwards.
def view_organization(client, w, user):
    return client.get(reverse("partners:detail", args=[w.org_a.slug])), None


def create_organization(client, w, user):
    data = organization_form_data(w.org_a, name="Brand New Org", cluster=w.cluster_x.pk)
    response = client.post(reverse("partners:create"), data)
    return response, Organization.objects.filter(name="Brand New Org").exists()


def edit_organization(client, w, user):
    response = client.post(
        reverse("partners:edit", args=[w.org_a.slug]),
        organization_form_data(w.org_a, name="Org A renamed", cluster=w.cluster_x.pk),
    )
    return response, Organization.objects.get(pk=w.org_a.pk).name == "Org A renamed"


def verify_organization(client, w, user):
    response = client.post(reverse("partners:verify", args=[w.org_a.slug]), {"action": "verify"})
    org = Organization.objects.get(pk=w.org_a.pk)
    return response, user is not None and org.verified_by_id == user.pk


def edit_cluster(client, w, user):
    response = client.post(
        reverse("clusters:edit", args=[w.cluster_x.slug]), {"description": "New description"}
    )
    return response, Cluster.objects.get(pk=w.cluster_x.pk).description == "New description"


def invite(client, w, user):
    response = client.post(
        reverse("partners:invite", args=[w.org_a.slug]),
        {"email": "new.colleague@example.org", "role": "member"},
    )
    return response, Invitation.objects.filter(email="new.colleague@example.org").exists()


def view_history(client, w, user):
    return client.get(reverse("partners:history", args=[w.org_a.slug])), None


ACTIONS = {
    "view organization": view_organization,
    "create organization": create_organization,
    "edit organization": edit_organization,
    "verify organization": verify_organization,
    "edit cluster": edit_cluster,
    "invite": invite,
    "view history": view_history,
}
CELLS = [
    pytest.param(action, role, expected, id=f"{action} | {role}")
    for action, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role", "expected"), CELLS)
def test_permission_matrix(world, action, role, expected):
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)

    response, happened = ACTIONS[action](client, world, user)

    if expected == OK:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/" not in response["Location"], response["Location"]
        assert happened in (None, True)
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert not happened
    else:
        assert response.status_code == expected
        assert not happened
