"""Every list filter fuzzed: hostile query strings never get an HTTP 500.

The parameters of each list are read from the filter form the page itself serves (so a new
filter is fuzzed without touching this file), plus `page`, `sort` and an unknown one. Each
request runs in a rolled-back savepoint, so a database error in one example could not hide
behind another.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.personas import client_for
from tests.security.forms import forms_in
from tests.security.fuzz import ACCEPTABLE, FILTER_EXAMPLES, fuzz_settings, hostile_query
from tests.security.objects import Objects, build_objects
from tests.security.walk import fresh_client, request_rolled_back


@dataclass(frozen=True)
class ListPage:
    persona: str
    url: Callable[[Objects], str]
    parameters: tuple[str, ...] = ()  # besides the fields of the page's own GET forms


LISTS = {
    "directory": ListPage("visitor", lambda o: reverse("partners:list")),
    "marketplace": ListPage("member_a", lambda o: reverse("opportunities:list")),
    "cluster page": ListPage(
        "visitor", lambda o: reverse("clusters:detail", args=[o.world.cluster_x.slug])
    ),
    "statistics": ListPage("staff_x", lambda o: reverse("stats:index"), ("cluster",)),
    "cluster figures csv": ListPage(
        "staff_x", lambda o: reverse("stats:csv", args=["cluster"]), ("cluster",)
    ),
    "notifications": ListPage("member_a", lambda o: reverse("notifications:list"), ("filter",)),
    "alerts": ListPage("member_a", lambda o: reverse("matching:alerts")),
    "admin organizations": ListPage(
        "consortium_admin",
        lambda o: reverse("admin:partners_organization_changelist"),
        ("q", "o", "p", "e", "is_verified__exact", "cluster__id__exact", "kind__exact"),
    ),
    "admin opportunities": ListPage(
        "consortium_admin",
        lambda o: reverse("admin:opportunities_opportunity_changelist"),
        ("q", "o", "p", "status__exact", "type__exact"),
    ),
}


def filter_parameters(html: str) -> list[str]:
    """The field names of the page's GET forms (those without a CSRF token)."""
    names = set()
    for form in forms_in(html):
        if "csrfmiddlewaretoken" not in form["data"]:
            names.update(form["data"])
    return sorted(names)


@pytest.fixture
def objects(world) -> Objects:
    return build_objects(world)


@pytest.mark.parametrize("page", LISTS.values(), ids=LISTS.keys())
def test_a_list_serves_its_own_filter_form(objects, page):
    client = fresh_client(client_for(objects.world, page.persona).cookies)

    response = client.get(page.url(objects))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["directory", "marketplace"])
def test_the_filter_parameters_are_read_from_the_page(objects, name):
    page = LISTS[name]
    client = fresh_client(client_for(objects.world, page.persona).cookies)

    parameters = filter_parameters(client.get(page.url(objects)).content.decode())

    assert "q" in parameters
    assert len(parameters) >= 4


PAGE_NUMBERS = ["abc", "999999", "-1", "0", "1.5", "", "1e3", "\u0661"]


@pytest.mark.parametrize("page", LISTS.values(), ids=LISTS.keys())
def test_any_page_number_gives_a_page(objects, page):
    cookies = client_for(objects.world, page.persona).cookies
    url = page.url(objects)

    statuses = {
        number: request_rolled_back(cookies, "GET", url, {"page": number}).status_code
        for number in PAGE_NUMBERS
    }

    assert set(statuses.values()) <= {200, 302}, statuses


@pytest.mark.parametrize("page", LISTS.values(), ids=LISTS.keys())
def test_hostile_filters_never_get_a_server_error(objects, page):
    cookies = client_for(objects.world, page.persona).cookies
    url = page.url(objects)
    html = fresh_client(cookies).get(url).content.decode()
    parameters = filter_parameters(html) + list(page.parameters)

    @fuzz_settings(FILTER_EXAMPLES)
    @given(query=hostile_query(parameters), htmx=st.booleans())
    def fuzz(query, htmx):
        headers = {"HX-Request": "true"} if htmx else {}
        response = request_rolled_back(cookies, "GET", url, query, headers=headers)
        assert response.status_code in ACCEPTABLE, (url, query, response.status_code)

    fuzz()
