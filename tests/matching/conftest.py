import contextlib
import time
import uuid
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import close_old_connections

from accounts.models import User
from clusters.models import TechnologyArea
from opportunities.models import Opportunity, OpportunityStatus, OpportunityType
from opportunities.services import opportunity_publish
from partners.models import MembershipRole, Organization, OrganizationKind
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory, TechnologyAreaFactory
from tests.opportunities.factories import OpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory


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


def wait_for(condition, *, timeout: float = 30.0, interval: float = 0.1):
    """Poll until `condition()` is truthy (work done by another thread or process)."""
    deadline = time.monotonic() + timeout
    while True:
        close_old_connections()
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


REDIS_BASE = settings.CELERY_BROKER_URL.rsplit("/", 1)[0]
# A Redis database of its own and a queue per test: parallel test runs and development
# workers on the same Redis never take each other's tasks.
WORKER_REDIS_URL = f"{REDIS_BASE}/13"
CLOSED_BROKER_URL = "redis://127.0.0.1:1/0"


def make_celery_app(broker_url: str, queue: str):
    from celery.contrib.testing.app import TestApp

    return TestApp(
        name="wlscc-test",
        set_as_current=True,
        broker=broker_url,
        backend=WORKER_REDIS_URL,
        config={
            "task_always_eager": False,
            "task_default_queue": queue,
            "task_acks_late": True,
            "broker_connection_retry_on_startup": False,
            "broker_transport_options": {"socket_connect_timeout": 1},
            "task_publish_retry_policy": {"max_retries": 1, "interval_start": 0},
            "result_expires": 300,
        },
    )


@contextlib.contextmanager
def celery_app_context(broker_url: str, queue: str):
    from celery.contrib.testing.app import setup_default_app

    app = make_celery_app(broker_url, queue)
    with setup_default_app(app):
        app.set_current()
        yield app


@pytest.fixture
def worker_queue() -> str:
    return f"wlscc-test-{uuid.uuid4().hex}"


@pytest.fixture
def celery_worker(transactional_db, worker_queue):
    """A real Celery worker (a thread of this process) consuming from the real Redis.

    Tasks queued on commit by the code under test go through Redis to this worker, which
    runs them against the test database; its e-mails land in the locmem outbox.
    """
    from celery.contrib.testing.worker import start_worker

    with (
        celery_app_context(WORKER_REDIS_URL, worker_queue) as app,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
    ):
        yield app
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(worker_queue)
