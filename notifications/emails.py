"""Building the e-mails of notifications: templates per kind (`emails/<kind>_subject.txt`,
`<kind>.txt` and `<kind>.html`, extending `emails/notification_base.*`), the recipient's
language, absolute links and a signed one-click unsubscribe link (RFC 8058)."""

from collections.abc import Sequence

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.mail import absolute_url

from . import texts
from .models import PREFERENCE_KINDS, Delivery, Notification, NotificationKind

# The salt of the links mailed while this lived in the matching app: links already in
# people's mailboxes keep working (same salt, same URL /notifications/unsubscribe/<token>/).
UNSUBSCRIBE_SALT = "matching.unsubscribe"
# A scope is a notification kind, or a digest ("digest:daily") covering every kind in it.
DIGEST_SCOPES = {f"digest:{value}": value for value in (Delivery.DAILY, Delivery.WEEKLY)}


def unsubscribe_token(*, user_id: int, scope: str) -> str:
    return signing.dumps({"u": user_id, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Raise `signing.BadSignature` for anything not issued by `unsubscribe_token`."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict):
        raise signing.BadSignature("Malformed unsubscribe token")
    user_id, scope = data.get("u"), data.get("s")
    if not isinstance(user_id, int) or not (scope in PREFERENCE_KINDS or scope in DIGEST_SCOPES):
        raise signing.BadSignature("Malformed unsubscribe token")
    return user_id, scope


def _unsubscribe_url(user: User | None, scope: str) -> str:
    if user is None:
        return ""
    token = unsubscribe_token(user_id=user.pk, scope=scope)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def _language(notification: Notification) -> str:
    recipient = notification.recipient
    return (recipient.language if recipient else notification.language) or settings.LANGUAGE_CODE


def _message(
    *, template: str, context: dict, to: str, unsubscribe_url: str
) -> EmailMultiAlternatives:
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=[to], headers=headers, from_email=None
    )
    message.attach_alternative(html, "text/html")
    return message


def _item(notification: Notification) -> dict:
    return {
        "kind": notification.kind,
        "headline": texts.headline(notification.kind, notification.payload),
        "reasons": texts.reason_lines(notification.payload),
        "details": texts.detail_lines(notification.kind, notification.payload),
        "labels": texts.labels(notification.kind, notification.payload),
        "payload": texts.localized(notification.payload),
        "url": absolute_url(notification.url),
    }


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of one notification, rendered in its recipient's language."""
    recipient = notification.recipient
    with translation.override(_language(notification)):
        unsubscribe_url = _unsubscribe_url(recipient, notification.kind)
        context = {
            "recipient": recipient,
            "item": _item(notification),
            "headline": texts.headline(notification.kind, notification.payload),
            "site_url": settings.SITE_URL,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe_url,
            "kind_label": NotificationKind(notification.kind).label,
        }
        return _message(
            template=notification.kind,
            context=context,
            to=recipient.email if recipient else notification.email,
            unsubscribe_url=unsubscribe_url,
        )


def digest_message(
    *, user: User, frequency: str, notifications: Sequence[Notification]
) -> EmailMultiAlternatives:
    """One e-mail listing every notification of a daily or weekly digest."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        unsubscribe_url = _unsubscribe_url(user, f"digest:{frequency}")
        context = {
            "recipient": user,
            "frequency": frequency,
            "items": [_item(notification) for notification in notifications],
            "count": len(notifications),
            "site_url": settings.SITE_URL,
            "notifications_url": absolute_url(reverse("notifications:list")),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe_url,
            "kind_label": Delivery(frequency).label,
        }
        return _message(
            template="digest", context=context, to=user.email, unsubscribe_url=unsubscribe_url
        )
