"""Every follow-up change goes through a service, is recorded with who, which side and when,
and is published as a domain event."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core import domain_events
from followups import services
from followups.models import AgreementType, FollowUp, FollowUpEvent, NoDealReason, Side, Stage
from tests.clusters.factories import ClusterStaffFactory

pytestmark = pytest.mark.django_db

Action = FollowUpEvent.Action


@pytest.fixture
def published_events():
    """Every "follow_up.changed" published during the test, as (action, to_stage)."""
    seen: list[tuple[str, str]] = []

    def handler(*, follow_up, event):
        seen.append((event.action, event.to_stage))

    domain_events.subscribe("follow_up.changed")(handler)
    yield seen
    domain_events._handlers["follow_up.changed"].remove(handler)


def test_each_step_is_recorded_with_who_which_side_and_when(
    introduction, owner, member_b, published_events
):
    before = timezone.now()

    services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.IN_CONTACT)
    services.follow_up_advance(actor=member_b, interest=introduction, stage=Stage.NDA_SIGNED)

    events = list(FollowUpEvent.objects.order_by("pk"))
    assert [(e.actor, e.side, e.from_stage, e.to_stage, e.via) for e in events] == [
        (owner, Side.OWNER, Stage.INTRODUCED, Stage.IN_CONTACT, "dashboard"),
        (member_b, Side.INTERESTED, Stage.IN_CONTACT, Stage.NDA_SIGNED, "dashboard"),
    ]
    assert all(event.created_at >= before for event in events)
    assert FollowUp.objects.get(interest=introduction).stage == Stage.NDA_SIGNED
    assert published_events == [
        (Action.ADVANCED, Stage.IN_CONTACT),
        (Action.ADVANCED, Stage.NDA_SIGNED),
    ]


def test_the_follow_up_starts_at_the_introduction_time(introduction, owner):
    follow_up = services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.IN_CONTACT
    )

    assert follow_up.introduced_at == introduction.answered_at
    assert follow_up.owner_organization_id == introduction.opportunity.organization_id
    assert follow_up.interested_organization_id == introduction.organization_id


def test_steps_only_move_forward(introduction, owner, member_b):
    services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.NDA_SIGNED)

    with pytest.raises(ValidationError) as error:
        services.follow_up_advance(actor=member_b, interest=introduction, stage=Stage.IN_CONTACT)

    assert error.value.messages == [str(services.MESSAGE_NOT_FORWARD)]
    assert FollowUp.objects.get().stage == Stage.NDA_SIGNED
    assert FollowUpEvent.objects.count() == 1


def test_a_correction_is_an_explicit_recorded_step_back(introduction, owner):
    services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.PROPOSAL)

    services.follow_up_correct(
        actor=owner, interest=introduction, stage=Stage.MEETING_HELD, comment="No NDA yet."
    )

    follow_up = FollowUp.objects.get()
    assert follow_up.stage == Stage.MEETING_HELD
    last = follow_up.events.first()
    assert (last.action, last.from_stage, last.to_stage, last.comment) == (
        Action.CORRECTED,
        Stage.PROPOSAL,
        Stage.MEETING_HELD,
        "No NDA yet.",
    )


def test_a_correction_needs_an_earlier_stage_and_a_reason(introduction, owner):
    services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.MEETING_HELD)

    with pytest.raises(ValidationError) as forward:
        services.follow_up_correct(
            actor=owner, interest=introduction, stage=Stage.PROPOSAL, comment="x"
        )
    with pytest.raises(ValidationError) as silent:
        services.follow_up_correct(
            actor=owner, interest=introduction, stage=Stage.IN_CONTACT, comment=" "
        )

    assert forward.value.message_dict == {"stage": [str(services.MESSAGE_NOT_BACK)]}
    assert silent.value.message_dict == {"comment": [str(services.MESSAGE_NEEDS_COMMENT)]}
    assert FollowUp.objects.get().stage == Stage.MEETING_HELD


def test_an_agreement_counts_once_one_side_records_it(introduction, member_b):
    follow_up = services.follow_up_advance(
        actor=member_b,
        interest=introduction,
        stage=Stage.AGREEMENT,
        agreement_type=AgreementType.LICENCE,
        value_band="under_1m",
        agreement_date=datetime.date(2026, 11, 2),
    )

    assert follow_up.stage == Stage.AGREEMENT
    assert (follow_up.agreement_type, follow_up.agreement_side) == ("licence", Side.INTERESTED)
    assert follow_up.agreement_recorded_at is not None


def test_an_agreement_needs_its_type(introduction, owner):
    with pytest.raises(ValidationError) as error:
        services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.AGREEMENT)

    assert error.value.message_dict == {"agreement_type": [str(services.MESSAGE_NEEDS_TYPE)]}
    assert not FollowUp.objects.filter(stage=Stage.AGREEMENT).exists()


def test_no_deal_needs_a_reason_and_other_needs_words(introduction, owner):
    with pytest.raises(ValidationError):
        services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.NO_DEAL)
    with pytest.raises(ValidationError) as other:
        services.follow_up_advance(
            actor=owner, interest=introduction, stage=Stage.NO_DEAL, no_deal_reason="other"
        )

    follow_up = services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.NO_DEAL, no_deal_reason=NoDealReason.TERMS
    )

    assert other.value.message_dict == {"comment": [str(services.MESSAGE_NEEDS_COMMENT)]}
    assert (follow_up.stage, follow_up.no_deal_reason) == (Stage.NO_DEAL, "terms")


def test_an_ended_follow_up_changes_only_by_correction(introduction, owner):
    services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.NO_DEAL, no_deal_reason="timing"
    )

    with pytest.raises(ValidationError) as error:
        services.follow_up_advance(
            actor=owner, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
        )

    assert error.value.messages == [str(services.MESSAGE_ENDED)]


def test_the_other_side_confirming_the_agreement_is_kept(introduction, owner, member_b):
    services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
    )

    services.follow_up_advance(
        actor=member_b, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
    )

    confirmation = FollowUpEvent.objects.get(action=Action.CONFIRMED)
    assert (confirmation.actor, confirmation.side) == (member_b, Side.INTERESTED)


def test_the_other_side_disputes_and_the_home_staff_settle(introduction, owner, member_b, staff_b):
    services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.PROPOSAL)
    services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
    )

    services.follow_up_dispute(actor=member_b, interest=introduction, comment="Not signed yet.")
    disputed = FollowUp.objects.get()
    assert disputed.is_disputed and disputed.stage == Stage.AGREEMENT  # still counts

    settled = services.follow_up_settle(
        actor=staff_b, follow_up=disputed, agreement_stands=False, comment="Both confirmed."
    )

    assert (settled.stage, settled.agreement_type, settled.disputed_at) == (
        Stage.PROPOSAL,
        "",
        None,
    )
    last = settled.events.first()
    assert (last.action, last.actor, last.side) == (Action.SETTLED, staff_b, Side.STAFF)


def test_the_recording_side_cannot_dispute_its_own_agreement(introduction, owner):
    services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
    )

    with pytest.raises(ValidationError) as error:
        services.follow_up_dispute(actor=owner, interest=introduction, comment="Hm.")

    assert error.value.messages == [str(services.MESSAGE_NOT_DISPUTABLE)]


def test_staff_of_a_third_cluster_cannot_settle(introduction, owner, member_b):
    services.follow_up_advance(
        actor=owner, interest=introduction, stage=Stage.AGREEMENT, agreement_type="licence"
    )
    services.follow_up_dispute(actor=member_b, interest=introduction, comment="No.")
    third = ClusterStaffFactory(user__totp=True).user

    with pytest.raises(PermissionDenied):
        services.follow_up_settle(
            actor=third, follow_up=FollowUp.objects.get(), agreement_stands=True, comment="x"
        )


def test_only_the_two_sides_change_a_follow_up(introduction, staff_a, outsider, colleague):
    for actor in (staff_a, outsider):
        with pytest.raises(PermissionDenied):
            services.follow_up_advance(actor=actor, interest=introduction, stage=Stage.IN_CONTACT)

    services.follow_up_advance(actor=colleague, interest=introduction, stage=Stage.IN_CONTACT)

    assert FollowUpEvent.objects.get().actor == colleague


def test_a_pending_interest_has_no_follow_up(interest, owner):
    with pytest.raises(ValidationError) as error:
        services.follow_up_advance(actor=owner, interest=interest, stage=Stage.IN_CONTACT)

    assert error.value.messages == [str(services.MESSAGE_NOT_INTRODUCTION)]
    assert not FollowUp.objects.exists()


def test_a_rolled_back_handler_leaves_no_change(introduction, owner):
    def failing(**payload):
        raise RuntimeError("handler failed")

    domain_events.subscribe("follow_up.changed")(failing)
    try:
        with pytest.raises(RuntimeError):
            services.follow_up_advance(actor=owner, interest=introduction, stage=Stage.IN_CONTACT)
    finally:
        domain_events._handlers["follow_up.changed"].remove(failing)

    assert not FollowUpEvent.objects.exists()
    assert not FollowUp.objects.filter(stage=Stage.IN_CONTACT).exists()
