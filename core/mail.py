"""Every e-mail leaves with a Message-ID on the portal's own domain (the host of SITE_URL).

Django gives a message without one `<...@DNS_NAME>`, the machine's host name: `localhost` in a
container, which spam filters score against and which says nothing about who sent it. Mails
are built in several places (the notifications outbox, account e-mails, allauth's adapter,
Django's error mails), so the ID is set where they all pass: `MessageIdBackend`, the
EMAIL_BACKEND of every environment, stamps a message that has no Message-ID yet and hands it
to EMAIL_DELIVERY_BACKEND, the backend that really delivers it (SMTP, console, locmem...).
A Message-ID set by the code that built the message is kept.
"""

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid

BACKEND_PATH = "core.mail.MessageIdBackend"


def site_domain() -> str:
    """The host name of SITE_URL, e.g. "portal.wlscc.org"."""
    domain = urlsplit(settings.SITE_URL).hostname
    if not domain:
        raise ImproperlyConfigured(f"SITE_URL has no host name: {settings.SITE_URL!r}")
    return domain


def absolute_url(path: str) -> str:
    """A path of the portal as a link for an e-mail or an API client (`SITE_URL` + path); an
    empty or already absolute URL is returned as it is. The one helper for every mail."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def message_id() -> str:
    """A new, unique Message-ID on the portal's domain: `<...@portal.wlscc.org>`."""
    return make_msgid(domain=site_domain())


def has_message_id(message: EmailMessage) -> bool:
    return any(name.lower() == "message-id" for name in message.extra_headers)


class MessageIdBackend(BaseEmailBackend):
    """Give each message a Message-ID on the portal's domain, then deliver it."""

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently)
        if settings.EMAIL_DELIVERY_BACKEND == BACKEND_PATH:
            raise ImproperlyConfigured("EMAIL_DELIVERY_BACKEND must be the backend that delivers")
        self.delivery = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.delivery.open()

    def close(self) -> None:
        self.delivery.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            if not has_message_id(message):
                message.extra_headers["Message-ID"] = message_id()
        return self.delivery.send_messages(email_messages)
