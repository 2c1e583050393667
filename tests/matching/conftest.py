import uuid
from dataclasses import dataclass

import pytest
from celery.contrib.testing.worker import start_worker

from accounts.models import User
from clusters.models import TechnologyArea
from opportunities.models import Opportunity, OpportunityStatus, OpportunityType
from opportunities.services import opportunity_publish
from partners.models import MembershipRole, Organization, OrganizationKind
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory, TechnologyAreaFactory
from tests.opportunities.factories import OpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory
from tests.worker import WORKER_REDIS_URL, celery_app_context


@dataclass
class World:
    """An owner organization in France with its author, and a partner in Japan with a member."""

    devices: TechnologyArea
    ivd: TechnologyArea
    imaging: TechnologyArea
    therapeutics: TechnologyArea
    owner_org: Organization
    author: User
    colleague: User
    partner_org: Organization
    partner: User
    moderator: User


@pytest.fixture
def world(db) -> World:
    devices = TechnologyAreaFactory(slug="t-devices", name="Medical devices")
    ivd = TechnologyAreaFactory(slug="t-ivd", name="Diagnostics / IVD", parent=devices)
    imaging = TechnologyAreaFactory(slug="t-imaging", name="Medical imaging", parent=devices)
    therapeutics = TechnologyAreaFactory(slug="t-therapeutics", name="Therapeutics")
    owner_org = OrganizationFactory(
        name="Lyon Assays", cluster=ClusterFactory(country="FR"), technology_areas=[ivd]
    )
    author = MembershipFactory(organization=owner_org, role=MembershipRole.ADMIN).user
    colleague = MembershipFactory(organization=owner_org).user
    partner_org = OrganizationFactory(
        name="Osaka Diagnostics",
        cluster=ClusterFactory(country="JP", city="Osaka"),
        kind=OrganizationKind.COMPANY,
        technology_areas=[ivd],
    )
    partner = MembershipFactory(organization=partner_org).user
    moderator = UserFactory(is_staff=True)
    return World(
        devices=devices,
        ivd=ivd,
        imaging=imaging,
        therapeutics=therapeutics,
        owner_org=owner_org,
        author=author,
        colleague=colleague,
        partner_org=partner_org,
        partner=partner,
        moderator=moderator,
    )


@pytest.fixture
def submitted(world: World):
    """A factory of submitted opportunities of the owner organization, ready to publish."""

    def make(**kwargs) -> Opportunity:
        areas = kwargs.pop("technology_areas", [world.ivd])
        defaults = {
            "organization": world.owner_org,
            "author": world.author,
            "type": OpportunityType.TECHNOLOGY_OFFER,
            "title": "Licensable sepsis assay",
            "status": OpportunityStatus.SUBMITTED,
            "collaboration_types": ["licence"],
            "target_countries": ["JP"],
        }
        return OpportunityFactory(**{**defaults, **kwargs}, technology_areas=areas)

    return make


@pytest.fixture
def publish(world: World):
    def do(opportunity: Opportunity) -> Opportunity:
        return opportunity_publish(actor=world.moderator, opportunity=opportunity)

    return do


@pytest.fixture
def worker_queue() -> str:
    return f"wlscc-test-{uuid.uuid4().hex}"


@pytest.fixture
def celery_worker(transactional_db, worker_queue):
    """A real Celery worker (a thread of this process) consuming from the real Redis.

    Tasks queued on commit by the code under test go through Redis to this worker, which
    runs them against the test database; its e-mails land in the locmem outbox.
    """
    with (
        celery_app_context(WORKER_REDIS_URL, worker_queue) as app,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
    ):
        yield app
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(worker_queue)
