"""Follow-up events turned into notifications: the nudges (30, 90, 180 days after an
introduction, with one-click answers) and the notice that an interest closed unanswered."""

from django.urls import reverse

from core.domain_events import subscribe
from core.mail import absolute_url
from followups.links import answer_path, answers_for
from followups.models import FollowUp, Side
from followups.selectors import nudge_follow_ups, nudge_recipients_for
from opportunities.models import ExpressionOfInterest, OpportunityEvent
from opportunities.selectors import opportunities_versions, opportunity_versions

from ..models import Delivery, NotificationKind
from ..outbox import Draft, drafts_for, notifications_create
from ..paths import opportunity_path
from ..recipients import organization_side


@subscribe("follow_up.nudges_due")
def follow_up_nudges(*, nudges: list[tuple[FollowUp, int]]) -> None:
    """Each side's contact is asked how the introduction is going, with a signed link per
    possible answer (personal: it records that person's answer once). A batch of nudges is
    written in a fixed number of queries: the follow-ups with what the e-mails quote, the
    opportunities' translations, the sides' members, then the outbox's."""
    number_of = {follow_up.pk: number for follow_up, number in nudges}
    follow_ups = nudge_follow_ups(ids=number_of)
    versions = opportunities_versions(
        opportunity_ids={follow_up.interest.opportunity_id for follow_up in follow_ups}
    )
    recipients = nudge_recipients_for(follow_ups)
    drafts = []
    for follow_up in follow_ups:
        answers = answers_for(follow_up.stage)
        if not answers:
            continue
        number = number_of[follow_up.pk]
        opportunity = follow_up.interest.opportunity
        partner_of = {
            Side.OWNER: follow_up.interested_organization.name,
            Side.INTERESTED: follow_up.owner_organization.name,
        }
        url = reverse("followups:detail", args=[follow_up.interest_id])
        drafts += [
            Draft(
                recipient_id=user_id,
                kind=NotificationKind.FOLLOW_UP_NUDGE,
                event_key=f"follow-up:{follow_up.pk}:nudge:{number}",
                payload={
                    "follow_up_id": follow_up.pk,
                    "title": opportunity.title,
                    "versions": versions.get(opportunity.pk, {}),
                    "partner": partner_of[side],
                    "stage": follow_up.stage,
                    "number": number,
                    "answers": [
                        {
                            "answer": answer,
                            "url": absolute_url(
                                answer_path(
                                    follow_up_id=follow_up.pk,
                                    recipient_id=user_id,
                                    nudge=number,
                                    answer=answer,
                                )
                            ),
                        }
                        for answer in answers
                    ],
                },
                url=url,
                # The answer links expire: they must not wait for a weekly digest.
                delivery=Delivery.INSTANT,
            )
            for side, user_ids in recipients.get(follow_up.pk, {}).items()
            for user_id in user_ids
        ]
    notifications_create(drafts)


@subscribe("interest.expired")
def interest_expired(*, event: OpportunityEvent) -> None:
    """The interested side learns that its interest closed after 30 days without an answer."""
    interest = ExpressionOfInterest.objects.select_related("opportunity").get(pk=event.interest_id)
    notifications_create(
        drafts_for(
            organization_side(
                organization_id=interest.organization_id, author_id=interest.author_id
            ),
            kind=NotificationKind.EOI_EXPIRED,
            event_key=f"interest:{interest.pk}:expired",
            payload={
                "opportunity_id": interest.opportunity_id,
                "interest_id": interest.pk,
                "title": interest.opportunity.title,
                "versions": opportunity_versions(opportunity_id=interest.opportunity_id),
            },
            url=opportunity_path(interest.opportunity_id),
        )
    )
