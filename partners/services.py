"""All writes to organizations.

Rules: the services that the portal's pages and the admin call check who acts (`PermissionDenied`,
with the rules of permissions.py), then the state of the objects (`ValidationError`).
`organization_create`/`organization_update` are the building blocks beneath them (imports,
demo data): they check the fields only.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, cast

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from core.domain_events import publish
from core.history import history_user_set
from core.languages import detect_language
from core.slugs import ascii_slug
from partners.roles import forget_roles

from .models import (
    Contact,
    ContactVisibility,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    MembershipRole,
    Organization,
    OrganizationFormerSlug,
)
from .permissions import (
    can_create_organization,
    can_edit_organization,
    can_manage_members,
    can_verify_organization,
)

# Fields a caller may set through organization_create(**fields) / organization_update(data=...).
# Verification, activity and the search vector have their own services or are maintained by
# the database.
EDITABLE_FIELDS = frozenset(
    {
        "name",
        "kind",
        "cluster",
        "country",
        "city",
        "size_band",
        "founded_year",
        "description",
        "capabilities",
        "needs",
        "language",
        "website",
        "logo",
        "email",
        "phone",
        "external_id",
    }
)
SLUG_MAX_LENGTH = cast(int, Organization._meta.get_field("slug").max_length)


# Room for the "-N" that keeps a slug unique.
SLUG_BASE_LENGTH = SLUG_MAX_LENGTH - 8


def organization_slug_base(name: str) -> str:
    """The slug a name gives before any "-N" (core.slugs: transliterated, readable ASCII)."""
    return ascii_slug(name, max_length=SLUG_BASE_LENGTH) or "organization"


def _slug_taken(slug: str, organization: Organization | None) -> bool:
    """In use by another organization, now or as a former slug that still redirects."""
    current = Organization.objects.filter(slug=slug)
    former = OrganizationFormerSlug.objects.filter(slug=slug)
    if organization is not None and organization.pk is not None:
        current = current.exclude(pk=organization.pk)
        former = former.exclude(organization=organization)
    return current.exists() or former.exists()


def organization_unique_slug(name: str, organization: Organization | None = None) -> str:
    """A slug from the name that no other organization has, nor had (see _slug_taken)."""
    base = organization_slug_base(name)
    slug = base
    suffix = 2
    while _slug_taken(slug, organization):
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


def organization_slug_follows_rule(organization: Organization) -> bool:
    return _follows_rule(organization.slug, organization.name)


def _follows_rule(slug: str, name: str) -> bool:
    """The slug is what the current rule gives for the name (possibly with its "-N")."""
    base = organization_slug_base(name)
    return slug == base or (slug.startswith(f"{base}-") and slug.removeprefix(f"{base}-").isdigit())


def organization_import_slug(name: str) -> str:
    """The key of an imported row without a slug: the slug of the organization that has
    exactly this name (so a re-import updates it), or a new one derived from the name."""
    existing = Organization.objects.filter(name=name).order_by("pk").values_list("slug", flat=True)
    return existing.first() or organization_unique_slug(name)


def organization_detect_language(organization: Organization) -> None:
    """Fill a blank `language` from the profile's texts (not saved)."""
    if not organization.language:
        # Left blank ("detect automatically"): search stems the profile's words by it.
        organization.language = detect_language(
            organization.description, organization.capabilities, organization.needs
        ) or detect_language(organization.name)


