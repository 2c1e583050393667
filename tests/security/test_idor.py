"""Insecure direct object references: aim at another organization's (or person's) object by id.

Every attempt sends a request that would succeed for the owner (a complete form, a valid
decision), is refused with 403 or 404, and leaves the database as it was: the row itself, and
the number of rows of every table it could have added to.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import models
from django.urls import reverse

from matching.models import Alert
from notifications.models import Notification
from opportunities.models import (
    ExpressionOfInterest,
    Opportunity,
    OpportunityAttachment,
    OpportunityEvent,
    OpportunityStatus,
)
from partners.models import Invitation, JoinRequest, Membership, Organization
from tests.security.forms import form_with_field
from tests.security.objects import Objects, build_objects
from tests.security.walk import fresh_client

REFUSED = (403, 404)
COUNTED = (
    Opportunity,
    OpportunityAttachment,
    OpportunityEvent,
    ExpressionOfInterest,
    Alert,
    Notification,
    Invitation,
    JoinRequest,
    Membership,
    Organization,
)


def _row(instance: models.Model) -> dict | None:
    return type(instance).objects.filter(pk=instance.pk).values().first()


@contextmanager
def nothing_changes(*instances: models.Model):
    """The rows stay exactly as they are, and no table gains or loses a row."""
    rows = [_row(instance) for instance in instances]
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    yield
    assert [_row(instance) for instance in instances] == rows
    assert {model.__name__: model.objects.count() for model in COUNTED} == counts


@pytest.fixture
def objects(world) -> Objects:
    return build_objects(world)


@pytest.fixture
def as_persona(persona_client):
    """A client that reports server errors as responses (a 500 must fail the status check)."""

    def make(persona: str):
        return fresh_client(persona_client(persona).cookies)

    return make


def _form_of(as_persona, persona: str, url: str, field: str, **changes) -> dict:
    """The form of that page as its rightful user gets it, with some values changed."""
    data = form_with_field(as_persona(persona).get(url).content.decode(), field)
    data.update(changes)
    return data


def _submitted_b(o: Objects) -> None:
    Opportunity.objects.filter(pk=o.opp_b_draft.pk).update(status=OpportunityStatus.SUBMITTED)


def _close_b_published(o: Objects) -> None:
    Opportunity.objects.filter(pk=o.opp_b_published.pk).update(status=OpportunityStatus.CLOSED)


@dataclass(frozen=True)
class Attack:
    persona: str
    method: str
    url: Callable[[Objects], str]
    targets: Callable[[Objects], list]
    owner: str | None  # who may send the very same request (None: nobody, e.g. a wrong URL)
    data: Callable[[Objects, Callable], dict] = lambda o, as_persona: {}
    setup: Callable[[Objects], None] | None = None


def _url(name: str, *args: Callable[[Objects], object]) -> Callable[[Objects], str]:
    return lambda o: reverse(name, args=[arg(o) for arg in args])


def _pk(attribute: str) -> Callable[[Objects], int]:
    return lambda o: getattr(o, attribute).pk


def _slug(organization: str) -> Callable[[Objects], str]:
    return lambda o: getattr(o.world, organization).slug


def _targets(*attributes: str) -> Callable[[Objects], list]:
    def targets(o: Objects) -> list:
        found = []
        for attribute in attributes:
            holder = o.world if attribute.startswith(("org_", "cluster_")) else o
            found.append(getattr(holder, attribute))
        return found

    return targets


def _edit_b_draft(o, as_persona):
    url = reverse("opportunities:edit", args=[o.opp_b_draft.pk])
    return _form_of(as_persona, "org_admin_b", url, "title", title="Taken over")


def _edit_org_b(o, as_persona):
    url = reverse("partners:edit", args=[o.world.org_b.slug])
    return _form_of(as_persona, "org_admin_b", url, "name", name="Taken over")


def _edit_org_a(o, as_persona):
    url = reverse("partners:edit", args=[o.world.org_a.slug])
    return _form_of(as_persona, "org_admin_a", url, "name", name="Taken over")


def _edit_cluster_y(o, as_persona):
    url = reverse("clusters:edit", args=[o.world.cluster_y.slug])
    return _form_of(as_persona, "staff_y", url, "description", description="Taken over")


def _create_in_cluster_y(o, as_persona):
    data = _form_of(as_persona, "staff_x", reverse("partners:create"), "name", name="Intruder")
    data["cluster"] = str(o.world.cluster_y.pk)
    return data


def _alert_b_form(o, as_persona):
    url = reverse("matching:alert_edit", args=[o.alert_b.pk])
    return _form_of(as_persona, "org_admin_b", url, "name", name="Taken over")


def _answer(decision: str):
    # A decline gives its reason (the form asks for one).
    return lambda o, as_persona: {
        f"interest-{o.eoi.pk}-decision": decision,
        f"interest-{o.eoi.pk}-decline_reason": "timing",
    }


def _fixed(data: dict):
    return lambda o, as_persona: data


def _interest_of_a(o, as_persona):
    return {"organization": o.world.org_a.pk, "message": "We are interested."}


def _unverify_a(o: Objects) -> None:
    Organization.objects.filter(pk=o.world.org_a.pk).update(is_verified=False)


ATTACKS: dict[str, Attack] = {
    "edit B's draft": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("opportunities:edit", _pk("opp_b_draft")),
        targets=_targets("opp_b_draft"),
        data=_edit_b_draft,
        owner="org_admin_b",
    ),
    "submit B's draft": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("opportunities:submit", _pk("opp_b_draft")),
        targets=_targets("opp_b_draft"),
        owner="org_admin_b",
    ),
    "close B's published": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("opportunities:close", _pk("opp_b_published")),
        targets=_targets("opp_b_published"),
        data=_fixed({"reason": "withdrawn"}),
        owner="org_admin_b",
    ),
    "renew B's published": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("opportunities:renew", _pk("opp_b_published")),
        targets=_targets("opp_b_published"),
        owner="org_admin_b",
    ),
    "publish B's, other cluster": Attack(
        persona="staff_x",
        method="POST",
        url=_url("opportunities:review", _pk("opp_b_draft")),
        targets=_targets("opp_b_draft"),
        data=_fixed({"decision": "publish"}),
        setup=_submitted_b,
        owner="staff_y",
    ),
    "reject A's, other cluster": Attack(
        persona="staff_y",
        method="POST",
        url=_url("opportunities:review", _pk("opp_submitted")),
        targets=_targets("opp_submitted"),
        data=_fixed({"decision": "reject", "comment": "No."}),
        owner="staff_x",
    ),
    "a member moderates": Attack(
        persona="member_a",
        method="POST",
        url=_url("opportunities:review", _pk("opp_submitted")),
        targets=_targets("opp_submitted"),
        data=_fixed({"decision": "publish"}),
        owner="staff_x",
    ),
    "withdraw A's, other cluster": Attack(
        persona="staff_y",
        method="POST",
        url=_url("opportunities:close", _pk("opp_published")),
        targets=_targets("opp_published"),
        data=_fixed({"reason": "withdrawn"}),
        owner="staff_x",
    ),
    "download B's draft attachment": Attack(
        persona="org_admin_a",
        method="GET",
        url=_url("opportunities:attachment", _pk("opp_b_draft"), _pk("attachment_b_draft")),
        targets=_targets("attachment_b_draft"),
        owner=None,
    ),
    "B's attachment under A's URL": Attack(
        persona="org_admin_a",
        method="GET",
        url=_url("opportunities:attachment", _pk("opp_published"), _pk("attachment_b_draft")),
        targets=_targets("attachment_b_draft"),
        owner=None,
    ),
    "delete B's attachment via A's draft": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("opportunities:attachment_delete", _pk("opp_draft"), _pk("attachment_b_draft")),
        targets=_targets("attachment_b_draft"),
        owner=None,
    ),
    "delete A's draft attachment": Attack(
        persona="org_admin_b",
        method="POST",
        url=_url("opportunities:attachment_delete", _pk("opp_draft"), _pk("attachment_draft")),
        targets=_targets("attachment_draft"),
        owner="org_admin_a",
    ),
    "delete A's published attachment": Attack(
        persona="org_admin_b",
        method="POST",
        url=_url(
            "opportunities:attachment_delete", _pk("opp_published"), _pk("attachment_published")
        ),
        targets=_targets("attachment_published"),
        owner=None,
    ),
    "B accepts its own interest": Attack(
        persona="org_admin_b",
        method="POST",
        url=_url("opportunities:answer", _pk("eoi")),
        targets=_targets("eoi", "opp_published"),
        data=_answer("accept"),
        owner="org_admin_a",
    ),
    "B declines its own interest": Attack(
        persona="org_admin_b",
        method="POST",
        url=_url("opportunities:answer", _pk("eoi")),
        targets=_targets("eoi"),
        data=_answer("decline"),
        owner="org_admin_a",
    ),
    "staff accept for the owner": Attack(
        persona="staff_x",
        method="POST",
        url=_url("opportunities:answer", _pk("eoi")),
        targets=_targets("eoi"),
        data=_answer("accept"),
        owner="member_a",
    ),
    "interest in B's draft": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("opportunities:interest", _pk("opp_b_draft")),
        targets=_targets("opp_b_draft"),
        data=_interest_of_a,
        owner=None,
    ),
    "interest in B's closed one": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("opportunities:interest", _pk("opp_b_published")),
        targets=_targets("opp_b_published"),
        data=_interest_of_a,
        setup=_close_b_published,
        owner=None,
    ),
    "read B's alert": Attack(
        persona="member_a",
        method="GET",
        url=_url("matching:alert_edit", _pk("alert_b")),
        targets=_targets("alert_b"),
        owner=None,
    ),
    "edit B's alert": Attack(
        persona="member_a",
        method="POST",
        url=_url("matching:alert_edit", _pk("alert_b")),
        targets=_targets("alert_b"),
        data=_alert_b_form,
        owner="org_admin_b",
    ),
    "delete B's alert": Attack(
        persona="member_a",
        method="POST",
        url=_url("matching:alert_delete", _pk("alert_b")),
        targets=_targets("alert_b"),
        owner="org_admin_b",
    ),
    "mark B's notification read": Attack(
        persona="member_a",
        method="POST",
        url=_url("notifications:read", _pk("notification_b")),
        targets=_targets("notification_b"),
        owner="org_admin_b",
    ),
    "open B's notification": Attack(
        persona="member_a",
        method="GET",
        url=_url("notifications:open", _pk("notification_b")),
        targets=_targets("notification_b"),
        owner="org_admin_b",
    ),
    "edit organization B": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("partners:edit", _slug("org_b")),
        targets=_targets("org_b"),
        data=_edit_org_b,
        owner="org_admin_b",
    ),
    "a member edits A": Attack(
        persona="member_a",
        method="POST",
        url=_url("partners:edit", _slug("org_a")),
        targets=_targets("org_a"),
        data=_edit_org_a,
        owner="org_admin_a",
    ),
    "other cluster's staff edit A": Attack(
        persona="staff_y",
        method="POST",
        url=_url("partners:edit", _slug("org_a")),
        targets=_targets("org_a"),
        data=_edit_org_a,
        owner="staff_x",
    ),
    "unverify B, other cluster": Attack(
        persona="staff_x",
        method="POST",
        url=_url("partners:verify", _slug("org_b")),
        targets=_targets("org_b"),
        data=_fixed({"action": "unverify"}),
        owner="staff_y",
    ),
    "an org admin verifies itself": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("partners:verify", _slug("org_a")),
        targets=_targets("org_a"),
        setup=_unverify_a,
        owner="staff_x",
    ),
    "create in another cluster": Attack(
        persona="staff_x",
        method="POST",
        url=_url("partners:create"),
        targets=_targets("org_a"),
        data=_create_in_cluster_y,
        owner=None,
    ),
    "invite into B": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("partners:invite", _slug("org_b")),
        targets=_targets("org_b"),
        data=_fixed({"email": "mole@evil.example", "role": "admin"}),
        owner="org_admin_b",
    ),
    "revoke B's invitation via A": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("partners:invitation_revoke", _slug("org_a"), _pk("invitation_b")),
        targets=_targets("invitation_b"),
        owner=None,
    ),
    "revoke B's invitation": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("partners:invitation_revoke", _slug("org_b"), _pk("invitation_b")),
        targets=_targets("invitation_b"),
        owner="org_admin_b",
    ),
    "approve B's join request via A": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("partners:join_request_decide", _slug("org_a"), _pk("join_request_b")),
        targets=_targets("join_request_b"),
        data=_fixed({"decision": "approve"}),
        owner=None,
    ),
    "approve B's join request": Attack(
        persona="staff_x",
        method="POST",
        url=_url("partners:join_request_decide", _slug("org_b"), _pk("join_request_b")),
        targets=_targets("join_request_b"),
        data=_fixed({"decision": "approve"}),
        owner="staff_y",
    ),
    "remove B's member via A": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("partners:membership_remove", _slug("org_a"), _pk("membership_b")),
        targets=_targets("membership_b"),
        owner=None,
    ),
    "remove B's member": Attack(
        persona="org_admin_a",
        method="POST",
        url=_url("partners:membership_remove", _slug("org_b"), _pk("membership_b")),
        targets=_targets("membership_b"),
        owner="org_admin_b",
    ),
    "a member removes a colleague": Attack(
        persona="member_a",
        method="POST",
        url=_url("partners:membership_remove", _slug("org_a"), _pk("membership_a")),
        targets=_targets("membership_a"),
        owner="org_admin_a",
    ),
    "edit cluster Y": Attack(
        persona="staff_x",
        method="POST",
        url=_url("clusters:edit", _slug("cluster_y")),
        targets=_targets("cluster_y"),
        data=_edit_cluster_y,
        owner="staff_y",
    ),
}


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_another_sides_object_is_out_of_reach(objects, as_persona, attack):
    if attack.setup:
        attack.setup(objects)
    data = attack.data(objects, as_persona)
    client = as_persona(attack.persona)
    url = attack.url(objects)

    with nothing_changes(*attack.targets(objects)):
        response = client.get(url) if attack.method == "GET" else client.post(url, data)

    assert response.status_code in REFUSED, (url, response.status_code)


def _rows(instances: list) -> list:
    return [_row(instance) for instance in instances]


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


WITH_OWNER = {key: attack for key, attack in ATTACKS.items() if attack.owner}


@pytest.mark.parametrize("attack", WITH_OWNER.values(), ids=WITH_OWNER.keys())
def test_the_same_request_works_for_the_rightful_user(objects, as_persona, attack):
    """The refusals above are permission decisions, not a form that would fail anyway."""
    if attack.setup:
        attack.setup(objects)
    data = attack.data(objects, as_persona)
    client = as_persona(attack.owner)
    url = attack.url(objects)
    rows, counts = _rows(attack.targets(objects)), _counts()

    response = client.get(url) if attack.method == "GET" else client.post(url, data)

    assert response.status_code == 302, (url, response.status_code)
    assert (_rows(attack.targets(objects)), _counts()) != (rows, counts)


# --- A person's own data -------------------------------------------------------------------------


def test_the_profile_form_ignores_fields_one_may_not_set(objects, as_persona):
    member = objects.world.user("member_a")
    page = as_persona("member_a").get(reverse("accounts:profile"))
    data = form_with_field(page.content.decode(), "first_name")
    data |= {"first_name": "Ada", "is_staff": "on", "is_superuser": "on", "email": "x@evil.example"}

    response = as_persona("member_a").post(reverse("accounts:profile"), data)

    member.refresh_from_db()
    assert response.status_code == 302
    assert (member.first_name, member.is_staff, member.is_superuser) == ("Ada", False, False)
    assert member.email == "member-a@persona.example"


def test_the_personal_data_download_holds_only_ones_own_data(objects, as_persona):
    response = as_persona("member_a").get(reverse("accounts:export"))

    body = response.content.decode()
    assert "member-a@persona.example" in body
    others = ["admin-a@persona.example", "admin-b@persona.example", "staff-x@persona.example"]
    assert not [email for email in others if email in body]
    assert objects.alert_b.name not in body


def test_an_invitation_link_does_not_work_for_someone_else(objects, as_persona):
    url = reverse("accounts:invitation_accept", args=[objects.invitation_a_token])

    with nothing_changes(objects.invitation_a):
        as_persona("org_admin_b").post(url)

    assert not Membership.objects.filter(
        user=objects.world.user("org_admin_b"), organization=objects.world.org_a
    ).exists()


# --- Fields a form does not offer cannot be set through it (mass assignment) ----------------------


def test_an_organization_admin_cannot_verify_move_or_deactivate_through_the_form(
    objects, as_persona
):
    org_a, cluster_y = objects.world.org_a, objects.world.cluster_y
    Organization.objects.filter(pk=org_a.pk).update(is_verified=False)
    data = _edit_org_a(objects, as_persona)
    data |= {"name": "Renamed A", "is_verified": "on", "cluster": str(cluster_y.pk)}
    data |= {"is_active": "", "verified_by": str(objects.world.user("org_admin_a").pk)}

    response = as_persona("org_admin_a").post(reverse("partners:edit", args=[org_a.slug]), data)

    org_a.refresh_from_db()
    assert response.status_code == 302
    assert org_a.name == "Renamed A"
    assert (org_a.is_verified, org_a.cluster_id, org_a.is_active) == (
        False,
        objects.world.cluster_x.pk,
        True,
    )


def test_an_author_cannot_publish_or_move_an_opportunity_through_the_form(objects, as_persona):
    draft = objects.opp_draft
    url = reverse("opportunities:edit", args=[draft.pk])
    data = _form_of(as_persona, "org_admin_a", url, "title", title="Renamed draft")
    data |= {"status": "published", "organization": str(objects.world.org_b.pk)}
    data |= {"published_at": "2020-01-01", "renewal_count": "0", "author": ""}

    response = as_persona("org_admin_a").post(url, data)

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.title, draft.status) == ("Renamed draft", OpportunityStatus.DRAFT)
    assert (draft.organization_id, draft.published_at) == (objects.world.org_a.pk, None)


def test_an_invitation_cannot_be_sent_with_a_made_up_role(objects, as_persona):
    url = reverse("partners:invite", args=[objects.world.org_a.slug])

    with nothing_changes(objects.world.org_a):
        response = as_persona("org_admin_a").post(
            url, {"email": "boss@persona.example", "role": "owner"}
        )

    assert response.status_code == 400
