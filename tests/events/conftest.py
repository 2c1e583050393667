"""An event between two clusters, built through the services as the organisers would.

cluster Lyon (FR) ── Lyon Biotech ── alice, (colleague) alain     staff of Lyon organises
cluster Seoul (KR) ── Seoul Devices ── bora
cluster Osaka (JP) ── Osaka Labs ── kenji
"""

import datetime
from dataclasses import dataclass

import pytest

from events.models import Event, Registration
from events.services import event_create, event_publish, registration_create
from events.times import Window
from partners.models import MembershipRole, Organization
from tests.accounts.factories import UserFactory, activate_totp
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory
from tests.events.builders import days_ahead, event_data
from tests.partners.factories import MembershipFactory, OrganizationFactory


@dataclass
class Site:
    lyon: object
    seoul: object
    osaka: object
    lyon_org: Organization
    seoul_org: Organization
    osaka_org: Organization
    staff: object  # Lyon's cluster staff, with TOTP
    seoul_staff: object
    admin: object


@pytest.fixture
def site(db) -> Site:
    lyon = ClusterFactory(name="Lyonbiopôle", slug="lyon", country="FR", city="Lyon")
    seoul = ClusterFactory(name="Seoul Bio Hub", slug="seoul", country="KR", city="Seoul")
    osaka = ClusterFactory(name="Kansai", slug="kansai", country="JP", city="Osaka")
    staff = ClusterStaffFactory(cluster=lyon, user__email="staff@lyon.example").user
    seoul_staff = ClusterStaffFactory(cluster=seoul, user__email="staff@seoul.example").user
    admin = UserFactory(is_staff=True, email="secretariat@wlscc.example")
    for user in (staff, seoul_staff, admin):
        activate_totp(user)
    return Site(
        lyon=lyon,
        seoul=seoul,
        osaka=osaka,
        lyon_org=OrganizationFactory(cluster=lyon, name="Lyon Biotech", country="FR"),
        seoul_org=OrganizationFactory(cluster=seoul, name="Seoul Devices", country="KR"),
        osaka_org=OrganizationFactory(cluster=osaka, name="Osaka Labs", country="JP"),
        staff=staff,
        seoul_staff=seoul_staff,
        admin=admin,
    )


@pytest.fixture
def make_event(site):
    """A published event organised by Lyon (and the given clusters), two days of windows."""

    def make(*, organisers=(), windows=None, publish=True, slug="lyon-seoul", **overrides):
        windows = windows or [
            Window(days_ahead(10), datetime.time(9), datetime.time(11)),
            Window(days_ahead(11), datetime.time(14), datetime.time(15)),
        ]
        event = event_create(
            actor=site.staff,
            slug=slug,
            organisers=[site.lyon, *organisers],
            windows=windows,
            data=event_data(**overrides),
        )
        if publish:
            event_publish(actor=site.staff, event=event)
        return Event.objects.prefetch_related("organisers").get(pk=event.pk)

    return make


@pytest.fixture
def event(make_event) -> Event:
    return make_event()


@pytest.fixture
def register(site):
    """`register(event, organization, attendance=...)` -> a new member's registration."""

    def make(event, organization, *, role=MembershipRole.MEMBER, user=None, **data):
        if user is None:
            user = MembershipFactory(organization=organization, role=role).user
        [registration] = registration_create(
            actor=user, event=event, organization=organization, people=[user], data=data
        )
        return (
            Registration.objects.select_related("user", "organization", "event")
            .prefetch_related("event__organisers")
            .get(pk=registration.pk)
        )

    return make


@pytest.fixture
def alice(event, site, register) -> Registration:
    return register(event, site.lyon_org, attendance="in_person")


@pytest.fixture
def bora(event, site, register) -> Registration:
    return register(event, site.seoul_org, attendance="in_person")


@pytest.fixture
def kenji(event, site, register) -> Registration:
    return register(event, site.osaka_org, attendance="online")
