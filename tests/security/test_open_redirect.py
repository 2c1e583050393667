"""Open redirects: every `next=` the portal honours keeps the visitor on the portal.

The portal's own views take no `next` from the request (the MFA set-up link and the pending
invitation are kept in the session, notification links are stored by the portal and checked
again when followed); allauth's log-in, log-out, sign-up and re-authentication and Django's
language switcher do. Each gets every hostile target, in the query string and in the form.
"""

from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.personas import client_for
from tests.security.walk import fresh_client

HOSTILE_TARGETS = [
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "http://evil.example/path",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "//evil.example@testserver",
    "http://testserver@evil.example",
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil%2Eexample",
    "https://evil.example/?next=/",
]
BROWSER_STRIPPED = "".join(chr(code) for code in range(0x21))  # C0 controls and space


def lands_on_site(location: str) -> bool:
    """How a browser reads the Location header: would it stay on testserver?"""
    cleaned = location.strip(BROWSER_STRIPPED).replace("\t", "").replace("\n", "")
    cleaned = cleaned.replace("\r", "").replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    if parts.scheme or parts.netloc:
        return parts.netloc == "testserver"
    return cleaned.startswith("/") and not cleaned.startswith("//")


def test_the_on_site_check_itself():
    assert lands_on_site("/dashboard/")
    assert lands_on_site("http://testserver/dashboard/")
    assert not any(lands_on_site(target) for target in HOSTILE_TARGETS)


def _location(response) -> str:
    assert response.status_code in (301, 302, 303), response.status_code
    return response["Location"]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_log_in_does_not_follow_a_hostile_next(world, target):
    client = fresh_client(client_for(world, "visitor").cookies)
    data = {"login": "member-a@persona.example", "password": DEFAULT_PASSWORD, "next": target}

    in_form = client.post(reverse("account_login"), data)
    in_query = fresh_client(client_for(world, "visitor").cookies).post(
        reverse("account_login") + "?" + urlencode({"next": target}),
        {k: data[k] for k in ("login", "password")},
    )

    assert lands_on_site(_location(in_form))
    assert lands_on_site(_location(in_query))
    assert in_form.wsgi_request.user.is_authenticated  # signed in, just not sent away


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_log_out_does_not_follow_a_hostile_next(world, target):
    client = fresh_client(client_for(world, "member_a").cookies)

    response = client.post(reverse("account_logout"), {"next": target})

    assert lands_on_site(_location(response))


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_the_language_switcher_does_not_follow_a_hostile_next_or_referer(world, target):
    client = fresh_client(client_for(world, "member_a").cookies)

    with_next = client.post(reverse("set_language"), {"language": "de", "next": target})
    with_referer = client.post(reverse("set_language"), {"language": "fr"}, HTTP_REFERER=target)

    assert lands_on_site(_location(with_next))
    assert lands_on_site(_location(with_referer))


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_the_visitors_language_link_does_not_follow_a_hostile_next_or_referer(db, target):
    url = reverse("set_language")

    with_next = fresh_client(SimpleCookie()).get(url, {"language": "de", "next": target})
    with_referer = fresh_client(SimpleCookie()).get(url, {"language": "fr"}, HTTP_REFERER=target)

    assert lands_on_site(_location(with_next))
    assert lands_on_site(_location(with_referer))
    assert with_next.cookies["django_language"].value == "de"  # the choice itself still counts


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_sign_up_does_not_follow_a_hostile_next(db, target):
    client = fresh_client(SimpleCookie())
    data = {
        "email": "newcomer@persona.example",
        "password1": "Tr0ub4dor&3-horse",
        "password2": "Tr0ub4dor&3-horse",
        "next": target,
    }

    response = client.post(reverse("account_signup"), data)

    assert lands_on_site(_location(response))


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_re_authentication_does_not_follow_a_hostile_next(world, target):
    client = fresh_client(client_for(world, "member_a").cookies)

    response = client.post(
        reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD, "next": target}
    )

    assert lands_on_site(_location(response))


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_a_notification_link_never_leads_off_site(world, target):
    notification = Notification.objects.create(
        recipient=world.user("member_a"), kind="new_match", event_key=f"x:{target}", url=target
    )
    client = fresh_client(client_for(world, "member_a").cookies)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert lands_on_site(_location(response))


def test_the_log_in_page_keeps_a_hostile_next_out_of_its_links(world):
    client = fresh_client(client_for(world, "visitor").cookies)

    html = client.get(reverse("account_login"), {"next": "//evil.example"}).content.decode()

    assert 'href="//evil.example' not in html
    assert 'action="//evil.example' not in html


def test_a_next_on_the_portal_is_followed(world):
    """The refusals above are not a `next` that is never honoured."""
    visitor = fresh_client(client_for(world, "visitor").cookies)
    member = fresh_client(client_for(world, "member_a").cookies)
    credentials = {"login": "member-a@persona.example", "password": DEFAULT_PASSWORD}

    login = visitor.post(reverse("account_login"), {**credentials, "next": "/alerts/"})
    language = member.post(reverse("set_language"), {"language": "de", "next": "/stats/"})
    logout = member.post(reverse("account_logout"), {"next": "/clusters/"})

    assert (_location(login), _location(language), _location(logout)) == (
        "/alerts/",
        "/stats/",
        "/clusters/",
    )
