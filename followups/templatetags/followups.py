"""Follow-up panels shown on pages of the apps below (opportunity detail, organization profile).

Those apps cannot import followups; their templates load these tags instead.
"""

from django import template

from opportunities.models import OpportunityStatus
from partners.roles import roles_of

from .. import permissions, selectors
from ..forms import FeedbackForm, member_organizations
from ..models import RANK, Stage

register = template.Library()


@register.inclusion_tag("followups/includes/status_line.html")
def status_line(follow_up) -> dict:
    stage = follow_up.stage
    shown = [(v, label) for v, label in Stage.choices if v not in (Stage.AGREEMENT, Stage.NO_DEAL)]
    end = Stage.NO_DEAL if stage == Stage.NO_DEAL else Stage.AGREEMENT
    shown.append((end, Stage(end).label))
    return {
        "choices": shown,
        "stage": stage,
        "done": {value for value, _label in shown if RANK[value] < RANK[stage]},
    }


@register.inclusion_tag("followups/includes/feedback_panel.html", takes_context=True)
def partner_feedback(context, opportunity) -> dict:
    """For the author's side: what partners told it. For other members: pass with feedback."""
    user = context["request"].user
    summary = selectors.feedback_summary(user=user, opportunity=opportunity)
    if summary is not None:
        return {"summary": summary}
    if opportunity.status != OpportunityStatus.PUBLISHED or not permissions.can_give_feedback(
        user, opportunity
    ):
        return {}
    given = selectors.feedback_given(user=user, opportunity=opportunity)
    if given is not None:
        return {"given": given}
    organization_ids = roles_of(user).organization_ids
    organizations = member_organizations(
        organization_ids, exclude=opportunity.organization_id
    ).order_by("name")
    # The roles hold the user's active organizations: with one, the form posts its id and
    # nothing is read (the page has read them for the interest form already); with several,
    # the select reads them once as it renders.
    others = organization_ids - {opportunity.organization_id}
    return {
        "form": FeedbackForm(organizations=organizations),
        "single": next(iter(others)) if len(others) == 1 else None,
        "opportunity": opportunity,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("followups/includes/responsiveness.html")
def responsiveness(organization) -> dict:
    figures = selectors.responsiveness(organization_ids=[organization.pk]).get(organization.pk)
    return {"figures": figures if figures is not None and figures.is_shown else None}
