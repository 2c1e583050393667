"""All writes to organizations. Permission checks live in the views (see permissions.py)."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from clusters.models import Cluster, TechnologyArea

from .models import Organization

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
        "website",
        "logo",
        "email",
        "phone",
    }
)
SLUG_MAX_LENGTH = Organization._meta.get_field("slug").max_length


def _unique_slug(name: str) -> str:
    base = slugify(name)[: SLUG_MAX_LENGTH - 8].strip("-") or "organization"
    slug = base
    suffix = 2
    while Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


def _check_fields(fields: Iterable[str]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS - {"technology_areas"}
    if unknown:
        raise TypeError(f"Not editable through this service: {', '.join(sorted(unknown))}")


def _set_history_user(organization: Organization, actor: User | None) -> None:
    if actor is not None and actor.is_authenticated:
        organization._history_user = actor


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
        slug=_unique_slug(name),
        is_verified=is_verified,
        **fields,
    )
    organization.full_clean()
    _set_history_user(organization, actor)
    organization.save()
    if technology_areas is not None:
        organization.technology_areas.set(technology_areas)
    return organization


@transaction.atomic
def organization_update(
    *, actor: User | None, organization: Organization, data: dict[str, Any]
) -> Organization:
    """Change the editable fields given in `data`; the slug stays stable so links keep working."""
    _check_fields(data)
    data = dict(data)
    technology_areas = data.pop("technology_areas", None)
    changed = [name for name, value in data.items() if getattr(organization, name) != value]
    for name in changed:
        setattr(organization, name, data[name])
    if changed:
        organization.full_clean()
        _set_history_user(organization, actor)
        organization.save()
    if technology_areas is not None:
        organization.technology_areas.set(technology_areas)
    return organization
