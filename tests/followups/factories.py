import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from followups.models import FollowUp, FollowUpEvent, OpportunityFeedback, PassReason, Side, Stage
from opportunities.models import InterestStatus
from tests.opportunities.factories import ExpressionOfInterestFactory


class IntroductionFactory(ExpressionOfInterestFactory):
    status = InterestStatus.ACCEPTED
    answered_at = factory.LazyFunction(timezone.now)


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    interest = factory.SubFactory(IntroductionFactory)
    owner_organization = factory.SelfAttribute("interest.opportunity.organization")
    interested_organization = factory.SelfAttribute("interest.organization")
    introduced_at = factory.SelfAttribute("interest.answered_at")
    stage = Stage.INTRODUCED


class OpportunityFeedbackFactory(DjangoModelFactory):
    class Meta:
        model = OpportunityFeedback

    reason = PassReason.TOO_EARLY


class FollowUpEventFactory(DjangoModelFactory):
    class Meta:
        model = FollowUpEvent

    follow_up = factory.SubFactory(FollowUpFactory)
    side = Side.OWNER
    action = FollowUpEvent.Action.ADVANCED
    via = FollowUpEvent.Via.DASHBOARD
    from_stage = Stage.INTRODUCED
    to_stage = factory.SelfAttribute("follow_up.stage")
