"""Every registered model's changelist and change page opens (200) for a consortium admin."""

import datetime

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils import timezone

from accounts.admin_access import ConsortiumAdminMixin
from api.models import WebhookDelivery, WebhookEndpoint
from api.services import api_key_create
from api.webhooks import webhook_deliveries_create
from events.models import Meeting, MeetingFeedback, RunStatus, ScheduleRun
from events.services import (
    event_create,
    event_publish,
    meeting_request_accept,
    meeting_request_create,
    registration_create,
)
from events.times import Window
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory, TechnologyAreaFactory
from tests.events.builders import days_ahead, event_data
from tests.followups.factories import (
    FollowUpEventFactory,
    FollowUpFactory,
    OpportunityFeedbackFactory,
)
from tests.opportunities.factories import (
    ExpressionOfInterestFactory,
    OpportunityAttachmentFactory,
    OpportunityEventFactory,
    OpportunityFactory,
    PublishedOpportunityFactory,
)
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

# The portal's own apps, as settings list them: a new app's admin is covered without an edit here.
LOCAL_APPS = set(settings.LOCAL_APPS)


def _third_party_objects():
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    return {
        "auth.group": lambda: Group.objects.create(name="Reviewers"),
        "account.emailaddress": lambda: EmailAddress.objects.create(
            user=UserFactory(), email="someone@example.org", verified=True, primary=True
        ),
        "django_celery_beat.intervalschedule": lambda: IntervalSchedule.objects.create(
            every=10, period=IntervalSchedule.MINUTES
        ),
        "django_celery_beat.crontabschedule": lambda: CrontabSchedule.objects.create(),
        "django_celery_beat.solarschedule": lambda: SolarSchedule.objects.create(
            event="sunrise", latitude=48.85, longitude=2.35
        ),
        "django_celery_beat.clockedschedule": lambda: ClockedSchedule.objects.create(
            clocked_time=timezone.now() + datetime.timedelta(days=1)
        ),
        "django_celery_beat.periodictask": lambda: PeriodicTask.objects.create(
            name="nightly",
            task="x",
            interval=IntervalSchedule.objects.create(every=1, period="days"),
        ),
    }


def _local_objects():
    objects = {
        "accounts.user": UserFactory,
        "clusters.cluster": ClusterFactory,
        "clusters.technologyarea": lambda: TechnologyAreaFactory(parent=TechnologyAreaFactory()),
        "clusters.clusterstaff": ClusterStaffFactory,
        "partners.organization": OrganizationFactory,
        "partners.membership": MembershipFactory,
        "opportunities.opportunity": OpportunityFactory,
        "opportunities.opportunityattachment": OpportunityAttachmentFactory,
        "opportunities.expressionofinterest": ExpressionOfInterestFactory,
        "opportunities.opportunityevent": OpportunityEventFactory,
    }
    objects.update(_matching_objects())
    objects.update(_membership_objects())
    objects.update(_events_objects())
    objects.update(_api_objects())

    objects.update(
        {
            "followups.followup": FollowUpFactory,
            "followups.followupevent": FollowUpEventFactory,
            "followups.opportunityfeedback": lambda: OpportunityFeedbackFactory(
                opportunity=PublishedOpportunityFactory(), organization=OrganizationFactory()
            ),
        }
    )
    return objects


def _events_objects():
    """A meeting between two clusters' members, built through the services (event,
    registrations and the accepted request come with it)."""

    def meeting():
        lyon, seoul = ClusterFactory(), ClusterFactory()
        staff = ClusterStaffFactory(cluster=lyon, user__totp=True).user
        windows = [Window(days_ahead(10), datetime.time(9), datetime.time(11))]
        event = event_create(
            actor=staff, slug="smoke", organisers=[lyon], windows=windows, data=event_data()
        )
        event_publish(actor=staff, event=event)
        people = [
            MembershipFactory(organization=OrganizationFactory(cluster=cluster)).user
            for cluster in (lyon, seoul)
        ]
        sender, recipient = (
            registration_create(
                actor=user,
                event=event,
                organization=user.memberships.get().organization,
                people=[user],
                data={"attendance": "online"},
            )[0]
            for user in people
        )
        request = meeting_request_create(
            actor=sender.user, sender=sender, recipient=recipient, message="Shall we meet?"
        )
        slot = event.slots.order_by("starts_at").first()
        return meeting_request_accept(actor=recipient.user, request=request, slot=slot)

    return {
        "events.event": lambda: meeting().request.sender.event,
        "events.registration": lambda: meeting().request.sender,
        "events.meetingrequest": lambda: meeting().request,
        "events.meeting": meeting,
        "events.schedulerun": lambda: ScheduleRun.objects.create(
            event=(Meeting.objects.first() or meeting()).event,
            status=RunStatus.DONE,
            figures={"scheduled": 1},
        ),
        # An answer needs a held meeting, whose time has come: written directly here.
        "events.meetingfeedback": lambda: MeetingFeedback.objects.create(
            meeting=(held := Meeting.objects.first() or meeting()),
            registration=held.request.sender,
            useful=True,
            follow_up_planned=True,
        ),
    }


