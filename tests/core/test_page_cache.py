"""The shared cache of visitors' public pages (core/page_cache.py), and the caching headers.

The whole URL x role walk with the cache on is tests/security/test_page_cache_walk.py.
"""

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.services import cluster_update
from core import page_cache
from opportunities.services import opportunity_publish
from partners.services import organization_update
from tests.accounts.factories import UserFactory
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600  # as deployed


@pytest.fixture
def published(db):
    return PublishedOpportunityFactory(title="Sepsis assay licence")


def stored_pages() -> list[str]:
    return list(cache.keys("public-page:*"))


def public_urls(published) -> list[str]:
    organization = published.organization
    return [
        reverse("home"),
        reverse("clusters:list"),
        reverse("clusters:detail", args=[organization.cluster.slug]),
        reverse("partners:list"),
        reverse("partners:list") + "?q=sepsis",
        reverse("partners:detail", args=[organization.slug]),
        reverse("opportunities:list"),
        reverse("opportunities:list") + "?q=sepsis",
        reverse("opportunities:detail", args=[published.pk]),
        reverse("events:list"),
        reverse("stats:index"),
    ]


def test_every_public_page_is_served_to_the_next_visitor_from_the_cache(
    page_cache_on, published, django_assert_num_queries
):
    for url in public_urls(published):
        first = Client().get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):  # no session, no data: straight from Redis
            second = Client().get(url)
        assert second.content == first.content, url
        assert second["ETag"] == first["ETag"], url
        assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT"), url


