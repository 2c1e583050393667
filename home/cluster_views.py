"""The ten member clusters and their profile pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.listing import paginate
from partners.models import OrganizationKind
from partners.selectors import cluster_organizations, organization_kind_counts

from .selectors import cluster_get, cluster_list, cluster_opportunities

MEMBERS_PER_PAGE = 24


@require_safe
def cluster_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "clusters/cluster_list.html", {"clusters": cluster_list()})


@require_safe
def cluster_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = cluster_get(slug=slug)
    if cluster is None:
        raise Http404
    organizations = cluster_organizations(cluster=cluster, user=request.user)
    page = paginate(request, organizations, MEMBERS_PER_PAGE)
    counts = organization_kind_counts(organizations=organizations)
    kind_counts = [
        {"kind": kind, "label": label, "count": counts[kind]}
        for kind, label in OrganizationKind.choices
        if counts.get(kind)
    ]
    context = {
        "cluster": cluster,
        "page_obj": page,
        "organizations": page.object_list,
        "kind_counts": kind_counts,
        "member_total": page.paginator.count,
        "opportunities": cluster_opportunities(cluster=cluster, user=request.user),
    }
    return render(request, "clusters/cluster_detail.html", context)