def _check_fields(fields: Iterable[str]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS - {"technology_areas"}
    if unknown:
        raise TypeError(f"Not editable through this service: {', '.join(sorted(unknown))}")


@transaction.atomic
def organization_create(
    *,
    actor: User | None,
    cluster: Cluster,
    name: str,
    kind: str,
    country: str,
    technology_areas: Iterable[TechnologyArea] | None = None,
    is_verified: bool = False,
    **fields: Any,
) -> Organization:
    """Create an organization with a unique slug derived from its name.

    `is_verified=True` is meant for demo data and admin imports; in the portal, verification
    goes through `organization_verify`. `actor` is None only for scripts (seed_demo).
    """
    _check_fields(fields)
    organization = Organization(
        cluster=cluster,
        name=name,
        kind=kind,
        country=country,
        slug=organization_unique_slug(name),
        is_verified=is_verified,
        **fields,
    )
    organization_detect_language(organization)
    organization.full_clean()
    history_user_set(organization, actor)
    organization.save()
    if technology_areas is not None:
        organization.technology_areas.set(technology_areas)
    publish("organization.created", organization_id=organization.pk)
    return organization


@transaction.atomic
def organization_update(
    *, actor: User | None, organization: Organization, data: dict[str, Any]
) -> Organization:
    """Change the editable fields given in `data`.

    A new name gets the slug the name gives (old profile links redirect to it); otherwise the
    slug stays as it is.
    """
    _check_fields(data)
    data = dict(data)
    technology_areas = data.pop("technology_areas", None)
    changed = [name for name, value in data.items() if getattr(organization, name) != value]
    for name in changed:
        setattr(organization, name, data[name])
    if technology_areas is not None:
        areas_before = set(organization.technology_areas.values_list("pk", flat=True))
        if areas_before != {area.pk for area in technology_areas}:
            changed.append("technology_areas")
    if changed:
        organization_detect_language(organization)
        if "name" in changed and not _follows_rule(organization.slug, organization.name):
            _change_slug(organization, organization_unique_slug(organization.name, organization))
        organization.full_clean()
        history_user_set(organization, actor)
        # Saved even when only the areas changed: `updated_at` is what incremental syncs read.
        organization.save()
    if technology_areas is not None:
        organization.technology_areas.set(technology_areas)
    if changed:
        publish("organization.updated", organization_id=organization.pk)
    return organization


def _change_slug(organization: Organization, slug: str) -> None:
    """Give the organization `slug`, keeping the one it had as a redirect to its profile."""
    OrganizationFormerSlug.objects.filter(organization=organization, slug=slug).delete()
    former = OrganizationFormerSlug(organization=organization, slug=organization.slug)
    former.full_clean(exclude=["organization"])
    former.save()
    organization.slug = slug


@transaction.atomic
def organization_slug_refresh(*, organization: Organization) -> bool:
    """Apply the current slug rule to an organization whose slug predates it (e.g. a Chinese
    name that got `organization-2`); its old slug keeps redirecting. True when it changed."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if _follows_rule(organization.slug, organization.name):
        return False
    _change_slug(organization, organization_unique_slug(organization.name, organization))
    organization.full_clean()
    organization.save(update_fields=["slug", "updated_at"])
    return True


# --- Verification, invitations and join requests --------------------------------------------
# Who acts is checked first (partners/permissions.py), then the rules of the objects themselves
# (single use, expiry, one pending request, ...).

INVITATION_VALIDITY = timedelta(days=14)

MESSAGE_INVITATION_USED = _("This invitation has already been used.")
MESSAGE_INVITATION_EXPIRED = _("This invitation has expired. Ask for a new one.")
MESSAGE_INVITATION_REVOKED = _("This invitation has been withdrawn.")
MESSAGE_INVITATION_OTHER_EMAIL = _(
    "This invitation was sent to %(email)s. Sign in with that address, or add it to your "
    "account and verify it, to accept the invitation."
)
MESSAGE_ALREADY_MEMBER = _("%(email)s is already a member of this organization.")
MESSAGE_YOU_ARE_MEMBER = _("You are already a member of this organization.")
MESSAGE_JOIN_REQUEST_PENDING = _("You have already asked to join; the request is pending.")
MESSAGE_JOIN_REQUEST_DECIDED = _("This request has already been answered.")


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def organization_verify(*, actor: User, organization: Organization) -> Organization:
    """Mark the organization verified, recording who vouched for it and when."""
    if not can_verify_organization(actor, organization):
        raise PermissionDenied
    organization.is_verified = True
    organization.verified_by = actor
    organization.verified_at = timezone.now()
    organization.full_clean()
    history_user_set(organization, actor)
    organization.save(update_fields=["is_verified", "verified_by", "verified_at", "updated_at"])
    return organization


@transaction.atomic
def organization_unverify(*, actor: User, organization: Organization) -> Organization:
    if not can_verify_organization(actor, organization):
        raise PermissionDenied
    organization.is_verified = False
    organization.verified_by = None
    organization.verified_at = None
    history_user_set(organization, actor)
    organization.save(update_fields=["is_verified", "verified_by", "verified_at", "updated_at"])
    # Unverified organizations are hidden from everyone outside it and its cluster's staff.
    organization_hidden_announce(organization=organization, reason="unverified")
    return organization


def organization_hidden_announce(*, organization: Organization, reason: str) -> None:
    """Tell the other apps (the API's tombstones) that the organization left public view:
    `reason` is "deactivated" (the admin's change form) or "unverified"."""
    publish("organization.hidden", organization_id=organization.pk, reason=reason)


CONTACT_FIELDS = ("name", "role", "email", "phone", "visibility")


def _contact_key(name: str, email: str) -> str:
    return email.strip().lower() or name.strip().lower()


@transaction.atomic
def organization_contacts_set(
    *, actor: User, organization: Organization, contacts: list[dict[str, Any]]
) -> list[Contact]:
    """Make the organization's contacts exactly `contacts` (a CRM's list), in that order.

    A contact is the same person when the e-mail address matches (else the name): it is
    updated in place, so its history shows what changed; the others are added or deleted.
    """
    existing = {
        _contact_key(contact.name, contact.email): contact
        for contact in organization.contacts.all()
    }
    kept: list[Contact] = []
    for position, data in enumerate(contacts):
        values = {name: data.get(name, "") for name in CONTACT_FIELDS}
        values["visibility"] = values["visibility"] or ContactVisibility.INTRODUCED
        contact = existing.pop(_contact_key(values["name"], values["email"]), None)
        if contact is None:
            contact = Contact(organization=organization)
        elif all(getattr(contact, n) == v for n, v in values.items()) and (
            contact.position == position
        ):
            kept.append(contact)
            continue
        for name, value in values.items():
            setattr(contact, name, value)
        contact.position = position
        contact.full_clean(exclude=["organization"])
        history_user_set(contact, actor)
        contact.save()
        kept.append(contact)
    for contact in existing.values():
        history_user_set(contact, actor)
        contact.delete()
    return kept


@transaction.atomic
def organization_contacts_save(*, actor: User, organization: Organization, formset) -> None:
    """Save a validated contacts formset (adds, changes, deletions) of one organization."""
    contacts = formset.save(commit=False)
    for contact in formset.deleted_objects:
        history_user_set(contact, actor)
        contact.delete()
    for contact in contacts:
        contact.organization = organization
        contact.full_clean()
        history_user_set(contact, actor)
        contact.save()


@transaction.atomic
def organization_profile_save(
    *,
    actor: User,
    organization: Organization | None,
    data: dict[str, Any],
    contacts,
) -> Organization:
    """Create (organization=None, `data` has the cluster) or update a profile with its contacts,
    all or nothing."""
    data = dict(data)
    if organization is None:
        if not can_create_organization(actor, data["cluster"]):
            raise PermissionDenied
        organization = organization_create(
            actor=actor,
            cluster=data.pop("cluster"),
            name=data.pop("name"),
            kind=data.pop("kind"),
            country=data.pop("country"),
            **data,
        )
    else:
        if not can_edit_organization(actor, organization):
            raise PermissionDenied
        organization = organization_update(actor=actor, organization=organization, data=data)
    organization_contacts_save(actor=actor, organization=organization, formset=contacts)
    return organization


@transaction.atomic
def invitation_create(
    *, actor: User, organization: Organization, email: str, role: str = MembershipRole.MEMBER
) -> tuple[Invitation, str]:
    """Invite someone by e-mail. Returns the invitation and the raw token of its link.

    Only the token's hash is stored with the invitation; the link goes out through the
    notifications outbox (the "invitation.created" event), in the inviter's language.
    """
    if not can_manage_members(actor, organization):
        raise PermissionDenied
    email = email.strip()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": MESSAGE_ALREADY_MEMBER % {"email": email}})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        token_hash=invitation_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean()
    invitation.save()
    publish(
        "invitation.created",
        invitation=invitation,
        token=token,
        language=translation.get_language() or "",
    )
    return invitation, token


def _owns_verified_email(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def invitation_check_usable(invitation: Invitation) -> None:
    """Raise the reason an invitation's link no longer works: used, withdrawn or expired."""
    if invitation.accepted_at is not None:
        raise ValidationError(MESSAGE_INVITATION_USED, code="used")
    if invitation.revoked_at is not None:
        raise ValidationError(MESSAGE_INVITATION_REVOKED, code="revoked")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(MESSAGE_INVITATION_EXPIRED, code="expired")


@transaction.atomic
def invitation_accept(*, user: User, invitation: Invitation) -> Membership:
    """Turn the invitation into a membership. Works once, before expiry, for the invitee."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check_usable(invitation)
    if not _owns_verified_email(user, invitation.email):
        raise ValidationError(
            MESSAGE_INVITATION_OTHER_EMAIL, code="other_email", params={"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organization_id=invitation.organization_id, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.ADMIN:
        membership.role = MembershipRole.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    return membership


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if not can_manage_members(actor, invitation.organization):
        raise PermissionDenied
    if invitation.accepted_at is not None:
        raise ValidationError(MESSAGE_INVITATION_USED, code="used")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def membership_add(
    *, organization: Organization, user: User, role: str = MembershipRole.MEMBER
) -> Membership:
    """Give the user the role in the organization (idempotent; the role is updated)."""
    membership, created = Membership.objects.get_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    forget_roles(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    if not can_manage_members(actor, membership.organization):
        raise PermissionDenied
    membership.delete()
    forget_roles(membership.user)


@transaction.atomic
def join_request_create(
    *, user: User, organization: Organization, message: str = ""
) -> JoinRequest:
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(MESSAGE_YOU_ARE_MEMBER, code="member")
    if JoinRequest.objects.filter(
        user=user, organization=organization, status=JoinRequestStatus.PENDING
    ).exists():
        raise ValidationError(MESSAGE_JOIN_REQUEST_PENDING, code="pending")
    join_request = JoinRequest(user=user, organization=organization, message=message.strip())
    join_request.full_clean()
    join_request.save()
    publish("join_request.created", join_request=join_request)
    return join_request


def _decide(*, actor: User, join_request: JoinRequest, status: str) -> JoinRequest:
    if not can_manage_members(actor, join_request.organization):
        raise PermissionDenied
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(MESSAGE_JOIN_REQUEST_DECIDED, code="decided")
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    publish("join_request.answered", join_request=join_request)
    return join_request


@transaction.atomic
def join_request_approve(*, actor: User, join_request: JoinRequest) -> JoinRequest:
    join_request = _decide(
        actor=actor, join_request=join_request, status=JoinRequestStatus.APPROVED
    )
    Membership.objects.get_or_create(
        user_id=join_request.user_id,
        organization_id=join_request.organization_id,
        defaults={"role": MembershipRole.MEMBER},
    )
    return join_request


@transaction.atomic
def join_request_decline(*, actor: User, join_request: JoinRequest) -> JoinRequest:
    return _decide(actor=actor, join_request=join_request, status=JoinRequestStatus.DECLINED)
