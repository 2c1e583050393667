"""The home page: key figures, the map of the clusters, the latest opportunities."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from partners.roles import roles_of

from .selectors import home_clusters, key_figures, latest_opportunities, map_clusters


def _url(name: str, query: str = "") -> str | None:
    """A URL of a page that another part of the portal may not provide yet."""
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class CallToAction:
    label: str
    url: str
    primary: bool = False


def _calls_to_action(user) -> list[CallToAction]:
    """The next step for this kind of user; links to pages that do not exist are left out."""
    roles = roles_of(user)
    candidates: list[tuple[str, str | None, bool]]
    if roles.is_cluster_staff or roles.is_consortium_admin:
        candidates = [
            (_("Review your cluster's queue"), _url("dashboard:home"), True),
            (_("Add an organization"), _url("partners:create"), False),
            (_("Your cluster's figures"), _url("stats:index"), False),
        ]
    elif roles.is_member:
        candidates = [
            (_("Post an opportunity"), _url("opportunities:create"), True),
            (_("Your dashboard"), _url("dashboard:home"), False),
            (_("Browse opportunities"), _url("opportunities:list"), False),
        ]
    elif roles.is_authenticated:
        candidates = [
            (_("Find your organization"), _url("partners:list"), True),
            (_("Browse opportunities"), _url("opportunities:list"), False),
        ]
    else:
        candidates = [
            (_("Explore opportunities"), _url("opportunities:list"), True),
            (_("Browse the directory"), _url("partners:list"), False),
            (_("Join the network"), _url("account_signup"), False),
        ]
    actions = [CallToAction(str(label), url, primary) for label, url, primary in candidates if url]
    if actions and not any(action.primary for action in actions):
        actions[0] = CallToAction(actions[0].label, actions[0].url, primary=True)
    return actions


@require_safe
def home(request):
    clusters = home_clusters()
    context = {
        "clusters": clusters,
        "map_clusters": map_clusters(clusters),
        "figures": key_figures(),
        "latest_opportunities": latest_opportunities(user=request.user),
        "calls_to_action": _calls_to_action(request.user),
        "opportunities_url": _url("opportunities:list"),
        "post_url": _url("opportunities:create"),
        "investment_url": _url("opportunities:list", "?type=investment_sought"),
        "signup_url": _url("account_signup"),
    }
    return render(request, "home/home.html", context)
