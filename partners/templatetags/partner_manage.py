"""What the manage panel of an organization's page shows to the person looking at it.

The panel is included by the profile page without extra view context, so the permissions and
the last change are worked out here (at most two small queries, none for visitors).
"""

from dataclasses import dataclass
from typing import Any

from django import template

from partners.models import JoinRequest, JoinRequestStatus, Organization
from partners.permissions import (
    can_edit_organization,
    can_manage_members,
    can_request_to_join,
    can_verify_organization,
    can_view_organization_history,
)

register = template.Library()


@dataclass(frozen=True)
class ManagePanel:
    can_edit: bool = False
    can_verify: bool = False
    can_manage_members: bool = False
    can_view_history: bool = False
    can_request_to_join: bool = False
    has_pending_request: bool = False
    last_change: Any = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.can_edit or self.can_verify or self.can_request_to_join or self.has_pending_request
        )


@register.simple_tag(takes_context=True)
def manage_panel(context: template.Context, organization: Organization) -> ManagePanel:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ManagePanel()
    can_view_history = can_view_organization_history(user, organization)
    last_change = None
    if can_view_history:
        last_change = organization.history.select_related("history_user").first()
    may_manage = can_manage_members(user, organization)
    may_join = can_request_to_join(user, organization) and not may_manage
    pending = (
        may_join
        and JoinRequest.objects.filter(
            user=user, organization=organization, status=JoinRequestStatus.PENDING
        ).exists()
    )
    return ManagePanel(
        can_edit=can_edit_organization(user, organization),
        can_verify=can_verify_organization(user, organization),
        can_manage_members=may_manage,
        can_view_history=can_view_history,
        can_request_to_join=may_join and not pending,
        has_pending_request=pending,
        last_change=last_change,
    )
