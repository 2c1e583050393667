"""Personas of the marketplace: an owner organization in cluster A (France), another
organization in cluster B (Japan), their members, both clusters' staff and a consortium admin.
"""

import pytest
from allauth.mfa.models import Authenticator

from clusters.models import TechnologyArea
from opportunities.models import OpportunityStatus
from partners.models import MembershipRole
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

OWNER_NAME = "Zephyrine Diagnostics SAS"
OWNER_SLUG = "zephyrine-diagnostics"


def with_totp(user):
    """Staff pages require TOTP (partners.mfa); an authenticator row is what counts."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


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
    return with_totp(ClusterStaffFactory(cluster=cluster_a).user)


@pytest.fixture
def staff_b(cluster_b):
    return with_totp(ClusterStaffFactory(cluster=cluster_b).user)


@pytest.fixture
def consortium_admin():
    return with_totp(UserFactory(is_staff=True, is_superuser=True))


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
