import datetime

import pytest
from django.utils import timezone

from opportunities.models import InterestStatus, OpportunityType
from partners.models import OrganizationKind
from tests.clusters.factories import ClusterFactory, TechnologyAreaFactory
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    OpportunityFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import OrganizationFactory


@pytest.fixture
def network(db):
    """Three clusters, five organizations, four published opportunities, six interests.

    Introductions (accepted): lyon→osaka, lyon→boston, osaka→lyon, lyon→lyon (same cluster).
    """
    now = timezone.now()
    lyon = ClusterFactory(name="Lyonbiopôle", short_name="LYB", slug="lyon", country="FR")
    osaka = ClusterFactory(name="Kansai Life", short_name="KLS", slug="osaka", country="JP")
    boston = ClusterFactory(name="Bay State", short_name="BSA", slug="boston", country="US")
    orgs = {
        "lyon_a": OrganizationFactory(cluster=lyon, kind=OrganizationKind.COMPANY),
        "lyon_b": OrganizationFactory(cluster=lyon, kind=OrganizationKind.UNIVERSITY),
        "osaka_a": OrganizationFactory(cluster=osaka, kind=OrganizationKind.RESEARCH_GROUP),
        "boston_a": OrganizationFactory(cluster=boston, kind=OrganizationKind.INVESTOR),
        "boston_b": OrganizationFactory(cluster=boston, kind=OrganizationKind.COMPANY),
    }
    OrganizationFactory(cluster=boston, kind=OrganizationKind.COMPANY, is_active=False)
    therapeutics = TechnologyAreaFactory(name="Test therapeutics", slug="stats-therapeutics")
    biologics = TechnologyAreaFactory(name="Biologics", slug="stats-biologics", parent=therapeutics)
    small = TechnologyAreaFactory(name="Small molecules", slug="stats-small", parent=therapeutics)
    devices = TechnologyAreaFactory(name="Test devices", slug="stats-devices")

    def published(org, days_ago, **kwargs):
        return PublishedOpportunityFactory(
            organization=orgs[org], published_at=now - datetime.timedelta(days=days_ago), **kwargs
        )

    assay = published("lyon_a", 30, technology_areas=[biologics, small])
    device = published("lyon_b", 20, type=OpportunityType.PARTNERSHIP, technology_areas=[devices])
    fund = published("osaka_a", 10, type=OpportunityType.INVESTMENT_SOUGHT)
    published("boston_b", 5, technology_areas=[therapeutics])  # no interest at all
    OpportunityFactory(organization=orgs["boston_a"])  # a draft: never counted

    def interest(opportunity, org, status, days_after):
        eoi = ExpressionOfInterestFactory(
            opportunity=opportunity, organization=orgs[org], status=status
        )
        type(eoi).objects.filter(pk=eoi.pk).update(
            created_at=opportunity.published_at + datetime.timedelta(days=days_after)
        )
        return eoi

    interest(assay, "osaka_a", InterestStatus.ACCEPTED, 2)
    interest(assay, "boston_a", InterestStatus.ACCEPTED, 4)
    interest(assay, "lyon_b", InterestStatus.ACCEPTED, 6)
    interest(device, "boston_b", InterestStatus.DECLINED, 4)
    interest(fund, "lyon_a", InterestStatus.ACCEPTED, 8)
    interest(fund, "boston_b", InterestStatus.PENDING, 9)
    return {"clusters": {"lyon": lyon, "osaka": osaka, "boston": boston}, "orgs": orgs}
