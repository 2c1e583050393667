"""Who may open a dashboard list's "see all" page: the user the dashboard shows it to."""

from accounts.models import User
from partners.roles import roles_of

from .selectors import DashboardList


def can_see_dashboard_list(user: User, item: DashboardList) -> bool:
    roles = roles_of(user)
    if item.staff:
        return roles.is_cluster_staff or roles.is_consortium_admin
    return roles.is_member
