"""The people of the tests, in one place.

1. The world of the security tests: one of each role, around two clusters and two
   organizations.

    cluster X (France) ── organization A ── member_a, org_admin_a      staff_x
    cluster Y (Japan)  ── organization B ── org_admin_b                staff_y
    consortium_admin (Django is_staff), visitor (not signed in)

Its fixtures are available to every test package (`pytest_plugins` in tests/conftest.py):

    def test_something(world, persona_client):
        client = persona_client("staff_y")
        response = client.get(f"/organizations/{world.org_a.slug}/edit/")

Every signed-in persona has a verified primary e-mail address (allauth) and the staff ones a
TOTP authenticator (staff pages and the admin require MFA: partners/mfa.py), so what a test
sees is the permission check, not an MFA or e-mail-verification detour.

2. The marketplace's cast (fixtures `cluster_a`, `owner_org`, `owner`, `staff_a`, ... and the
   opportunities `draft`, `submitted`, `published`): an owner organization in cluster A
   (France), another organization in cluster B (Japan), their members, both clusters' staff
   and a consortium admin.

Staff users get TOTP with `UserFactory(totp=True)` (or `ClusterStaffFactory(user__totp=True)`).
"""

from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from opportunities.models import OpportunityStatus
from partners.models import MembershipRole, Organization
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory
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


def staff_of(cluster):
    """A staff user of the cluster, with TOTP set up (staff pages require it)."""
    return ClusterStaffFactory(cluster=cluster, user__totp=True).user


def _verified(user: User) -> User:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
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
        "staff_x": ClusterStaffFactory(
            cluster=cluster_x, user__email="staff-x@persona.example", user__totp=True
        ).user,
        "staff_y": ClusterStaffFactory(
            cluster=cluster_y, user__email="staff-y@persona.example", user__totp=True
        ).user,
        "consortium_admin": UserFactory(
            is_staff=True, email="secretariat@persona.example", totp=True
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


# --- The marketplace's cast ---------------------------------------------------------------

OWNER_NAME = "Zephyrine Diagnostics SAS"
OWNER_SLUG = "zephyrine-diagnostics"


@pytest.fixture
def cluster_a():
    return ClusterFactory(name="Rhone Valley Biocluster", short_name="RVB", country="FR")


@pytest.fixture
def cluster_b():
    return ClusterFactory(name="Kansai Bio Network", short_name="KBN", country="JP", city="Osaka")


@pytest.fixture
def owner_org(cluster_a):
    return OrganizationFactory(cluster=cluster_a, name=OWNER_NAME, slug=OWNER_SLUG, country="FR")


@pytest.fixture
def other_org(cluster_b):
    return OrganizationFactory(
        cluster=cluster_b, name="Osaka Cell Lab", slug="osaka-cell-lab", country="JP"
    )


@pytest.fixture
def owner(owner_org):
    return MembershipFactory(
        organization=owner_org, role=MembershipRole.ADMIN, user__email="owner@zephyrine.example"
    ).user


@pytest.fixture
def colleague(owner_org):
    return MembershipFactory(organization=owner_org).user


@pytest.fixture
def member_b(other_org):
    return MembershipFactory(organization=other_org, user__email="kenji@osaka-cell.example").user


@pytest.fixture
def staff_a(cluster_a):
    return ClusterStaffFactory(cluster=cluster_a, user__totp=True).user


@pytest.fixture
def staff_b(cluster_b):
    return ClusterStaffFactory(cluster=cluster_b, user__totp=True).user


@pytest.fixture
def consortium_admin():
    return UserFactory(is_staff=True, is_superuser=True, totp=True)


@pytest.fixture
def outsider():
    """Signed in, but belongs to no organization."""
    return UserFactory()


@pytest.fixture
def area():
    return TechnologyArea.objects.get(slug="diagnostics-ivd")


@pytest.fixture
def draft(owner_org, owner, area):
    return OpportunityFactory(organization=owner_org, author=owner, technology_areas=[area])


@pytest.fixture
def submitted(owner_org, owner, area):
    return OpportunityFactory(
        organization=owner_org,
        author=owner,
        status=OpportunityStatus.SUBMITTED,
        technology_areas=[area],
    )


@pytest.fixture
def published(owner_org, owner, area):
    return PublishedOpportunityFactory(
        organization=owner_org, author=owner, technology_areas=[area]
    )


@pytest.fixture
def anonymous_published(owner_org, owner, area):
    return PublishedOpportunityFactory(
        organization=owner_org,
        author=owner,
        is_anonymous=True,
        title="Anonymous sepsis assay licence",
        technology_areas=[area],
    )
