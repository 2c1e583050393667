"""`{% site_navbar %}` and `{% site_footer %}`: the navigation and the footer of every page,
rendered once per process for each variant rather than once per request.

The footer depends only on the language and on whether someone is signed in. The navigation
also depends on the page's section (its active link) and on whether there are unread
notifications; apart from that it differs from one person to another in four values only: the
e-mail address, the CSRF token of the members' forms, the page's own path (the language menu's
`next`) and the number of unread notifications. Each variant is rendered once with markers in
those places, and every request puts its own values in them, rendered as the template renders
a variable (localized, escaped). Both took ~2 ms of CPU on every signed-in page (the bench
machine, ~20 `{% url %}` and the language list); the values now take ~0.05 ms. With DEBUG on
(templates reload when edited) both are rendered for every request, as before.
"""

import re
from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.template.base import render_value_in_context
from django.template.context import Context
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

NAVBAR_TEMPLATE = "includes/navbar.html"
FOOTER_TEMPLATE = "includes/footer.html"
# Strings escaping leaves as they are and no page contains.
EMAIL, CSRF, PATH, UNREAD = (
    f"wlscc-chrome-{name}-5e1f9a" for name in ("email", "csrf", "path", "unread")
)
_MARKERS = re.compile(f"({EMAIL}|{CSRF}|{PATH}|{UNREAD})")
# The view whose navigation link is marked current (the notifications' own page).
NOTIFICATIONS_VIEW = "notifications:list"

_rendered: dict[tuple, list[str]] = {}


class _OnlyTheVariant:
    """The stand-ins a variant is rendered with answer only what the variant holds: a template
    that reads anything else of the request or user (a role, a name) fails loudly in the tests
    instead of rendering one person's value for everyone (Django's templates would silently
    render an unknown attribute as '')."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise RuntimeError(
            f"{type(self).__name__[1:].lower()}.{name} is read by the site chrome's template "
            "but is not part of its variant: add it in core/templatetags/site_chrome.py"
        )


@dataclass(frozen=True)
class _Match(_OnlyTheVariant):
    namespace: str
    view_name: str


@dataclass(frozen=True)
class _Request(_OnlyTheVariant):
    resolver_match: _Match

    def get_full_path(self) -> str:
        return PATH


@dataclass(frozen=True)
class _User(_OnlyTheVariant):
    is_authenticated: bool
    email: str = EMAIL


def _variant(key: tuple, render: Any) -> list[str]:
    """The parts of one variant: text, and marker names at the odd positions."""
    if settings.DEBUG:
        return _MARKERS.split(render())
    parts = _rendered.get(key)
    if parts is None:
        parts = _rendered[key] = _MARKERS.split(render())
    return parts


def _as_include(name: str, context: Context) -> SafeString:
    """What `{% include name %}` gives: for a context unlike a page's (no request or user, no
    CSRF context processor), rendered as it is."""
    return get_template(name).template.render(context)


def _key(*parts: object) -> tuple:
    return (get_language(), get_script_prefix(), get_urlconf(), *parts)


@register.simple_tag(takes_context=True)
def site_navbar(context: Context) -> SafeString:
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None:
        return _as_include(NAVBAR_TEMPLATE, context)
    authenticated = bool(user.is_authenticated)
    csrf_token = context.get("csrf_token") if authenticated else None
    # Django's stand-in for a token without CsrfViewMiddleware (not a secret).
    if authenticated and (not csrf_token or csrf_token == "NOTPROVIDED"):  # noqa: S105  # nosec B105
        return _as_include(NAVBAR_TEMPLATE, context)
    match = request.resolver_match
    namespace = match.namespace if match is not None else ""
    on_notifications = match is not None and match.view_name == NOTIFICATIONS_VIEW
    unread = context.get("unread_notifications", 0) if authenticated else 0
    has_unread = bool(unread)

    def render() -> str:
        stub = _Request(_Match(namespace, NOTIFICATIONS_VIEW if on_notifications else ""))
        return get_template(NAVBAR_TEMPLATE).render(
            {
                "request": stub,
                "user": _User(is_authenticated=authenticated),
                "csrf_token": CSRF,
                "unread_notifications": UNREAD if has_unread else 0,
            }
        )

    parts = _variant(_key(authenticated, namespace, on_notifications, has_unread), render)
    values = {
        EMAIL: lambda: render_value_in_context(user.email, context),
        CSRF: lambda: render_value_in_context(str(csrf_token), context),
        PATH: lambda: render_value_in_context(request.get_full_path(), context),
        UNREAD: lambda: render_value_in_context(unread, context),
    }
    # The template's output, each value rendered (escaped) as the template renders it.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(values[part]() if index % 2 else part for index, part in enumerate(parts))
    )


@register.simple_tag(takes_context=True)
def site_footer(context: Context) -> SafeString:
    user = context.get("user")
    if user is None:
        return _as_include(FOOTER_TEMPLATE, context)
    authenticated = bool(user.is_authenticated)

    def render() -> str:
        return get_template(FOOTER_TEMPLATE).render({"user": _User(is_authenticated=authenticated)})

    (html,) = _variant(_key(authenticated), render)
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: the template's output
