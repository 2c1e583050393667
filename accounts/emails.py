"""Account-related e-mails: each one a subject, a text body and an HTML body template."""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_templated_email(
    *, to: Iterable[str], template_prefix: str, context: dict[str, Any], language: str = ""
) -> None:
    """Render `emails/<prefix>_subject.txt`, `_message.txt` and `_message.html` and send."""
    recipients = sorted(set(to))
    if not recipients:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template_prefix}_subject.txt", context)
        subject = " ".join(subject.split())
        text = render_to_string(f"emails/{template_prefix}_message.txt", context)
        html = render_to_string(f"emails/{template_prefix}_message.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=recipients)
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("sent %s e-mail to %d recipient(s)", template_prefix, len(recipients))
