"""The URL x role walk again, with the shared page cache on (core/page_cache.py).

For each persona: a visitor first walks every GET row (storing every page that may be shared),
then the persona walks them, then a visitor walks them again. Each request must still get the
outcome of `EXPECTED` (a stored page never answers for someone whose answer differs), and:

- a signed-in persona's pages are its own (its e-mail address in the navigation bar), say
  `private, no-store` (the API keeps its own rules: tests/api), and nothing new is stored
  while it walks;
- the visitor's pages afterwards name no persona and say `public` only on shared pages.
"""

import pytest
from django.core.cache import cache

from core.page_cache import OWN_RULES_PREFIXES as OWN_RULES
from core.page_cache import PUBLIC_PAGES
from tests.personas import PERSONAS, VISITOR, client_for
from tests.security.objects import build_objects
from tests.security.test_access_walk import EXPECTED, _url
from tests.security.walk import outcome, request_rolled_back

GET_ROWS = [(key, row) for key, row in EXPECTED.items() if row.method == "GET"]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600  # as deployed


def _walk(world, objects, persona: str) -> list[tuple[str, str, object]]:
    """(url, view name, response) for every GET row, as `persona`."""
    cookies = client_for(world, persona).cookies
    walked = []
    for (name, _variant), row in GET_ROWS:
        url = _url(name, row, objects)
        setup = (lambda row=row: row.setup(objects)) if row.setup else None
        walked.append((url, name, request_rolled_back(cookies, "GET", url, None, setup)))
    return walked


def _wrong_outcomes(walked, persona: str) -> list[str]:
    column = PERSONAS.index(persona)
    wrong = []
    for ((name, variant), row), (url, _name, response) in zip(GET_ROWS, walked, strict=True):
        if outcome(response) != row.expect[column]:
            wrong.append(f"{url} [{name} {variant}]: {outcome(response)}, not {row.expect[column]}")
    return wrong


def _html(response) -> str:
    if response.streaming or "text/html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode()


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != VISITOR])
def test_no_page_crosses_between_a_member_and_visitors(world, persona):
    objects = build_objects(world)
    emails = [user.email for user in world.users.values()]

    before = _walk(world, objects, VISITOR)
    stored = set(cache.keys("public-page:*"))
    as_persona = _walk(world, objects, persona)
    after = _walk(world, objects, VISITOR)

    assert stored, "the visitor's walk stored no page: the cache is not on"
    assert not _wrong_outcomes(before, VISITOR)
    assert not _wrong_outcomes(as_persona, persona)
    assert not _wrong_outcomes(after, VISITOR)
    assert set(cache.keys("public-page:*")) == stored, "a signed-in page was stored"
    email = world.user(persona).email
    for url, _name, response in as_persona:
        if response.status_code == 200 and _html(response) and not url.startswith(OWN_RULES):
            assert email in _html(response), f"{url}: not {persona}'s own page"
            assert "no-store" in response["Cache-Control"], url
            assert "private" in response["Cache-Control"], url
    for url, name, response in after:
        assert not any(address in _html(response) for address in emails), url
        if "public" in response.get("Cache-Control", ""):
            assert name in PUBLIC_PAGES, url
