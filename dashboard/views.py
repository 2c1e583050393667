from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from events.selectors import dashboard_partnering_for_user
from matching.selectors import recommended_for
from partners.mfa import signed_in_view
from partners.roles import roles_of

from . import selectors
from .permissions import can_see_dashboard_list

# The "see all" pages' titles: the headings of the dashboard's sections.
LIST_TITLES = {
    "opportunities": _("My opportunities"),
    "received": _("Expressions of interest awaiting your answer"),
    "sent": _("Expressions of interest you sent"),
    "introductions": _("Introductions"),
    "review": _("Review queue"),
    "overdue": _("Expressions of interest waiting too long"),
    "cluster-introductions": _("Introductions involving your cluster"),
}


@signed_in_view("GET", "HEAD")
def dashboard_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = roles_of(user)
    upcoming_meetings, meeting_requests = dashboard_partnering_for_user(user=user)
    context = {
        "roles": roles,
        "organizations": selectors.my_organizations(user=user),
        "recommended": recommended_for(user),
        "upcoming_meetings": upcoming_meetings,
        "meeting_requests": meeting_requests,
    }
    if roles.is_member:
        context.update(
            my_opportunities=selectors.my_opportunities(user=user),
            received=selectors.interests_received(user=user),
            sent=selectors.interests_sent(user=user),
            introductions=selectors.my_introductions(user=user),
        )
    if roles.is_cluster_staff or roles.is_consortium_admin:
        context.update(
            is_staff_view=True,
            review_queue=selectors.review_queue(user=user),
            overdue=selectors.overdue_interests(user=user),
            cluster_introductions=selectors.cluster_introductions(user=user),
            cluster_figures=selectors.cluster_figures(user=user),
            disputes=selectors.disputes(user=user),
        )
    # The integrations pages they may open (api.permissions: organization admins, cluster staff;
    # staff reach the dashboard with TOTP only), from rows already loaded.
    context["integration_organizations"] = [
        organization
        for organization in context["organizations"]
        if roles.is_admin_of(organization.pk)
    ]
    context["integration_clusters"] = [
        cluster for cluster in context.get("cluster_figures", []) if roles.is_staff_of(cluster.pk)
    ]
    return render(request, "dashboard/dashboard.html", context)


@signed_in_view("GET", "HEAD")
def dashboard_list_view(request: HttpRequest, name: str) -> HttpResponse:
    """Every row of one dashboard list, paginated (the dashboard shows the first few)."""
    item = selectors.LISTS.get(name)
    if item is None or not can_see_dashboard_list(request.user, item):
        raise Http404
    page = selectors.dashboard_list_page(name=name, user=request.user, page=request.GET.get("page"))
    page.elided_range = list(page.paginator.get_elided_page_range(page.number))
    return render(
        request,
        "dashboard/list.html",
        {"list": item, "title": LIST_TITLES[name], "page_obj": page},
    )
