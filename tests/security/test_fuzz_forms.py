"""Every form fuzzed: hostile values in any of its fields never get an HTTP 500.

Each form is taken from the page that serves it, filled as the browser would submit it (so
every other field is valid), then hypothesis replaces some fields with hostile values — or
several values, or adds a field the form does not have — and posts it as the person the form
is for. The answer must be the form with its errors (200/400), a redirect, or a refusal.
Each post runs in a rolled-back savepoint.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import given

from tests.accounts.factories import DEFAULT_PASSWORD
from tests.personas import client_for
from tests.security.forms import forms_in
from tests.security.fuzz import (
    ACCEPTABLE,
    FORM_EXAMPLES,
    fuzz_settings,
    hostile_changes,
    hostile_query,
)
from tests.security.objects import Objects, build_objects
from tests.security.test_fuzz_filters import filter_parameters
from tests.security.walk import fresh_client, request_rolled_back


@dataclass(frozen=True)
class FormPage:
    persona: str
    page: Callable[[Objects], str]  # the page that serves the form
    field: str | Callable[[Objects], str]  # a field (or the action) that identifies the form
    fill: Callable[[Objects], dict] = lambda o: {}  # what the user types to make it valid


def _detail(attribute: str) -> Callable[[Objects], str]:
    return lambda o: reverse("opportunities:detail", args=[getattr(o, attribute).pk])


def _action(name: str, *attributes: str) -> Callable[[Objects], str]:
    def action(o: Objects) -> str:
        args = [o.world.org_a.slug if a == "org_a" else getattr(o, a).pk for a in attributes]
        return "action=" + reverse(name, args=args)

    return action


def _fixed(**values) -> Callable[[Objects], dict]:
    return lambda o: values


PASSWORD = {"password1": "Tr0ub4dor&3-horse", "password2": "Tr0ub4dor&3-horse"}
EVENT_FIELDS = {
    "title": "Fuzz day",
    "tables": "2",
    "video_link_template": "https://meet.example.org/{event}-{meeting}",
    "registration_deadline": "2031-01-10T18:00",
    "request_deadline": "2031-01-12T18:00",
    "windows": "2031-01-15 09:00-10:00",
}


def _event_url(name: str, attribute: str | None = None) -> Callable[[Objects], str]:
    def url(o: Objects) -> str:
        args = [o.events.event.slug]
        if attribute:
            args.append(getattr(o.events, attribute).pk)
        return reverse(f"events:{name}", args=args)

    return url


FORMS = {
    "organization edit": FormPage(
        "org_admin_a", lambda o: reverse("partners:edit", args=[o.world.org_a.slug]), "name"
    ),
    "organization create": FormPage(
        "staff_x",
        lambda o: reverse("partners:create"),
        "name",
        _fixed(name="Newco", kind="company"),
    ),
    "opportunity post": FormPage(
        "member_a",
        lambda o: reverse("opportunities:create"),
        "title",
        _fixed(type="technology_offer", title="An assay", summary="For sepsis."),
    ),
    "opportunity edit": FormPage(
        "org_admin_a", lambda o: reverse("opportunities:edit", args=[o.opp_draft.pk]), "title"
    ),
    "expression of interest": FormPage(
        "member_a", _detail("opp_b_published"), "message", _fixed(message="We are interested.")
    ),
    "interest reply": FormPage(
        "org_admin_a", _detail("opp_published"), lambda o: f"interest-{o.eoi.pk}-reply"
    ),
    "moderation comment": FormPage(
        "staff_x", _detail("opp_submitted"), "comment", _fixed(decision="request_changes")
    ),
    "close": FormPage(
        "org_admin_a",
        _detail("opp_published"),
        _action("opportunities:close", "opp_published"),
        _fixed(reason="filled"),
    ),
    "alert create": FormPage(
        "member_a", lambda o: reverse("matching:alert_create"), "name", _fixed(name="Sepsis")
    ),
    "alert edit": FormPage(
        "member_a", lambda o: reverse("matching:alert_edit", args=[o.alert_a.pk]), "name"
    ),
    "save search": FormPage(
        "member_a", lambda o: reverse("opportunities:list"), "frequency", _fixed(name="Sepsis")
    ),
    "notification preferences": FormPage(
        "member_a",
        lambda o: reverse("notifications:preferences"),
        _action("notifications:preferences"),
    ),
    "profile": FormPage("member_a", lambda o: reverse("accounts:profile"), "first_name"),
    "account deletion": FormPage(
        "member_a",
        lambda o: reverse("accounts:delete"),
        "password",
        _fixed(password=DEFAULT_PASSWORD),
    ),
    "cluster page": FormPage(
        "staff_x", lambda o: reverse("clusters:edit", args=[o.world.cluster_x.slug]), "description"
    ),
    "invitation": FormPage(
        "org_admin_a",
        lambda o: reverse("partners:members", args=[o.world.org_a.slug]),
        "email",
        _fixed(email="colleague@persona.example"),
    ),
    "join request decision": FormPage(
        "org_admin_a",
        lambda o: reverse("partners:members", args=[o.world.org_a.slug]),
        _action("partners:join_request_decide", "org_a", "join_request_a"),
        _fixed(decision="approve"),
    ),
    "join request": FormPage(
        "org_admin_b", lambda o: reverse("partners:join", args=[o.world.org_a.slug]), "message"
    ),
    "language": FormPage(
        "member_a", lambda o: reverse("home"), _action("set_language"), _fixed(language="fr")
    ),
    "event create": FormPage(
        "staff_x",
        lambda o: reverse("events:create"),
        "windows",
        _fixed(slug="fuzz-day", **EVENT_FIELDS),
    ),
    "event edit": FormPage("staff_x", _event_url("edit"), "windows"),
    "event registration": FormPage("org_admin_a", _event_url("register"), "people"),
    "event profile": FormPage(
        "member_a", _event_url("registration_edit", "registration_a"), "offer"
    ),
    "meeting request": FormPage(
        "org_admin_b",
        _event_url("participant", "registration_a2"),
        "message",
        _fixed(message="Shall we meet?"),
    ),
    "meeting accept": FormPage(
        "member_a", _event_url("request", "request"), "slot", _fixed(decision="accept")
    ),
    "meeting decline": FormPage(
        "member_a",
        _event_url("request", "request"),
        "message",
        _fixed(decision="decline", reason="no_time"),
    ),
    "sign-up": FormPage(
        "visitor",
        lambda o: reverse("account_signup"),
        "password1",
        _fixed(email="newcomer@persona.example", **PASSWORD),
    ),
    "log-in": FormPage(
        "visitor",
        lambda o: reverse("account_login"),
        "login",
        _fixed(login="member-a@persona.example", password=DEFAULT_PASSWORD),
    ),
    "password reset": FormPage(
        "visitor",
        lambda o: reverse("account_reset_password"),
        "email",
        _fixed(email="member-a@persona.example"),
    ),
}


@pytest.fixture
def objects(world) -> Objects:
    return build_objects(world)


def served_form(client, page_url: str, field: str) -> tuple[str, dict]:
    """The form's action (the page itself when it has none) and its data as served.

    `field` is a field name, or "action=<url>" for a form known by where it posts.
    """
    response = client.get(page_url)
    assert response.status_code == 200, (page_url, response.status_code)
    for form in forms_in(response.content.decode()):
        action = form["action"] or page_url
        if field in form["data"] or field == f"action={action}":
            return action, dict(form["data"])
    raise AssertionError(f"no form with {field!r} on {page_url}")


def _prepared(objects: Objects, target: FormPage):
    cookies = client_for(objects.world, target.persona).cookies
    field = target.field(objects) if callable(target.field) else target.field
    action, served = served_form(fresh_client(cookies), target.page(objects), field)
    return cookies, action, {**served, **target.fill(objects)}


@pytest.mark.parametrize("target", FORMS.values(), ids=FORMS.keys())
def test_hostile_form_values_never_get_a_server_error(objects, target):
    cookies, action, served = _prepared(objects, target)
    fields = [name for name in served if name != "csrfmiddlewaretoken"]

    @fuzz_settings(FORM_EXAMPLES)
    @given(changes=hostile_changes(fields))
    def fuzz(changes):
        data = {**served, **changes}
        response = request_rolled_back(cookies, "POST", action, data)
        assert response.status_code in ACCEPTABLE, (action, changes, response.status_code)

    fuzz()


@pytest.mark.parametrize("target", FORMS.values(), ids=FORMS.keys())
def test_the_form_as_served_is_accepted(objects, target):
    """The baseline is a valid submission: the fuzzed values are what makes the difference."""
    cookies, action, served = _prepared(objects, target)

    response = request_rolled_back(cookies, "POST", action, served)

    assert response.status_code == 302, (action, response.status_code)


def test_hostile_searches_saved_as_alerts_never_get_a_server_error(objects):
    """ "Save this search" takes the marketplace's filters from its query string, unvalidated."""
    target = FORMS["save search"]
    cookies, action, served = _prepared(objects, target)
    marketplace = fresh_client(cookies).get(reverse("opportunities:list")).content.decode()
    parameters = filter_parameters(marketplace)

    @fuzz_settings(FORM_EXAMPLES)
    @given(query=hostile_query(parameters))
    def fuzz(query):
        url = f"{action}?{urlencode(query, doseq=True)}"
        response = request_rolled_back(cookies, "POST", url, served)
        assert response.status_code in ACCEPTABLE, (query, response.status_code)

    fuzz()
