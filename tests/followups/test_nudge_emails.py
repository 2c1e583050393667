"""Nudge e-mails through the notifications outbox: each side's contact, in their language,
with one-click answer links that work; preferences and opt-outs respected."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from followups import services
from followups.models import FollowUp, Stage
from notifications.models import Delivery, Notification, NotificationKind, NotificationPreference
from opportunities import services as marketplace
from opportunities.models import ExpressionOfInterest
from opportunities.services import interest_expire_due

pytestmark = pytest.mark.django_db

LINK = re.compile(r"- (?P<label>[^:\n]+): (?P<url>https?://\S+/follow-ups/answer/\S+/)")


def thirty_days_later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=30)


def nudge(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return services.nudges_send_due(now=thirty_days_later())


def mails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_each_sides_contact_is_asked_with_answer_links(
    django_capture_on_commit_callbacks, introduction, owner, member_b
):
    services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.NDA_SIGNED)

    assert nudge(django_capture_on_commit_callbacks) == 1

    [to_owner], [to_partner] = mails_to(owner), mails_to(member_b)
    assert to_partner.subject == (
        f"How is it going with {introduction.opportunity.organization.name} "
        f"about “{introduction.opportunity.title}”?"
    )
    labels = [match["label"] for match in LINK.finditer(to_partner.body)]
    assert labels == [
        "Proposal / term sheet",
        "Agreement signed",
        "No deal",
        "Stop these reminders",
    ]
    assert "Osaka Cell Lab" in to_owner.subject
    assert "List-Unsubscribe" in to_partner.extra_headers


def test_the_link_in_the_e_mail_records_the_answer_once(
    django_capture_on_commit_callbacks, introduction, member_b
):
    nudge(django_capture_on_commit_callbacks)
    [message] = mails_to(member_b)
    url = next(m["url"] for m in LINK.finditer(message.body) if m["label"] == "Agreement signed")
    browser = Client(enforce_csrf_checks=True)
    path = url.split("://", 1)[1].split("/", 1)[1]

    page = browser.get("/" + path)
    token = page.cookies["csrftoken"].value
    browser.post("/" + path, {"csrfmiddlewaretoken": token, "agreement_type": "licence"})
    again = browser.post("/" + path, {"csrfmiddlewaretoken": token, "agreement_type": "other"})

    follow_up = FollowUp.objects.get()
    assert (follow_up.stage, follow_up.agreement_type) == (Stage.AGREEMENT, "licence")
    assert "already been recorded" in again.text


def test_a_kind_turned_off_sends_no_e_mail(
    django_capture_on_commit_callbacks, introduction, owner, member_b
):
    NotificationPreference.objects.create(
        user=member_b, kind=NotificationKind.FOLLOW_UP_NUDGE, delivery=Delivery.OFF
    )

    nudge(django_capture_on_commit_callbacks)

    assert mails_to(member_b) == [] and len(mails_to(owner)) == 1


def test_a_side_that_stopped_reminders_gets_none(
    django_capture_on_commit_callbacks, introduction, owner, member_b
):
    follow_up = services.follow_up_open(interest=introduction)
    FollowUp.objects.filter(pk=follow_up.pk).update(interested_opted_out=True)

    nudge(django_capture_on_commit_callbacks)

    assert mails_to(member_b) == [] and len(mails_to(owner)) == 1


def test_the_same_nudge_is_never_notified_twice(
    django_capture_on_commit_callbacks, introduction, owner, member_b
):
    nudge(django_capture_on_commit_callbacks)
    FollowUp.objects.update(nudges_sent=0)  # as if a second run raced the first

    nudge(django_capture_on_commit_callbacks)

    assert Notification.objects.filter(kind=NotificationKind.FOLLOW_UP_NUDGE).count() == 2
    assert len(mails_to(member_b)) == 1


def test_the_decline_e_mail_gives_the_reason(
    django_capture_on_commit_callbacks, interest, owner, member_b
):
    with django_capture_on_commit_callbacks(execute=True):
        marketplace.interest_decline(actor=owner, interest=interest, reason="already_partnered")

    [message] = mails_to(member_b)
    assert "Reason: We already have a partner" in message.body


def test_an_expired_interest_tells_the_interested_side(
    django_capture_on_commit_callbacks, interest, owner, member_b
):
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )

    with django_capture_on_commit_callbacks(execute=True):
        interest_expire_due()

    [message] = mails_to(member_b)
    assert (
        message.subject
        == f"Your interest in “{interest.opportunity.title}” closed without an answer"
    )
    assert mails_to(owner) == []
