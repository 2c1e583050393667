"""Reads of the directory: what a given user may see, already joined for the templates."""

from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from clusters.models import Cluster, ClusterStaff, TechnologyArea
from core.personal_data import personal_data_sections
from core.semantic import semantic_section
from core.translations import VersionLink, show_version
from partners.roles import roles_of

from .filters import SEARCH_FIELDS, OrganizationFilter
from .models import (
    TRANSLATED_FIELDS,
    Invitation,
    JoinRequest,
    Membership,
    MembershipRole,
    Organization,
    OrganizationFormerSlug,
    OrganizationTranslation,
    with_reader_version,
)
from .permissions import can_view_organization
from .semantic import KIND as SEMANTIC_KIND
from .semantic import THRESHOLD as SEMANTIC_THRESHOLD
from .services import invitation_token_hash


def _with_relations(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    # The search document (trigger-built, kilobytes) is never shown.
    return (
        queryset.select_related("cluster")
        .defer("search_vector")
        .prefetch_related(
            Prefetch(
                "technology_areas",
                queryset=TechnologyArea.objects.select_related("parent").order_by(
                    "position", "name"
                ),
            )
        )
    )


def organization_visible_queryset(*, user: User | AnonymousUser) -> QuerySet[Organization]:
    """Active organizations the user may see: verified ones, plus those they vouch for."""
    roles = roles_of(user)
    if roles.is_consortium_admin:
        return Organization.objects.all()
    queryset = Organization.objects.filter(is_active=True)
    condition = Q(is_verified=True)
    if roles.organization_ids:
        condition |= Q(pk__in=roles.organization_ids)
    if roles.staff_cluster_ids:
        condition |= Q(cluster_id__in=roles.staff_cluster_ids)
    return queryset.filter(condition)


def organization_filterset(
    *, filters: Mapping[str, Any] | None, user: User | AnonymousUser
) -> OrganizationFilter:
    """The bound FilterSet (its form renders the filters; its `qs` is the result)."""
    return OrganizationFilter(
        filters if filters is not None else {},
        queryset=with_reader_version(_with_relations(organization_visible_queryset(user=user))),
    )


def organization_list(
    *, filters: Mapping[str, Any] | None, user: User | AnonymousUser
) -> QuerySet[Organization]:
    return organization_filterset(filters=filters, user=user).qs


def organization_semantic_hits(
    *, filterset: OrganizationFilter, user: User | AnonymousUser
) -> list[Organization]:
    """ "Similar in other languages": the organizations closest in meaning to the search text
    that the keyword search missed, in any language, within the page's other filters."""
    return semantic_section(
        kind=SEMANTIC_KIND,
        text=filterset.search_text,
        candidates=filterset.qs_without_search,
        fallback_fields=SEARCH_FIELDS,
        threshold=SEMANTIC_THRESHOLD,
    )


def cluster_organizations(
    *, cluster: Cluster, user: User | AnonymousUser
) -> QuerySet[Organization]:
    """The members of one cluster that this user may see, by name."""
    organizations = organization_visible_queryset(user=user).filter(cluster=cluster)
    return with_reader_version(_with_relations(organizations)).order_by("name", "pk")


def organization_get(*, slug: str, user: User | AnonymousUser) -> Organization:
    """The organization for its profile page; 404 when the user may not know it exists."""
    organization = _with_relations(Organization.objects.all()).filter(slug=slug).first()
    if organization is None or not can_view_organization(user, organization):
        raise Http404
    return organization


def organization_show_version(
    *, organization: Organization, requested: str | None, reader: str
) -> list[VersionLink]:
    """Choose the version the profile shows (`?lang=`, else the reader's language, else the
    original) from the organization's translations (one query); the "also in" links."""
    return show_version(
        organization,
        organization.translations.all(),
        fields=TRANSLATED_FIELDS,
        requested=requested,
        reader=reader,
    )


def organization_current_slug(*, former_slug: str, user: User | AnonymousUser) -> str | None:
    """Where an old profile URL leads now: the current slug, if this user may see the profile
    (otherwise None, so that the old URL tells nothing about an unverified organization)."""
    former = (
        OrganizationFormerSlug.objects.select_related("organization")
        .filter(slug=former_slug)
        .first()
    )
    if former is None or not can_view_organization(user, former.organization):
        return None
    return former.organization.slug


def organization_kind_counts(*, organizations: QuerySet[Organization]) -> dict[str, int]:
    rows = organizations.order_by().values("kind").annotate(total=Count("pk"))
    return {row["kind"]: row["total"] for row in rows}


def organization_can_see_general_contact(
    *, user: User | AnonymousUser, organization: Organization
) -> bool:
    """The organization's general e-mail and phone: for members of the consortium only."""
    roles = roles_of(user)
    return roles.is_consortium_admin or roles.is_member or roles.is_cluster_staff


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def user_personal_data(*, user: User) -> dict[str, Any]:
    """Everything the portal stores about a person, for the JSON download (GDPR art. 15/20).

    Secrets (password hash, TOTP secret, recovery codes) are deliberately left out.
    """
    memberships = Membership.objects.filter(user=user).select_related("organization")
    staff = ClusterStaff.objects.filter(user=user).select_related("cluster")
    join_requests = JoinRequest.objects.filter(user=user).select_related("organization")
    invitations = Invitation.objects.filter(accepted_by=user).select_related("organization")
    translations = OrganizationTranslation.objects.filter(author=user).select_related(
        "organization"
    )
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "job_title": user.job_title,
            "phone": user.phone,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": [
            {"type": authenticator.type, "created_at": _iso(authenticator.created_at)}
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "memberships": [
            {
                "organization": membership.organization.name,
                "organization_slug": membership.organization.slug,
                "role": membership.role,
                "since": _iso(membership.created_at),
            }
            for membership in memberships
        ],
        "cluster_staff": [
            {"cluster": entry.cluster.name, "since": _iso(entry.created_at)} for entry in staff
        ],
        "join_requests": [
            {
                "organization": request.organization.name,
                "message": request.message,
                "status": request.status,
                "created_at": _iso(request.created_at),
            }
            for request in join_requests
        ],
        "accepted_invitations": [
            {
                "organization": invitation.organization.name,
                "role": invitation.role,
                "accepted_at": _iso(invitation.accepted_at),
            }
            for invitation in invitations
        ],
        "organization_translations": [
            {
                "organization": translation.organization.name,
                "language": translation.language,
                "description": translation.description,
                "capabilities": translation.capabilities,
                "needs": translation.needs,
                "updated_at": _iso(translation.updated_at),
            }
            for translation in translations.order_by("created_at", "pk")
        ],
        # What the apps above partners store about the person (events, follow-ups, ...).
        **personal_data_sections(user),
    }


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link's token points to, or None. Only hashes are stored."""
    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def join_request_decider_ids(*, organization_id: int) -> list[int]:
    """Who decides on the organization's join requests: its active admins, else the active
    staff of its cluster."""
    admins = list(
        Membership.objects.filter(
            organization_id=organization_id, role=MembershipRole.ADMIN, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    if admins:
        return admins
    return list(
        ClusterStaff.objects.filter(
            cluster__organizations__pk=organization_id, user__is_active=True
        ).values_list("user_id", flat=True)
    )
