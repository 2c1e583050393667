"""The people of the security tests: one of each role, around two clusters and two organizations.

    cluster X (France) ── organization A ── member_a, org_admin_a      staff_x
    cluster Y (Japan)  ── organization B ── org_admin_b                staff_y
    consortium_admin (Django is_staff), visitor (not signed in)

Use from any test package — import the fixtures in its conftest.py:

    from tests.security.personas import persona_client, world  # noqa: F401 (fixtures)

and in a test module:

    def test_something(world, persona_client):
        client = persona_client("staff_y")
        response = client.get(f"/organizations/{world.org_a.slug}/edit/")

Every signed-in persona has a verified primary e-mail address (allauth) and the staff ones a
TOTP authenticator (staff pages and the admin require MFA: partners/mfa.py), so what a test
sees is the permission check, not an MFA or e-mail-verification detour.
"""

from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client

from accounts.models import User
from clusters.models import Cluster
from partners.models import MembershipRole, Organization
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

VISITOR = "visitor"
PERSONAS = (
    VISITOR,
    "member_a",
    "org_admin_a",
    "org_admin_b",
    "staff_x",
    "staff_y",
    "consortium_admin",
)
STAFF_PERSONAS = ("staff_x", "staff_y", "consortium_admin")


@dataclass
class World:
    cluster_x: Cluster
    cluster_y: Cluster
    org_a: Organization
    org_b: Organization
    users: dict[str, User] = field(default_factory=dict)

    def user(self, persona: str) -> User | None:
        """The persona's user; None for the visitor."""
        return self.users.get(persona)


def _verified(user: User) -> User:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _with_totp(user: User) -> User:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def build_world() -> World:
    cluster_x = ClusterFactory(name="Persona Cluster X", short_name="PCX", country="FR")
    cluster_y = ClusterFactory(
        name="Persona Cluster Y", short_name="PCY", country="JP", city="Osaka"
    )
    org_a = OrganizationFactory(cluster=cluster_x, name="Persona Org A", country="FR")
    org_b = OrganizationFactory(cluster=cluster_y, name="Persona Org B", country="JP")
    users = {
        "member_a": MembershipFactory(
            organization=org_a, role=MembershipRole.MEMBER, user__email="member-a@persona.example"
        ).user,
        "org_admin_a": MembershipFactory(
            organization=org_a, role=MembershipRole.ADMIN, user__email="admin-a@persona.example"
        ).user,
        "org_admin_b": MembershipFactory(
            organization=org_b, role=MembershipRole.ADMIN, user__email="admin-b@persona.example"
        ).user,
        "staff_x": _with_totp(
            ClusterStaffFactory(cluster=cluster_x, user__email="staff-x@persona.example").user
        ),
        "staff_y": _with_totp(
            ClusterStaffFactory(cluster=cluster_y, user__email="staff-y@persona.example").user
        ),
        "consortium_admin": _with_totp(
            UserFactory(is_staff=True, email="secretariat@persona.example")
        ),
    }
    for user in users.values():
        _verified(user)
    return World(cluster_x=cluster_x, cluster_y=cluster_y, org_a=org_a, org_b=org_b, users=users)


def client_for(world: World, persona: str) -> Client:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def persona_client(world):
    """`persona_client("staff_x")` -> a test client signed in as that persona."""

    def make(persona: str) -> Client:
        assert persona in PERSONAS, persona
        return client_for(world, persona)

    return make
