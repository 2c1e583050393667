"""Editing organizations in the browser: profile, verification, history, members.

Every view checks the permission for this user and this organization on the server. An
organization the user may not even see is a 404; one they see but may not change is a 403.
Staff views require TOTP (partners.mfa.staff_mfa_required).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusters.models import Cluster
from core.forms import (
    attach_error,
    call_service,
    form_service,
    is_valid_or_absent,
    translations_formset_for,
)
from partners.mfa import signed_in_view
from partners.roles import roles_of

from .forms import (
    ContactFormSet,
    InvitationForm,
    JoinRequestForm,
    OrganizationForm,
    OrganizationTranslationFormSet,
)
from .history import organization_history
from .models import (
    TRANSLATED_FIELDS,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Organization,
)
from .permissions import (
    can_create_organization,
    can_edit_organization,
    can_manage_members,
    can_request_to_join,
    can_verify_organization,
    can_view_organization_history,
    get_organization_for,
)
from .services import (
    invitation_create,
    invitation_revoke,
    join_request_approve,
    join_request_create,
    join_request_decline,
    membership_remove,
    organization_profile_save,
    organization_unverify,
    organization_verify,
)

CONTACTS_PREFIX = "contacts"


def _creatable_clusters(request: HttpRequest) -> QuerySet[Cluster]:
    roles = roles_of(request.user)
    if roles.is_consortium_admin:
        return Cluster.objects.order_by("name")
    return Cluster.objects.filter(pk__in=roles.staff_cluster_ids).order_by("name")


def _posted_cluster(request: HttpRequest) -> Cluster | None:
    value = request.POST.get("cluster", "")
    return Cluster.objects.filter(pk=int(value)).first() if value.isdigit() else None


def _profile_form_response(request, *, organization, form, formset) -> HttpResponse:
    """Save a valid POST through the service, or show the form (again, with its errors)."""
    translations = translations_formset_for(
        request, OrganizationTranslationFormSet, organization, fields=TRANSLATED_FIELDS
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and formset.is_valid()
        and is_valid_or_absent(translations)
    ):
        try:
            saved = organization_profile_save(
                actor=request.user,
                organization=organization,
                data=form.service_data(),
                contacts=formset,
                translations=translations.rows() if translations is not None else None,
            )
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(
                request, _("The profile of %(name)s has been saved.") % {"name": saved.name}
            )
            return redirect("partners:detail", slug=saved.slug)
    context = {
        "form": form,
        "formset": formset,
        "translations": translations,
        "organization": organization,
    }
    return render(request, "partners/organization_form.html", context)


@signed_in_view("GET", "HEAD", "POST")
def organization_create_view(request: HttpRequest) -> HttpResponse:
    if not can_create_organization(request.user, None):
        raise PermissionDenied
    clusters = _creatable_clusters(request)
    if request.method == "POST":
        cluster = _posted_cluster(request)
        if cluster is not None and not can_create_organization(request.user, cluster):
            raise PermissionDenied
    first_cluster = clusters.first()
    form = OrganizationForm(
        request.POST or None,
        request.FILES or None,
        clusters=clusters,
        initial={"country": first_cluster.country if first_cluster else ""},
    )
    formset = ContactFormSet(request.POST or None, prefix=CONTACTS_PREFIX)
    return _profile_form_response(request, organization=None, form=form, formset=formset)


@signed_in_view("GET", "HEAD", "POST")
def organization_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for(request.user, slug, can_edit_organization)
    # The form validates against its own copy: a ModelForm writes the posted values onto its
    # instance, and the service must compare them with what is stored.
    form_instance = Organization.objects.get(pk=organization.pk)
    clusters = (
        Cluster.objects.order_by("name") if roles_of(request.user).is_consortium_admin else None
    )
    form = OrganizationForm(
        request.POST or None, request.FILES or None, instance=form_instance, clusters=clusters
    )
    formset = ContactFormSet(request.POST or None, instance=organization, prefix=CONTACTS_PREFIX)
    return _profile_form_response(request, organization=organization, form=form, formset=formset)


@signed_in_view("POST")
def organization_verify_view(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for(request.user, slug, can_verify_organization)
    if request.POST.get("action") == "unverify":
        organization_unverify(actor=request.user, organization=organization)
        messages.success(request, _("The verification has been withdrawn."))
    else:
        organization_verify(actor=request.user, organization=organization)
        messages.success(request, _("%(name)s is now verified.") % {"name": organization.name})
    return redirect("partners:detail", slug=organization.slug)


@signed_in_view("GET", "HEAD")
def organization_history_view(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for(request.user, slug, can_view_organization_history)
    entries = organization_history(organization=organization)
    return render(
        request,
        "partners/organization_history.html",
        {"organization": organization, "entries": entries},
    )


# --- Members, invitations and join requests ----------------------------------------------------


def _render_members(request, organization, invitation_form=None, status=200) -> HttpResponse:
    memberships = organization.memberships.select_related("user").order_by("role", "user__email")
    invitations = (
        Invitation.objects.filter(organization=organization, accepted_at__isnull=True)
        .filter(revoked_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at")
    )
    join_requests = (
        JoinRequest.objects.filter(organization=organization, status=JoinRequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at")
    )
    return render(
        request,
        "partners/organization_members.html",
        {
            "organization": organization,
            "memberships": memberships,
            "invitations": invitations,
            "join_requests": join_requests,
            "invitation_form": invitation_form or InvitationForm(),
            "now": timezone.now(),
        },
        status=status,
    )


@signed_in_view("GET", "HEAD")
def organization_members_view(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for(request.user, slug, can_manage_members)
    return _render_members(request, organization)


@signed_in_view("POST")
def invitation_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for(request.user, slug, can_manage_members)
    form = InvitationForm(request.POST)
    if form.is_valid() and form_service(
        form,
        lambda: invitation_create(
            actor=request.user,
            organization=organization,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        ),
    ):
        messages.success(
            request,
            _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("partners:members", slug=organization.slug)
    return _render_members(request, organization, invitation_form=form, status=400)


def _members_row(request: HttpRequest, slug: str, rows: QuerySet, pk: int) -> tuple:
    """The organization whose members the user manages, and one of its `rows` (404 if not)."""
    organization = get_organization_for(request.user, slug, can_manage_members)
    return organization, get_object_or_404(rows, pk=pk, organization=organization)


@signed_in_view("POST")
def invitation_revoke_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization, invitation = _members_row(request, slug, Invitation.objects.all(), pk)
    call_service(
        request,
        lambda: invitation_revoke(actor=request.user, invitation=invitation),
        success=_("The invitation has been withdrawn."),
    )
    return redirect("partners:members", slug=organization.slug)


@signed_in_view("POST")
def membership_remove_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    rows = Membership.objects.select_related("user")
    organization, membership = _members_row(request, slug, rows, pk)
    membership_remove(actor=request.user, membership=membership)
    messages.success(
        request,
        _("%(person)s no longer speaks for %(organization)s.")
        % {"person": membership.user, "organization": organization.name},
    )
    return redirect("partners:members", slug=organization.slug)


@signed_in_view("POST")
def join_request_decide_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    rows = JoinRequest.objects.select_related("user")
    organization, join_request = _members_row(request, slug, rows, pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        return _render_members(request, organization, status=400)
    if decision == "approve":
        service = join_request_approve
        text = _("%(person)s is now a member.") % {"person": join_request.user}
    else:
        service = join_request_decline
        text = _("The request of %(person)s has been declined.") % {"person": join_request.user}
    call_service(
        request, lambda: service(actor=request.user, join_request=join_request), success=text
    )
    return redirect("partners:members", slug=organization.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join_request_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_organization_for(request.user, slug, can_request_to_join)
    form = JoinRequestForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_service(
            form,
            lambda: join_request_create(
                user=request.user, organization=organization, message=form.cleaned_data["message"]
            ),
        )
    ):
        messages.success(
            request,
            _("Your request has been sent to the admins of %(name)s.")
            % {"name": organization.name},
        )
        return redirect("partners:detail", slug=organization.slug)
    return render(
        request,
        "partners/joinrequest_form.html",
        {"organization": organization, "form": form},
    )
