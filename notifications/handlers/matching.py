"""New matches turned into notifications: one per person, the most urgent of their alerts."""

from core.domain_events import subscribe
from matching import engine
from matching.models import AlertFrequency, Match
from opportunities.models import Opportunity
from partners.models import Membership

from ..models import NotificationKind
from ..outbox import Draft, notifications_create
from ..paths import opportunity_path
from .opportunities import opportunity_payload

_URGENCY = {AlertFrequency.INSTANT: 0, AlertFrequency.DAILY: 1, AlertFrequency.WEEKLY: 2}


@subscribe("matches.created")
def new_matches(*, opportunity: Opportunity, result: engine.MatchResult) -> None:
    """Alert owners get their alert's delivery; members of matched organizations who had no
    alert for it get the default one. The same opportunity never notifies anyone twice."""
    event_key = f"match:{opportunity.pk}"
    url = opportunity_path(opportunity.pk)
    base = opportunity_payload(opportunity)
    best: dict[int, tuple[Match, str, str]] = {}
    for match in sorted(result.alert_matches, key=lambda m: -m.score):
        owner_id, alert_name, frequency = result.alert_owners[match.alert_id]
        current = best.get(owner_id)
        if current is None or _URGENCY[frequency] < _URGENCY[current[2]]:
            best[owner_id] = (match, alert_name, frequency)
    drafts = [
        Draft(
            recipient_id=owner_id,
            kind=NotificationKind.NEW_MATCH,
            event_key=event_key,
            payload={**base, "score": m.score, "reasons": m.reasons, "alert": alert_name},
            url=url,
            delivery=frequency,
        )
        for owner_id, (m, alert_name, frequency) in best.items()
    ]
    if result.organization_matches:
        by_organization = {m.organization_id: m for m in result.organization_matches}
        members = (
            Membership.objects.filter(organization_id__in=by_organization, user__is_active=True)
            .exclude(user_id__in=engine.excluded_users(opportunity))
            .exclude(user_id__in=best)
            .order_by("user_id")
            .values_list("user_id", "organization_id")
        )
        for user_id, organization_id in members:
            if user_id == opportunity.author_id:
                continue
            m = by_organization[organization_id]
            drafts.append(
                Draft(
                    recipient_id=user_id,
                    kind=NotificationKind.NEW_MATCH,
                    event_key=event_key,
                    payload={**base, "score": m.score, "reasons": m.reasons, "alert": ""},
                    url=url,
                )
            )
    notifications_create(drafts)