def test_a_visitors_public_page_says_public_short_and_what_it_varies_on(published):
    response = Client().get(reverse("opportunities:list"))

    assert response["Cache-Control"] == "public, max-age=60"
    vary = {header.strip() for header in response["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary
    assert "csrftoken" not in response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_members_page_is_private_and_not_stored(page_cache_on, published):
    member = MembershipFactory().user
    client = Client()
    client.force_login(member)

    for url in public_urls(published):
        response = client.get(url)
        assert "private" in response["Cache-Control"], url
        assert "no-store" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
    assert stored_pages() == []


def test_a_visitors_stored_page_never_reaches_a_member(page_cache_on, published):
    url = reverse("opportunities:detail", args=[published.pk])
    Client().get(url)
    assert len(stored_pages()) == 1
    member = MembershipFactory(user__email="reader@member.example").user
    client = Client()
    client.force_login(member)

    html = client.get(url).content.decode()

    assert "reader@member.example" in html
    assert reverse("account_login") + "?" not in html


def test_a_members_page_never_reaches_a_visitor(page_cache_on, published):
    member = MembershipFactory(user__email="reader@member.example").user
    client = Client()
    client.force_login(member)
    client.get(reverse("home"))

    html = Client().get(reverse("home")).content.decode()

    assert "reader@member.example" not in html
    assert "Log out" not in html


def test_the_page_and_its_fragment_are_stored_apart(page_cache_on, published):
    url = reverse("opportunities:list") + "?q=sepsis"
    page = Client().get(url)
    fragment = Client().get(url, headers={"HX-Request": "true"})

    assert b"<html" in page.content
    assert b"<html" not in fragment.content
    assert Client().get(url, headers={"HX-Request": "true"}).content == fragment.content
    assert Client().get(url).content == page.content


def test_same_etag_answers_304_without_a_body(page_cache_on, published):
    url = reverse("partners:list")
    etag = Client().get(url)["ETag"]

    again = Client().get(url, headers={"If-None-Match": etag})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert Client().get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_304_without_the_shared_cache_too(published):
    url = reverse("stats:index")
    etag = Client().get(url)["ETag"]

    assert Client().get(url, headers={"If-None-Match": etag}).status_code == 304


# --- Visitors without a session cookie: answered early ----------------------------------------


class CountingCache:
    """The cache, recording which of its methods the page cache calls."""

    def __init__(self, wrapped) -> None:
        self.wrapped = wrapped
        self.calls: list[str] = []

    def __getattr__(self, name):
        self.calls.append(name)
        return getattr(self.wrapped, name)


def test_a_visitor_without_a_session_cookie_is_answered_before_the_session_middleware(
    page_cache_on, published, monkeypatch
):
    url = reverse("opportunities:detail", args=[published.pk])
    stored = Client().get(url)

    def reached(self, request):
        raise AssertionError("the stored page was not answered before the sessions")

    monkeypatch.setattr(SessionMiddleware, "process_request", reached)
    hit = Client(headers={"Accept-Language": "en"}).get(url)

    assert hit["X-Cache"] == "HIT"
    assert hit.content == stored.content
    assert hit["Cache-Control"] == "public, max-age=60"
    assert hit["ETag"] == stored["ETag"]


def test_a_hit_is_one_round_trip_to_the_cache(page_cache_on, published, monkeypatch):
    url = reverse("partners:list") + "?q=sepsis"
    Client().get(url)
    counting = CountingCache(cache)
    monkeypatch.setattr(page_cache, "cache", counting)

    assert Client().get(url)["X-Cache"] == "HIT"

    assert counting.calls == ["get_many"]  # the generation and the page in one MGET


def test_a_miss_is_one_read_and_one_write(page_cache_on, published, monkeypatch):
    counting = CountingCache(cache)
    monkeypatch.setattr(page_cache, "cache", counting)

    assert Client().get(reverse("partners:list"))["X-Cache"] == "MISS"

    assert counting.calls == ["get_many", "set"]  # the late lookup reuses the early one


@pytest.mark.parametrize(
    "cookie", [settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name], ids=["session", "messages"]
)
def test_a_request_carrying_a_session_or_messages_cookie_is_never_answered_early(cookie):
    request = RequestFactory().get(reverse("home"))
    request.COOKIES[cookie] = "anything"

    assert page_cache._early_key(request) is None


def test_an_early_key_is_the_key_the_page_was_stored_under(page_cache_on):
    request = RequestFactory().get(reverse("home"), headers={"Accept-Language": "de"})
    request.COOKIES["django_language"] = "zh-hans"
    request.LANGUAGE_CODE = "zh-hans"  # what LocaleMiddleware sets from the cookie

    assert page_cache._early_key(request) == page_cache.page_key(request)


def test_a_members_session_cookie_gets_their_own_page_even_with_the_visitors_stored(
    page_cache_on, published
):
    url = reverse("opportunities:detail", args=[published.pk])
    Client().get(url)
    client = Client()
    client.force_login(MembershipFactory(user__email="reader@member.example").user)

    response = client.get(url)

    assert "X-Cache" not in response
    assert "reader@member.example" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_visitor_with_an_unknown_session_cookie_is_served_by_the_late_lookup(
    page_cache_on, published
):
    url = reverse("partners:list")
    Client().get(url)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"

    assert client.get(url)["X-Cache"] == "HIT"  # an empty session: a visitor holding nothing


def test_a_page_stored_before_a_change_is_not_served_after_it(page_cache_on, published):
    url = reverse("opportunities:list")
    Client().get(url)

    page_cache.invalidate_public_pages()

    assert Client().get(url)["X-Cache"] == "MISS"
    assert Client().get(url)["X-Cache"] == "HIT"


# --- The language, with the cache on ---------------------------------------------------------


def _lang(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("url_name", ["home", "partners:list", "stats:index"])
def test_each_visitor_gets_their_own_language_from_the_shared_cache(page_cache_on, url_name):
    url = reverse(url_name)
    japanese = Client(headers={"Accept-Language": "ja"})
    german = Client(headers={"Accept-Language": "de-DE,de;q=0.9"})
    french_cookie = Client(headers={"Accept-Language": "ja"})
    french_cookie.cookies["django_language"] = "fr"

    for verdict in ("MISS", "HIT"):  # the second round is served from the cache
        for client, language in ((japanese, "ja"), (german, "de"), (french_cookie, "fr")):
            response = client.get(url)
            assert (_lang(response), response["X-Cache"]) == (language, verdict)
        response = Client().get(url)
        assert (_lang(response), response["X-Cache"]) == ("en", verdict)
    assert len(stored_pages()) == 4


def test_a_member_gets_their_accounts_language_not_the_visitors_page(page_cache_on):
    Client(headers={"Accept-Language": "ja"}).get(reverse("home"))
    client = Client(headers={"Accept-Language": "ja"})
    client.force_login(UserFactory(language="ko"))

    assert _lang(client.get(reverse("home"))) == "ko"


def test_visitors_switch_language_with_a_get_and_no_token(page_cache_on):
    client = Client()
    html = client.get(reverse("home")).content.decode()
    assert 'method="get"' in html and "csrfmiddlewaretoken" not in html

    response = client.get(reverse("set_language"), {"language": "de", "next": "/stats/"})

    assert response.status_code == 302
    assert response["Location"] == "/stats/"
    assert response.cookies["django_language"].value == "de"
    assert "no-store" in response["Cache-Control"]
    assert _lang(client.get("/stats/")) == "de"


def test_a_get_changes_no_members_account(client):
    member = UserFactory(language="en")
    client.force_login(member)

    response = client.get(reverse("set_language"), {"language": "ko", "next": "/"})

    member.refresh_from_db()
    assert member.language == "en"
    assert "django_language" not in response.cookies or (
        response.cookies["django_language"].value == "en"
    )


def test_members_still_switch_with_the_post_form(client):
    client.force_login(UserFactory(language="en"))
    html = client.get(reverse("home")).content.decode()

    assert 'action="/i18n/setlang/" method="post"' in html
    assert "csrfmiddlewaretoken" in html


def test_an_unknown_language_in_the_get_sets_nothing(client):
    response = client.get(reverse("set_language"), {"language": "xx-evil", "next": "/"})

    assert response.status_code == 302
    assert "django_language" not in response.cookies


# --- What is never stored ----------------------------------------------------------------------


def _message_cookie(text: str) -> str:
    storage = CookieStorage(RequestFactory().get("/"))
    return storage._encode([Message(constants.INFO, text)])


def test_a_visitor_with_a_message_gets_it_and_nothing_is_stored(page_cache_on, published):
    Client().get(reverse("home"))  # a stored page for everyone else
    client = Client()
    client.cookies["messages"] = _message_cookie("Your password was reset.")

    html = client.get(reverse("home")).content.decode()

    assert "Your password was reset." in html
    assert len(stored_pages()) == 1
    assert "Your password was reset." not in Client().get(reverse("home")).content.decode()


def test_a_visitor_whose_session_holds_data_is_not_served_from_the_cache(page_cache_on):
    client = Client()
    session = client.session
    session["pending"] = "a log-in step"
    session.save()

    client.get(reverse("home"))

    assert stored_pages() == []


def test_a_page_that_carries_a_csrf_token_is_never_stored(page_cache_on, monkeypatch):
    monkeypatch.setattr(page_cache, "PUBLIC_PAGES", page_cache.PUBLIC_PAGES | {"account_login"})

    first = Client().get(reverse("account_login"))
    second = Client().get(reverse("account_login"))

    assert "csrftoken" in first.cookies
    assert stored_pages() == []
    assert "public" not in second.get("Cache-Control", "")


def test_errors_and_hidden_pages_are_not_stored(page_cache_on):
    draft = OpportunityFactory()

    assert Client().get(reverse("opportunities:detail", args=[draft.pk])).status_code == 404
    assert Client().get("/organizations/no-such-org/").status_code == 404
    assert stored_pages() == []


# --- Invalidation, and the switch the benchmark uses --------------------------------------------


def test_publishing_an_opportunity_retires_the_stored_pages(
    page_cache_on, published, django_capture_on_commit_callbacks
):
    url = reverse("opportunities:list")
    Client().get(url)
    moderator = UserFactory(is_staff=True, is_superuser=True, totp=True)
    new = OpportunityFactory(
        organization=published.organization, title="Freshly published organoid platform"
    )
    new.status = "submitted"
    new.save(update_fields=["status"])

    with django_capture_on_commit_callbacks(execute=True):
        opportunity_publish(actor=moderator, opportunity=new)

    assert "Freshly published organoid platform" in Client().get(url).content.decode()


def test_editing_an_organization_retires_the_stored_pages(
    page_cache_on, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(description="We make old things.")
    url = reverse("partners:detail", args=[organization.slug])
    Client().get(url)
    editor = UserFactory(is_staff=True, is_superuser=True, totp=True)

    with django_capture_on_commit_callbacks(execute=True):
        organization_update(
            actor=editor, organization=organization, data={"description": "We grow organoids."}
        )

    assert "We grow organoids." in Client().get(url).content.decode()


def test_editing_a_clusters_page_retires_the_stored_pages(
    page_cache_on, django_capture_on_commit_callbacks
):
    cluster = ClusterFactory(description="Old words about the cluster.")
    url = reverse("clusters:detail", args=[cluster.slug])
    Client().get(url)
    editor = UserFactory(is_staff=True, is_superuser=True, totp=True)

    with django_capture_on_commit_callbacks(execute=True):
        cluster_update(actor=editor, cluster=cluster, data={"description": "Organoids in Lyon."})

    assert "Organoids in Lyon." in Client().get(url).content.decode()


class RecordingCache(CountingCache):
    """The cache, recording how long each stored page lives."""

    def __init__(self, wrapped) -> None:
        super().__init__(wrapped)
        self.lifetimes: list[int] = []

    def set(self, key, value, timeout):
        self.lifetimes.append(timeout)
        return self.wrapped.set(key, value, timeout)


@pytest.mark.parametrize(
    ("url_name", "lifetime"),
    [("partners:list", 600), ("opportunities:list", 600), ("home", 60), ("stats:index", 60)],
)
def test_pages_of_the_beats_aggregates_live_no_longer_than_their_refresh(
    page_cache_on, url_name, lifetime, monkeypatch
):
    recording = RecordingCache(cache)
    monkeypatch.setattr(page_cache, "cache", recording)

    assert Client().get(reverse(url_name))["X-Cache"] == "MISS"

    assert recording.lifetimes == [lifetime]


def test_with_the_shared_cache_off_nothing_is_stored_and_every_request_renders(published):
    url = reverse("opportunities:list")
    Client().get(url)
    with CaptureQueriesContext(connection) as captured:
        Client().get(url)

    assert stored_pages() == []
    assert captured.captured_queries  # rendered again: what `make bench` times
