from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from events.selectors import requests_to_answer_for_user, upcoming_meetings_for_user
from matching.selectors import recommended_for
from partners.mfa import signed_in_view
from partners.roles import roles_of

from . import selectors


@signed_in_view("GET", "HEAD")
def dashboard_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = roles_of(user)
    context = {
        "roles": roles,
        "organizations": selectors.my_organizations(user=user),
        "recommended": recommended_for(user),
        "upcoming_meetings": upcoming_meetings_for_user(user=user),
        "meeting_requests": requests_to_answer_for_user(user=user),
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
    return render(request, "dashboard/dashboard.html", context)
