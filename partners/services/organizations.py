"""Writes of an organization's profile: create and update (with the slug rule and its
redirects), verification, and the profile form saved with its contacts.

`organization_create`/`organization_update` are the building blocks beneath the services the
pages and the admin call (imports, demo data): they check the fields only.
"""

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from core.domain_events import publish
from core.history import history_user_set
from core.languages import detect_language
from core.slugs import ascii_slug
from core.translations import clean_translations, translations_save

from ..models import (
    TRANSLATED_FIELDS,
    Organization,
    OrganizationFormerSlug,
    OrganizationTranslation,
)
from ..permissions import (
    can_create_organization,
    can_edit_organization,
    can_verify_organization,
)
from .contacts import organization_contacts_save

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


def _verification_save(*, actor: User, organization: Organization, verified: bool) -> None:
    if not can_verify_organization(actor, organization):
        raise PermissionDenied
    organization.is_verified = verified
    organization.verified_by = actor if verified else None
    organization.verified_at = timezone.now() if verified else None
    if verified:
        # Withdrawing a verification never depends on the rest of the profile.
        organization.full_clean()
    history_user_set(organization, actor)
    organization.save(update_fields=["is_verified", "verified_by", "verified_at", "updated_at"])


@transaction.atomic
def organization_verify(*, actor: User, organization: Organization) -> Organization:
    """Mark the organization verified, recording who vouched for it and when."""
    _verification_save(actor=actor, organization=organization, verified=True)
    return organization


@transaction.atomic
def organization_unverify(*, actor: User, organization: Organization) -> Organization:
    _verification_save(actor=actor, organization=organization, verified=False)
    # Unverified organizations are hidden from everyone outside it and its cluster's staff.
    organization_hidden_announce(organization=organization, reason="unverified")
    return organization


def organization_hidden_announce(*, organization: Organization, reason: str) -> None:
    """Tell the other apps (the API's tombstones) that the organization left public view:
    `reason` is "deactivated" (the admin's change form) or "unverified"."""
    publish("organization.hidden", organization_id=organization.pk, reason=reason)


def organization_changed_announce(*, organization: Organization) -> None:
    """Tell the other apps that a profile was changed outside these services (the admin's
    change form): webhooks, the visitors' page cache, the event catalogues' copies of its name."""
    publish("organization.updated", organization_id=organization.pk)


@transaction.atomic
def organization_translations_set(
    *,
    actor: User | None,
    organization: Organization,
    translations: Sequence[dict[str, Any]],
) -> bool:
    """Make the profile's translations exactly the non-blank `translations` (dicts with
    `language` and some of description, capabilities, needs): added, changed or deleted, all
    or nothing (core.translations' rules), each change in its history. Profiles are not
    moderated before they show: like the original, a translation shows once saved. `actor` is
    None only for scripts. Whether anything changed."""
    if actor is not None and not can_edit_organization(actor, organization):
        raise PermissionDenied
    versions = clean_translations(
        translations,
        fields=TRANSLATED_FIELDS,
        original_language=organization.language,
        require_all=False,
    )
    changed = translations_save(
        existing=organization.translations.all(),
        versions=versions,
        new=lambda language: OrganizationTranslation(organization=organization, language=language),
        actor=actor,
        exclude=["organization"],
        before_write=lambda translation: history_user_set(translation, actor),
    )
    if changed:
        # `updated_at` is what incremental syncs (the API) read; the profile's own history
        # has nothing new (the translation's has).
        organization.updated_at = timezone.now()
        Organization.objects.filter(pk=organization.pk).update(updated_at=organization.updated_at)
        publish("organization.updated", organization_id=organization.pk)
    return changed


@transaction.atomic
def organization_profile_save(
    *,
    actor: User,
    organization: Organization | None,
    data: dict[str, Any],
    contacts,
    translations: Sequence[dict[str, Any]] | None = None,
) -> Organization:
    """Create (organization=None, `data` has the cluster) or update a profile with its contacts
    and its translations (None: left as they are), all or nothing."""
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
    if translations is not None:
        organization_translations_set(
            actor=actor, organization=organization, translations=translations
        )
    return organization
