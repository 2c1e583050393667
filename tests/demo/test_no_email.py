"""seed_demo e-mails nobody, with any backend and broker: its notifications stay in the portal."""

import datetime
from io import StringIO

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.core.management import call_command

from accounts.models import User
from notifications.models import Delivery, EmailStatus, Notification, NotificationKind
from notifications.outbox import SEND_TASK, digest_recipients, outbox_sweep
from opportunities.models import Opportunity, OpportunityStatus
from opportunities.services import opportunity_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_run():
    """The name of every Celery task that runs (the test settings run them eagerly)."""
    names: list[str] = []

    def record(sender, **kwargs):
        names.append(sender.name)

    task_prerun.connect(record, weak=False)
    yield names
    task_prerun.disconnect(record)


def test_seeding_mails_nothing_and_queues_nothing_but_the_portal_mails_afterwards(
    settings, django_capture_on_commit_callbacks, tasks_run
):
    settings.DEBUG = True

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())

    notifications = Notification.objects.all()
    assert notifications.filter(kind=NotificationKind.NEW_MATCH).count() > 20
    assert notifications.filter(kind=NotificationKind.EOI_RECEIVED).count() > 20
    assert set(notifications.values_list("email_status", flat=True)) == {EmailStatus.SKIPPED}
    assert mail.outbox == []
    assert tasks_run == []
    assert outbox_sweep(min_age=datetime.timedelta(0)) == 0
    assert digest_recipients(frequency=Delivery.DAILY) == []
    assert digest_recipients(frequency=Delivery.WEEKLY) == []

    # After seeding, the portal e-mails again: cluster staff publish a demo account's opportunity.
    waiting = Opportunity.objects.filter(
        status=OpportunityStatus.SUBMITTED, author__email__startswith="orgadmin-"
    ).first()
    staff = User.objects.get(email=f"staff-{waiting.organization.cluster.slug}@wlscc.example")
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_publish(actor=staff, opportunity=waiting)

    # The author's moderation result, and the matches of any demo alert with instant delivery.
    assert [waiting.author.email] in [message.to for message in mail.outbox]
    assert tasks_run == [SEND_TASK] * len(mail.outbox)
