import datetime

import pytest
from django.utils import timezone

from opportunities import services as marketplace
from tests.partners.factories import MembershipFactory, OrganizationFactory


@pytest.fixture
def interest(published, other_org, member_b):
    return marketplace.interest_express(
        actor=member_b, opportunity=published, organization=other_org, message="Hello."
    )


@pytest.fixture
def introduction(interest, owner):
    """Osaka Cell Lab (cluster B, Japan) introduced to Zephyrine (cluster A, France)."""
    return marketplace.interest_accept(actor=owner, interest=interest)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def stranger():
    """A member of a third organization, in a third cluster."""
    return MembershipFactory(organization=OrganizationFactory(country="DE")).user
