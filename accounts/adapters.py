"""django-allauth customised through its adapter, never by forking its views."""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.mail import absolute_url

# The raw token of an invitation opened before signing in. Kept in the session so that the
# invitation can be accepted right after log-in or sign-up (see partners.account_views).
PENDING_INVITATION_SESSION_KEY = "wlscc_pending_invitation"


def pending_invitation_url(request: HttpRequest) -> str | None:
    token = request.session.get(PENDING_INVITATION_SESSION_KEY)
    if not token:
        return None
    return reverse("accounts:invitation_accept", kwargs={"token": token})


def _on_site(url: str) -> str:
    """The same link on SITE_URL (allauth builds it from the request's host)."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails (address verification, password reset, ...) are security mails: sent at
    once by the request that causes them, never queued in the notifications outbox (a broker
    outage must not keep someone out of their account), with no preference and no unsubscribe
    link. They keep allauth's texts, in the portal's e-mail layout, with links on SITE_URL."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {
            name: _on_site(value) if name.endswith("_url") and isinstance(value, str) else value
            for name, value in context.items()
        }
        super().send_mail(template_prefix, email, context)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        message = super().render_mail(template_prefix, email, context, headers)
        layout = {"headline": message.subject, "body": message.body}
        text = render_to_string("emails/security.txt", layout)
        html = render_to_string("emails/security.html", layout)
        wrapped = EmailMultiAlternatives(
            subject=message.subject,
            body=text,
            from_email=message.from_email,
            to=message.to,
            headers=message.extra_headers,
        )
        wrapped.attach_alternative(html, "text/html")
        return wrapped

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return pending_invitation_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return pending_invitation_url(request) or super().get_signup_redirect_url(request)

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        """New people get the interface language they signed up in."""
        user = super().save_user(request, user, form, commit=False)
        language = translation.get_language() or ""
        if language in {code for code, _name in User._meta.get_field("language").choices}:
            user.language = language
        if commit:
            user.save()
        return user
