"""What the e-mails say and carry: language, absolute links, unsubscribe headers, digests."""

import pytest
from django.core import mail, signing

from notifications import emails, outbox
from notifications.models import Delivery, EmailStatus, Notification, NotificationKind
from notifications.tasks import send_digests_task
from tests.accounts.factories import UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def sent_notification(**kwargs) -> mail.EmailMessage:
    notification = NotificationFactory(**kwargs)
    outbox.notification_send(notification_id=notification.pk)
    return mail.outbox[-1]


def test_a_match_e_mail_has_text_html_and_absolute_links(settings):
    settings.SITE_URL = "https://portal.example"
    message = sent_notification(
        payload={
            "opportunity_id": 7,
            "title": "Sepsis assay",
            "alert": "IVD in Japan",
            "reasons": [{"code": "countries", "params": {"values": ["JP"]}}],
        },
        url="/opportunities/7/",
    )

    assert message.subject == "New opportunity for you: Sepsis assay"
    assert "https://portal.example/opportunities/7/" in message.body
    assert "targets Japan" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://portal.example/opportunities/7/"' in html


def test_every_e_mail_carries_a_one_click_unsubscribe_header(settings):
    settings.SITE_URL = "https://portal.example"
    message = sent_notification()

    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://portal.example/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in message.body


def test_the_e_mail_is_written_in_the_recipients_language():
    recipient = UserFactory(language="fr")
    message = sent_notification(
        recipient=recipient,
        payload={
            "title": "Sepsis assay",
            "reasons": [{"code": "countries", "params": {"values": ["JP"]}}],
        },
    )

    assert "Japon" in message.body


def test_the_unsubscribe_token_names_the_user_and_the_kind():
    recipient = UserFactory()
    message = sent_notification(recipient=recipient, kind=NotificationKind.EOI_RECEIVED)

    token = message.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert emails.read_unsubscribe_token(token) == (recipient.pk, "eoi_received")


def test_a_tampered_token_is_refused():
    token = emails.unsubscribe_token(user_id=1, scope="new_match")

    with pytest.raises(signing.BadSignature):
        emails.read_unsubscribe_token(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])


def test_three_matches_in_a_day_make_one_daily_e_mail_listing_three():
    user = UserFactory()
    for title in ("Assay one", "Assay two", "Assay three"):
        NotificationFactory(
            recipient=user,
            payload={"title": title},
            delivery=Delivery.DAILY,
            email_status=EmailStatus.DIGEST,
        )
    weekly = NotificationFactory(
        recipient=user,
        payload={"title": "Weekly only"},
        delivery=Delivery.WEEKLY,
        email_status=EmailStatus.DIGEST,
    )

    assert send_digests_task.delay("daily").get() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Your daily WLSCC digest: 3 updates"
    for title in ("Assay one", "Assay two", "Assay three"):
        assert title in message.body
    assert "Weekly only" not in message.body
    assert Notification.objects.filter(email_status=EmailStatus.SENT).count() == 3
    weekly.refresh_from_db()
    assert weekly.email_status == EmailStatus.DIGEST


def test_a_digest_is_sent_once():
    user = UserFactory()
    NotificationFactory(recipient=user, delivery=Delivery.DAILY, email_status=EmailStatus.DIGEST)

    assert outbox.digest_send(user_id=user.pk, frequency="daily") == 1
    assert outbox.digest_send(user_id=user.pk, frequency="daily") == 0
    assert len(mail.outbox) == 1


def test_each_user_gets_their_own_digest():
    first, second = UserFactory(), UserFactory()
    NotificationFactory(recipient=first, delivery=Delivery.WEEKLY, email_status=EmailStatus.DIGEST)
    NotificationFactory(recipient=second, delivery=Delivery.WEEKLY, email_status=EmailStatus.DIGEST)

    send_digests_task.delay("weekly").get()

    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])
