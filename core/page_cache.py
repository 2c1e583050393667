"""The shared cache of public pages for visitors, and the HTTP caching headers of every page.

Most of the portal's readers are visitors reading the same public pages (home, clusters,
directory, marketplace, profiles, opportunities, statistics). Their answers are shared through
the cache (Redis), by two middlewares placed like Django's own cache middleware:

- `PublicPageFetchMiddleware` (last in MIDDLEWARE: it knows the user, the language and the
  view) answers a visitor's GET or HEAD of a public page from the cache, or marks the request
  so that its answer may be stored;
- `PublicPageStoreMiddleware` (above sessions, CSRF and messages: it sees every cookie they
  set) stores that answer when nothing in it belongs to one visitor, and sets `Cache-Control`,
  `Vary` and `ETag` (with 304 answers) on every page.

A visitor who sends **no session cookie and no messages cookie** (most readers: public pages
set neither) is answered by `PublicPageStoreMiddleware` itself, before sessions, locale, CSRF,
authentication, messages, allauth and history run: such a request cannot be signed in (sessions
are the only way to sign in outside the API) and holds nothing, and the key is the same (the
language from the cookie, else Accept-Language, as LocaleMiddleware picks it). A request that
carries a session cookie, whatever it holds, goes the whole way down and is judged by
`PublicPageFetchMiddleware` as above. A hit costs one Redis round trip: the entry keeps the
generation it was stored under, read with the current generation in one MGET.

The guarantees (tests/core/test_page_cache.py, tests/security/test_page_cache_walk.py):

- **a signed-in member's page is never stored, and never served from the cache**: both
  middlewares check the user, before the view and after it (a view that signs someone in or
  out is not stored either);
- **a visitor's stored page is only served to visitors** whose session holds nothing and who
  have no message waiting: the cache is not even read for anyone else;
- **an answer that set a cookie, used a CSRF token or showed a message is never stored**, nor
  one that is not a 200 for GET, is streamed, or says `private`/`no-store`/`no-cache`;
- the key is the full URL (scheme, host, path and query string as sent), the page's language
  (`request.LANGUAGE_CODE`: the language cookie, else Accept-Language) and the `HX-Request`
  header (the list pages answer htmx with a fragment), so two visitors share a page only when
  they would have got the same one;
- `invalidate_public_pages()` (called when an organization, an opportunity, an event or a
  cluster's page changes, after the commit: home/handlers.py) retires every entry at once by
  moving to a new generation: an entry stored under another generation than the current one
  is a miss (a page rendered before the change and stored after it included);
- so entries live long, PUBLIC_PAGE_CACHE_SECONDS (600 s): the lifetime only bounds what
  changes without a domain event (admin edits of the taxonomy, the clock). The pages that show
  the beat-refreshed aggregates (`SHORT_LIVED_PAGES`: the home page's key figures, `/stats/`)
  live at most AGGREGATE_PAGE_SECONDS (60 s), the aggregates' own refresh period. A short
  lifetime would cap the hit rate far below a running portal's: with ~3,000 URLs a visitor
  reads, a page requested once a minute is a hit half the time with 60 s entries, 91 % with
  600 s.

Stored bodies are compressed (zlib): a 60 KB page takes ~8 KB of Redis, so an attacker
requesting endless distinct query strings fills memory slowly (give Redis a `maxmemory` with
`allkeys-lru` in production, so such entries evict old pages rather than fill the memory).
PUBLIC_PAGE_CACHE_SECONDS = 0 turns the shared cache off (the headers stay): the in-process
page timings of `make bench` measure the uncached pages that way.
"""

import hashlib
import zlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

# The views whose visitor pages are shared (the URL names: the URLs themselves never change).
PUBLIC_PAGES = frozenset(
    {
        "home",
        "clusters:list",
        "clusters:detail",
        "partners:list",
        "partners:detail",
        "opportunities:list",
        "opportunities:detail",
        "events:list",
        "events:detail",
        "stats:index",
    }
)
# What a shared page may vary on: the key covers each of them (the language, HX-Request) or
# the conditions for sharing do (Cookie: a visitor without session data or messages).
SHAREABLE_VARY = frozenset({"accept-language", "cookie", "hx-request", "accept-encoding"})
UNSHAREABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")
# Left to their own rules: the API (keys, its own ETags) and the admin.
OWN_RULES_PREFIXES = ("/api/", "/admin/")
GENERATION_KEY = "public-pages:generation"
MARK = "_public_page_cache"  # request attribute: (key, generation) to store under, or HIT
# Request attribute: the key the early lookup found missing (PublicPageFetchMiddleware then
# does not read it again).
EARLY_MISS = "_public_page_early_miss"

HIT = "hit"
# Pages showing aggregates the beat refreshes every minute (core.caching): no domain event
# tells when they change, so they live no longer than that period.
SHORT_LIVED_PAGES = frozenset({"home", "stats:index"})
AGGREGATE_PAGE_SECONDS = 60


def new_generation(key: str) -> None:
    """Move the generation stored under `key` on: every entry stored with an older one (read
    with it in one MGET) is a miss from now on. Also the cards of core/fragments.py."""
    try:
        cache.incr(key)
    except ValueError:  # no generation yet (first change since the cache was emptied)
        cache.add(key, 1, timeout=None)


def invalidate_public_pages() -> None:
    """Retire every stored page at once: later requests use a new generation of keys."""
    new_generation(GENERATION_KEY)


def _enabled() -> bool:
    return settings.PUBLIC_PAGE_CACHE_SECONDS > 0


