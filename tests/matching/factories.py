import factory
from factory.django import DjangoModelFactory

from matching.models import Alert, AlertFrequency
from matching.services import alert_areas_sync
from notifications.models import (
    Delivery,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tests.accounts.factories import UserFactory


class AlertFactory(DjangoModelFactory):
    """An alert on everything by default; give criteria to narrow it."""

    class Meta:
        model = Alert
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Alert {n}")
    frequency = AlertFrequency.INSTANT

    @factory.post_generation
    def technology_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.technology_areas.set(extracted)
            alert_areas_sync(alert=obj)  # as the services keep it


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.NEW_MATCH
    event_key = factory.Sequence(lambda n: f"test:{n}")
    payload = factory.LazyAttribute(lambda o: {"opportunity_id": 1, "title": "A test opportunity"})
    url = "/opportunities/1/"
    delivery = Delivery.INSTANT
    email_status = EmailStatus.PENDING


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.NEW_MATCH
    delivery = Delivery.OFF
