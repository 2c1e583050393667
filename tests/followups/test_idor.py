"""Follow-ups and feedback of others, aimed at by id: refused, nothing changes; the same request
by the rightful side works (so the refusal is a permission decision)."""

import pytest
from django.urls import reverse

from followups import services
from followups.links import answer_path
from followups.models import FollowUp, FollowUpEvent, OpportunityFeedback, Stage
from tests.security.objects import build_objects
from tests.security.walk import fresh_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(world):
    return build_objects(world)


@pytest.fixture
def as_persona(persona_client):
    def make(persona: str):
        return fresh_client(persona_client(persona).cookies)

    return make


def _state():
    return (
        list(FollowUp.objects.order_by("pk").values()),
        FollowUpEvent.objects.count(),
        OpportunityFeedback.objects.count(),
    )


def _dispute_bc(objects) -> None:
    """B recorded an agreement with C; C disputes it (cluster Y's staff settle it)."""
    introduction = objects.intro_bc
    admin_b = objects.world.user("org_admin_b")
    services.follow_up_advance(
        actor=admin_b, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
    )
    FollowUp.objects.filter(interest=introduction).update(
        disputed_at=introduction.answered_at, dispute_comment="No."
    )


ADVANCE = {"stage": Stage.NDA_SIGNED}
SETTLE = {"decision": "undo", "comment": "Settled."}


@pytest.mark.parametrize(
    ("persona", "name", "data", "rightful"),
    [
        ("member_a", "followups:advance", ADVANCE, "org_admin_b"),
        ("staff_x", "followups:advance", ADVANCE, "org_admin_b"),
        ("org_admin_a", "followups:correct", {"stage": "introduced", "comment": "x"}, None),
        ("member_a", "followups:dispute", {"comment": "Never signed."}, None),
        ("staff_x", "followups:settle", SETTLE, "staff_y"),
        ("member_a", "followups:settle", SETTLE, "staff_y"),
    ],
)
def test_another_introductions_follow_up_is_out_of_reach(
    objects, as_persona, persona, name, data, rightful
):
    if name == "followups:settle":
        _dispute_bc(objects)
    url = reverse(name, args=[objects.intro_bc.pk])
    before = _state()

    response = as_persona(persona).post(url, data)

    assert response.status_code in (403, 404)
    assert _state() == before
    if rightful:
        assert as_persona(rightful).post(url, data).status_code == 302
        assert _state() != before


def test_a_signed_link_for_someone_not_on_either_side_does_nothing(objects, as_persona):
    member_a = objects.world.user("member_a")
    url = answer_path(
        follow_up_id=objects.intro_bc.follow_up.pk,
        recipient_id=member_a.pk,
        nudge=1,
        answer=Stage.NDA_SIGNED,
    )
    before = _state()

    response = as_persona("visitor").post(url, {})

    assert response.status_code in (400, 403)
    assert _state() == before


def test_feedback_on_behalf_of_another_organization_is_refused(objects, as_persona):
    url = reverse("followups:feedback", args=[objects.opp_b_published.pk])
    before = _state()

    as_persona("member_a").post(
        url, {"organization": objects.world.org_b.pk, "reason": "ip_unclear"}
    )

    assert _state() == before
    as_persona("member_a").post(
        url, {"organization": objects.world.org_a.pk, "reason": "ip_unclear"}
    )
    assert OpportunityFeedback.objects.filter(organization=objects.world.org_a).exists()