def _lifetime(request: HttpRequest) -> int:
    """How long a stored page of this view lives (seconds)."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in SHORT_LIVED_PAGES:
        return min(seconds, AGGREGATE_PAGE_SECONDS)
    return seconds


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _is_public_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in PUBLIC_PAGES


def _holds_nothing(request: HttpRequest) -> bool:
    """No session data (log-in steps, pending invitations...) and no message waiting."""
    session = getattr(request, "session", None)
    if session is not None and list(session.keys()):
        return False
    messages = getattr(request, "_messages", None)
    return messages is None or len(messages) == 0


def _sends_nothing_personal(request: HttpRequest) -> bool:
    """No session cookie and no messages cookie: an anonymous visitor holding nothing, known
    before any middleware below runs (a session is the only way to be signed in here)."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def page_key(request: HttpRequest, language: str | None = None) -> str:
    """The cache key of a visitor's page: full URL, language, htmx or not."""
    parts = "\n".join(
        (
            request.build_absolute_uri(),
            language or getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            request.headers.get("HX-Request", ""),
        )
    )
    digest = hashlib.sha256(parts.encode()).hexdigest()
    return f"public-page:{digest}"


def _lookup(key: str) -> tuple[HttpResponse | None, int]:
    """The stored page if it belongs to the current generation, and that generation: one
    round trip (MGET)."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY, 0)
    return _unpack(found.get(key), generation), generation


def _pack(response: HttpResponse, generation: int) -> tuple[int, bytes, dict[str, str]]:
    return generation, zlib.compress(response.content, 6), dict(response.headers.items())


def _unpack(stored: Any, generation: int) -> HttpResponse | None:
    try:
        stored_generation, body, headers = stored
        if stored_generation != generation:
            return None  # stored before the last change: render the page again
        return HttpResponse(zlib.decompress(body), headers=headers)
    except (TypeError, ValueError, zlib.error):
        return None  # no entry, or one of another format: render the page again


def _early_key(request: HttpRequest) -> str | None:
    """The key of a sessionless visitor's GET or HEAD of a public page, before the middlewares
    below Store have run (None: leave the request to them)."""
    if not (_enabled() and request.method in ("GET", "HEAD") and _sends_nothing_personal(request)):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name not in PUBLIC_PAGES:
        return None
    # What LocaleMiddleware would activate for a visitor: the language cookie, else
    # Accept-Language, else LANGUAGE_CODE (no language in the URL).
    return page_key(request, translation.get_language_from_request(request))


class PublicPageFetchMiddleware:
    """Last in MIDDLEWARE: serves a visitor's public page from the cache (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not (
            _enabled()
            and request.method in ("GET", "HEAD")
            and _is_public_page(request)
            and not _signed_in(request)
            and _holds_nothing(request)
        ):
            return None
        key = page_key(request)
        early_miss = getattr(request, EARLY_MISS, None)
        if early_miss is not None and early_miss[0] == key:
            response, generation = None, early_miss[1]  # just read by the early lookup
        else:
            response, generation = _lookup(key)
        if response is None:
            setattr(request, MARK, (key, generation))
            return None
        setattr(request, MARK, HIT)
        return response


class PublicPageStoreMiddleware:
    """Above sessions, CSRF and messages (see the module): stores what may be shared, and
    sets the caching headers: `public` for visitors' public pages, `private, no-store` for
    every page of a signed-in member."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        early_key = _early_key(request)
        if early_key is not None:
            hit, generation = _lookup(early_key)
            if hit is not None:
                setattr(request, MARK, HIT)
                return self._answer_hit(request, hit)
            setattr(request, EARLY_MISS, (early_key, generation))
        response = self.get_response(request)
        if request.path.startswith(OWN_RULES_PREFIXES):
            return response
        if _signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
            return response
        mark = getattr(request, MARK, None)
        if mark == HIT:
            return self._answer_hit(request, response)
        if mark is None:
            if not self._public_answer(request, response):
                return response
        else:
            response["X-Cache"] = "MISS"
            if not self._shareable(request, response):
                return response
        self._mark_public(response)
        if mark is not None:
            key, generation = mark
            cache.set(key, _pack(response, generation), _lifetime(request))
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def _answer_hit(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """A stored page, found early (above the middlewares below) or late (by Fetch). X-Cache
        is the verdict for the load test's hit rate (and for anyone debugging a page)."""
        response["X-Cache"] = "HIT"
        self._mark_public(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @staticmethod
    def _public_answer(request: HttpRequest, response: HttpResponseBase) -> bool:
        """A visitor's public page while the shared cache is off: the same headers."""
        return (
            request.method in ("GET", "HEAD")
            and _is_public_page(request)
            and PublicPageStoreMiddleware._shareable(request, response)
        )

    @staticmethod
    def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
        if not isinstance(response, HttpResponse) or response.status_code != 200:
            return False  # redirects, errors, files and streams are not shared
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # set a cookie, or carries a CSRF token
        if getattr(request, "session", None) is not None and request.session.modified:
            return False
        if not _holds_nothing(request):
            return False  # a message was added (it would have set a cookie anyway)
        cache_control = response.get("Cache-Control", "")
        if any(word in cache_control for word in UNSHAREABLE_CACHE_CONTROL):
            return False
        vary = {header.strip().lower() for header in response.get("Vary", "").split(",") if header}
        return vary <= SHAREABLE_VARY

    @staticmethod
    def _mark_public(response: HttpResponse) -> None:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        if not response.has_header("ETag"):
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'"{digest}"'
