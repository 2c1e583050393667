"""Writes of an organization's contacts: a CRM's whole list, or the profile form's formset."""

from typing import Any

from django.db import transaction

from accounts.models import User
from core.history import history_user_set

from ..models import (
    Contact,
    ContactVisibility,
    Organization,
)

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
