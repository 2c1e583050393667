"""Every state change of an opportunity: who may make it, and what is refused with no change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opportunities import services
from opportunities.models import (
    DEFAULT_VALIDITY,
    CloseReason,
    Opportunity,
    OpportunityEvent,
    OpportunityStatus,
)
from tests.opportunities.factories import OpportunityFactory, PublishedOpportunityFactory

pytestmark = pytest.mark.django_db
Action = OpportunityEvent.Action


def _snapshot(opportunity: Opportunity) -> tuple:
    opportunity = Opportunity.objects.get(pk=opportunity.pk)
    return (
        opportunity.status,
        opportunity.expires_on,
        opportunity.renewal_count,
        opportunity.moderation_comment,
        opportunity.events.count(),
    )


# --- who may act ------------------------------------------------------------------------

TRANSITIONS = {
    "submit": ("draft", lambda actor, o: services.opportunity_submit(actor=actor, opportunity=o)),
    "publish": (
        "submitted",
        lambda actor, o: services.opportunity_publish(actor=actor, opportunity=o),
    ),
    "request_changes": (
        "submitted",
        lambda actor, o: services.opportunity_request_changes(
            actor=actor, opportunity=o, comment="Add the TRL."
        ),
    ),
    "reject": (
        "submitted",
        lambda actor, o: services.opportunity_reject(
            actor=actor, opportunity=o, reason="Not life science."
        ),
    ),
    "renew": ("published", lambda actor, o: services.opportunity_renew(actor=actor, opportunity=o)),
    "close": (
        "published",
        lambda actor, o: services.opportunity_close(
            actor=actor, opportunity=o, reason=CloseReason.FILLED
        ),
    ),
}
EXPECTED_STATUS = {
    "submit": OpportunityStatus.SUBMITTED,
    "publish": OpportunityStatus.PUBLISHED,
    "request_changes": OpportunityStatus.CHANGES_REQUESTED,
    "reject": OpportunityStatus.REJECTED,
    "renew": OpportunityStatus.PUBLISHED,
    "close": OpportunityStatus.CLOSED,
}

# transition x persona -> allowed?  (A = the owner's cluster, B = another cluster)
MATRIX = [
    # transition        owner  colleague member_b staff_a staff_b admin  outsider
    ("submit", (True, True, False, False, False, False, False)),
    ("publish", (False, False, False, True, False, True, False)),
    ("request_changes", (False, False, False, True, False, True, False)),
    ("reject", (False, False, False, True, False, True, False)),
    ("renew", (True, True, False, False, False, False, False)),
    ("close", (True, True, False, True, False, True, False)),
]
PERSONAS = ("owner", "colleague", "member_b", "staff_a", "staff_b", "consortium_admin", "outsider")
CASES = [
    (transition, persona, allowed)
    for transition, row in MATRIX
    for persona, allowed in zip(PERSONAS, row, strict=True)
]


@pytest.mark.parametrize(("transition", "persona", "allowed"), CASES)
def test_permission_matrix(request, transition, persona, allowed):
    state, call = TRANSITIONS[transition]
    opportunity = request.getfixturevalue(state)
    actor = request.getfixturevalue(persona)
    before = _snapshot(opportunity)
    if allowed:
        call(actor, opportunity)
        opportunity.refresh_from_db()
        assert opportunity.status == EXPECTED_STATUS[transition]
        assert opportunity.events.filter(actor=actor).exists()
    else:
        with pytest.raises(PermissionDenied):
            call(actor, opportunity)
        assert _snapshot(opportunity) == before


# --- what each allowed transition does --------------------------------------------------


def test_submit_records_the_event_and_time(draft, owner):
    services.opportunity_submit(actor=owner, opportunity=draft)
    draft.refresh_from_db()
    assert draft.submitted_at is not None
    event = draft.events.get(action=Action.SUBMITTED)
    assert (event.actor, event.from_status, event.to_status) == (
        owner,
        OpportunityStatus.DRAFT,
        OpportunityStatus.SUBMITTED,
    )


def test_publish_sets_expiry_12_months_ahead(submitted, staff_a):
    services.opportunity_publish(actor=staff_a, opportunity=submitted)
    submitted.refresh_from_db()
    assert submitted.published_at is not None
    assert submitted.expires_on == timezone.localdate() + DEFAULT_VALIDITY


def test_publish_keeps_an_earlier_deadline_chosen_by_the_author(submitted, staff_a):
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    Opportunity.objects.filter(pk=submitted.pk).update(expires_on=deadline)
    services.opportunity_publish(actor=staff_a, opportunity=submitted)
    submitted.refresh_from_db()
    assert submitted.expires_on == deadline


def test_request_changes_keeps_the_comment_for_the_author(submitted, staff_a):
    services.opportunity_request_changes(
        actor=staff_a, opportunity=submitted, comment="  Please add the TRL.  "
    )
    submitted.refresh_from_db()
    assert submitted.moderation_comment == "Please add the TRL."
    assert submitted.events.get(action=Action.CHANGES_REQUESTED).comment == "Please add the TRL."


def test_reject_keeps_the_reason(submitted, staff_a):
    services.opportunity_reject(actor=staff_a, opportunity=submitted, reason="Out of scope.")
    submitted.refresh_from_db()
    assert submitted.moderation_comment == "Out of scope."


def test_changes_requested_can_be_edited_and_resubmitted(submitted, staff_a, owner):
    services.opportunity_request_changes(actor=staff_a, opportunity=submitted, comment="TRL?")
    services.opportunity_update(actor=owner, opportunity=submitted, data={"trl": 4})
    services.opportunity_submit(actor=owner, opportunity=submitted)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.trl) == (OpportunityStatus.SUBMITTED, 4)
    assert list(submitted.events.order_by("pk").values_list("action", flat=True)) == [
        Action.CHANGES_REQUESTED,
        Action.EDITED,
        Action.SUBMITTED,
    ]


def test_renew_extends_by_12_months_once(published, owner):
    expires_on = published.expires_on
    services.opportunity_renew(actor=owner, opportunity=published)
    published.refresh_from_db()
    assert published.expires_on == expires_on + DEFAULT_VALIDITY
    assert published.renewal_count == 1


def test_close_records_the_reason(published, owner):
    services.opportunity_close(actor=owner, opportunity=published, reason=CloseReason.WITHDRAWN)
    published.refresh_from_db()
    assert published.status == OpportunityStatus.CLOSED
    assert published.close_reason == CloseReason.WITHDRAWN
    assert published.closed_at is not None


def test_create_makes_a_draft_with_an_event(owner, owner_org, area):
    opportunity = services.opportunity_create(
        actor=owner,
        organization=owner_org,
        data={
            "type": "technology_request",
            "title": "CDMO for a monoclonal antibody",
            "summary": "We seek GMP manufacturing capacity for phase II material.",
            "technology_areas": [area],
            "collaboration_types": ["manufacturing"],
            "target_countries": ["DE", "CN"],
        },
    )
    assert opportunity.status == OpportunityStatus.DRAFT
    assert opportunity.author == owner
    assert list(opportunity.technology_areas.all()) == [area]
    assert opportunity.events.get().action == Action.CREATED


def test_create_is_refused_to_a_non_member(member_b, owner_org):
    with pytest.raises(PermissionDenied):
        services.opportunity_create(
            actor=member_b,
            organization=owner_org,
            data={"type": "technology_offer", "title": "x", "summary": "y"},
        )
    assert not Opportunity.objects.exists()


def test_create_refuses_an_unknown_collaboration_type(owner, owner_org):
    with pytest.raises(ValidationError) as error:
        services.opportunity_create(
            actor=owner,
            organization=owner_org,
            data={
                "type": "technology_offer",
                "title": "x",
                "summary": "y",
                "collaboration_types": ["bribery"],
            },
        )
    assert "collaboration_types" in error.value.message_dict
    assert not Opportunity.objects.exists()


def test_create_refuses_a_past_deadline(owner, owner_org):
    with pytest.raises(ValidationError) as error:
        services.opportunity_create(
            actor=owner,
            organization=owner_org,
            data={
                "type": "technology_offer",
                "title": "x",
                "summary": "y",
                "expires_on": timezone.localdate(),
            },
        )
    assert error.value.message_dict["expires_on"] == [str(services.MESSAGE_EXPIRY_IN_PAST)]


# --- illegal transitions: a clear message, no change ------------------------------------

ILLEGAL = [
    ("published", "submit", services.MESSAGE_CANNOT_SUBMIT),
    ("submitted", "submit", services.MESSAGE_CANNOT_SUBMIT),
    ("draft", "publish", services.MESSAGE_NOT_IN_REVIEW),
    ("published", "publish", services.MESSAGE_NOT_IN_REVIEW),
    ("draft", "request_changes", services.MESSAGE_NOT_IN_REVIEW),
    ("published", "reject", services.MESSAGE_NOT_IN_REVIEW),
    ("draft", "renew", services.MESSAGE_RENEW_NOT_PUBLISHED),
    ("submitted", "close", services.MESSAGE_CLOSE_NOT_PUBLISHED),
    ("draft", "close", services.MESSAGE_CLOSE_NOT_PUBLISHED),
]


@pytest.mark.parametrize(("state", "transition", "message"), ILLEGAL)
def test_illegal_transition_is_refused_with_no_change(
    request, state, transition, message, owner, consortium_admin
):
    opportunity = request.getfixturevalue(state)
    _, call = TRANSITIONS[transition]
    actor = consortium_admin if transition in ("publish", "request_changes", "reject") else owner
    before = _snapshot(opportunity)
    with pytest.raises(ValidationError) as error:
        call(actor, opportunity)
    assert error.value.messages == [str(message)]
    assert _snapshot(opportunity) == before


@pytest.mark.parametrize("status", [OpportunityStatus.CLOSED, OpportunityStatus.EXPIRED])
def test_archived_opportunity_cannot_be_published_again(owner_org, consortium_admin, status):
    opportunity = PublishedOpportunityFactory(organization=owner_org, status=status)
    with pytest.raises(ValidationError):
        services.opportunity_publish(actor=consortium_admin, opportunity=opportunity)
    opportunity.refresh_from_db()
    assert opportunity.status == status


def test_rejected_opportunity_cannot_be_resubmitted(owner_org, owner):
    opportunity = OpportunityFactory(organization=owner_org, status=OpportunityStatus.REJECTED)
    with pytest.raises(ValidationError, match="submitted for review"):
        services.opportunity_submit(actor=owner, opportunity=opportunity)


def test_submit_needs_a_technology_area(owner_org, owner):
    opportunity = OpportunityFactory(organization=owner_org)
    with pytest.raises(ValidationError) as error:
        services.opportunity_submit(actor=owner, opportunity=opportunity)
    assert error.value.message_dict["technology_areas"] == [str(services.MESSAGE_NEEDS_AREA)]
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.DRAFT


@pytest.mark.parametrize("comment", ["", "   "])
def test_request_changes_needs_a_comment(submitted, staff_a, comment):
    before = _snapshot(submitted)
    with pytest.raises(ValidationError) as error:
        services.opportunity_request_changes(actor=staff_a, opportunity=submitted, comment=comment)
    assert error.value.messages == [str(services.MESSAGE_COMMENT_REQUIRED)]
    assert _snapshot(submitted) == before


def test_reject_needs_a_reason(submitted, staff_a):
    before = _snapshot(submitted)
    with pytest.raises(ValidationError) as error:
        services.opportunity_reject(actor=staff_a, opportunity=submitted, reason="")
    assert error.value.messages == [str(services.MESSAGE_REASON_REQUIRED)]
    assert _snapshot(submitted) == before


def test_renew_only_once(published, owner):
    services.opportunity_renew(actor=owner, opportunity=published)
    before = _snapshot(published)
    with pytest.raises(ValidationError) as error:
        services.opportunity_renew(actor=owner, opportunity=published)
    assert error.value.messages == [str(services.MESSAGE_ALREADY_RENEWED)]
    assert _snapshot(published) == before


def test_renew_refused_on_the_expiry_date(published, owner):
    Opportunity.objects.filter(pk=published.pk).update(expires_on=timezone.localdate())
    before = _snapshot(published)
    with pytest.raises(ValidationError) as error:
        services.opportunity_renew(actor=owner, opportunity=published)
    assert error.value.messages == [str(services.MESSAGE_RENEW_EXPIRED)]
    assert _snapshot(published) == before


def test_close_needs_a_valid_reason(published, owner):
    before = _snapshot(published)
    with pytest.raises(ValidationError) as error:
        services.opportunity_close(actor=owner, opportunity=published, reason="bored")
    assert error.value.messages == [str(services.MESSAGE_BAD_CLOSE_REASON)]
    assert _snapshot(published) == before


@pytest.mark.parametrize("state", ["published", "submitted"])
def test_update_refused_outside_draft_and_changes_requested(request, state, owner):
    opportunity = request.getfixturevalue(state)
    title = opportunity.title
    with pytest.raises(ValidationError) as error:
        services.opportunity_update(actor=owner, opportunity=opportunity, data={"title": "New"})
    assert error.value.messages == [str(services.MESSAGE_NOT_EDITABLE)]
    opportunity.refresh_from_db()
    assert opportunity.title == title


def test_update_refused_to_another_organization(draft, member_b):
    with pytest.raises(PermissionDenied):
        services.opportunity_update(actor=member_b, opportunity=draft, data={"title": "Mine"})


def test_a_stale_instance_cannot_publish_twice(submitted, staff_a, consortium_admin):
    stale = Opportunity.objects.get(pk=submitted.pk)
    services.opportunity_publish(actor=staff_a, opportunity=submitted)
    with pytest.raises(ValidationError):
        services.opportunity_publish(actor=consortium_admin, opportunity=stale)
    assert submitted.events.filter(action=Action.PUBLISHED).count() == 1


# --- the notification hook --------------------------------------------------------------


def test_every_event_reaches_the_matching_hook(monkeypatch, submitted, staff_a):
    seen = []
    monkeypatch.setattr("opportunities.events.publish", lambda name, *, event: seen.append(event))
    services.opportunity_publish(actor=staff_a, opportunity=submitted)
    assert [event.action for event in seen] == [Action.PUBLISHED]
    assert seen[0].pk is not None


def test_a_failing_hook_rolls_the_transition_back(monkeypatch, submitted, staff_a):
    def explode(name, *, event):
        raise RuntimeError("notification outbox unavailable")

    monkeypatch.setattr("opportunities.events.publish", explode)
    before = _snapshot(submitted)
    with pytest.raises(RuntimeError):
        services.opportunity_publish(actor=staff_a, opportunity=submitted)
    assert _snapshot(submitted) == before
