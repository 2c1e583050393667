"""django-allauth customised through its adapter, never by forking its views."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from accounts.models import User

# The raw token of an invitation opened before signing in. Kept in the session so that the
# invitation can be accepted right after log-in or sign-up (see partners.account_views).
PENDING_INVITATION_SESSION_KEY = "wlscc_pending_invitation"


def pending_invitation_url(request: HttpRequest) -> str | None:
    token = request.session.get(PENDING_INVITATION_SESSION_KEY)
    if not token:
        return None
    return reverse("accounts:invitation_accept", kwargs={"token": token})


class AccountAdapter(DefaultAccountAdapter):
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
