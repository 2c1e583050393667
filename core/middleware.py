"""The interface language of signed-in users is the language saved on their account.

Django's LocaleMiddleware picks the language from the language cookie, else from the
browser's Accept-Language header: that is what visitors get. This middleware (placed after
AuthenticationMiddleware) adds the account:

- a signed-in request is served in the account's language, and the cookie follows it (so
  logging in on a new device, or changing the language in one's profile, takes effect at once
  and is remembered after logging out);
- when a signed-in member picks a language in the switcher (`set_language` sets the cookie),
  the choice is saved on the account, so e-mails follow it too.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def supported_language(code: str | None) -> str | None:
    """`code` if the portal offers it (e.g. "zh-hans"), else None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _save_user_language(user, language: str) -> None:
    # One column, no model logic involved: an UPDATE avoids overwriting concurrent changes.
    get_user_model().objects.filter(pk=user.pk).update(language=language)
    user.language = language


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            account_language = supported_language(user.language)
            if account_language:
                translation.activate(account_language)
                request.LANGUAGE_CODE = account_language

        response = self.get_response(request)

        # The view may have logged someone in or out: look at the user it leaves behind.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._sync(request, response, user)
        return response

    @staticmethod
    def _sync(request: HttpRequest, response: HttpResponse, user) -> None:
        morsel = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        chosen = supported_language(morsel.value) if morsel is not None else None
        if chosen:
            # The switcher just set the cookie: remember the choice on the account.
            if chosen != user.language:
                _save_user_language(user, chosen)
            return
        account_language = supported_language(user.language)
        cookie_language = supported_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if account_language and cookie_language != account_language:
            set_language_cookie(response, account_language)