def _api_objects():
    """A cluster's key, and an organization's endpoint with one delivery in its log."""

    def endpoint():
        return WebhookEndpoint.objects.create(
            organization=OrganizationFactory(),
            url="https://hooks.example.org/wlscc",
            events=["opportunity.published"],
            secret="whsec_c2VjcmV0",
        )

    def delivery():
        ids = webhook_deliveries_create(event_type="webhook.test", data={}, endpoints=[endpoint()])
        return WebhookDelivery.objects.get(pk=ids[0])

    return {
        "api.apikey": lambda: api_key_create(
            actor=ClusterStaffFactory().user, name="CRM", cluster=ClusterFactory()
        )[0],
        "api.webhookendpoint": endpoint,
        "api.webhookdelivery": delivery,
    }


def _membership_objects():
    from partners.models import Invitation, JoinRequest

    return {
        "partners.invitation": lambda: Invitation.objects.create(
            organization=OrganizationFactory(),
            email="new.colleague@example.org",
            token_hash="0" * 64,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        ),
        "partners.joinrequest": lambda: JoinRequest.objects.create(
            organization=OrganizationFactory(), user=UserFactory(), message="I work here."
        ),
    }


def _matching_objects():
    from matching.models import Alert, Match
    from notifications.models import Notification, NotificationKind, NotificationPreference

    def alert():
        return Alert.objects.create(owner=UserFactory(), name="Diagnostics in Japan")

    return {
        "matching.alert": alert,
        "matching.match": lambda: Match.objects.create(
            opportunity=OpportunityFactory(), alert=alert(), score=80
        ),
        "notifications.notification": lambda: Notification.objects.create(
            recipient=UserFactory(), kind=NotificationKind.MODERATION_RESULT, event_key="k:1"
        ),
        "notifications.notificationpreference": lambda: NotificationPreference.objects.create(
            user=UserFactory(), kind=NotificationKind.NEW_MATCH, delivery="weekly"
        ),
    }


def _one_object(model, creators):
    existing = model._default_manager.order_by("pk").first()
    if existing is not None:
        return existing
    return creators[model._meta.label_lower]()


def _urls(model, obj):
    info = (model._meta.app_label, model._meta.model_name)
    return (
        reverse("admin:{}_{}_changelist".format(*info)),
        reverse("admin:{}_{}_change".format(*info), args=[quote(obj.pk)]),
    )


def test_every_local_model_admin_is_for_consortium_admins_only():
    local = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in LOCAL_APPS
    ]

    assert local
    for model, model_admin in local:
        assert isinstance(model_admin, ConsortiumAdminMixin), model


def test_every_local_model_has_an_object_factory_here():
    creators = _local_objects()

    for model in admin.site._registry:
        if model._meta.app_label in LOCAL_APPS:
            assert model._meta.label_lower in creators, model


def test_a_consortium_admin_opens_every_local_changelist_and_change_page(admin_client):
    creators = _local_objects()

    for model in admin.site._registry:
        if model._meta.app_label not in LOCAL_APPS:
            continue
        obj = _one_object(model, creators)
        for url in _urls(model, obj):
            response = admin_client.get(url)
            assert response.status_code == 200, url


def test_a_superuser_opens_every_registered_changelist_and_change_page(client, superuser):
    creators = {**_third_party_objects(), **_local_objects()}
    client.force_login(superuser)

    for model in admin.site._registry:
        obj = _one_object(model, creators)
        for url in _urls(model, obj):
            response = client.get(url)
            assert response.status_code == 200, url


def test_the_history_page_opens_for_the_models_with_history(admin_client):
    for obj in (ClusterFactory(), OrganizationFactory(), OpportunityFactory()):
        info = (obj._meta.app_label, obj._meta.model_name)

        response = admin_client.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))

        assert response.status_code == 200
