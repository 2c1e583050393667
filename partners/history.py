"""Who changed what on an organization's profile and its contacts (django-simple-history).

Reads only. Records are diffed pairwise in Python, so the page costs a fixed number of queries
whatever the length of the history.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Contact, Organization

HISTORY_LIMIT = 100
VALUE_MAX_LENGTH = 160
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    date: datetime
    user: User | None
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(model_field: models.Field, value: Any, related: dict) -> str:
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return str(related.get((model_field.related_model, value), value))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    text = str(value)
    if len(text) > VALUE_MAX_LENGTH:
        text = text[: VALUE_MAX_LENGTH - 1] + "…"
    return text


def _entries(records: list, model: type[models.Model], subject) -> list[HistoryEntry]:
    """`records` newest first, all of one object or several (grouped by id here)."""
    previous_of: dict[int, Any] = {}
    by_object: dict[Any, list] = {}
    for record in records:
        by_object.setdefault(record.id, []).append(record)
    for object_records in by_object.values():
        for newer, older in pairwise(object_records):
            previous_of[newer.history_id] = older
    pending = []
    for record in records:
        older = previous_of.get(record.history_id)
        delta = record.diff_against(older) if older is not None else None
        pending.append((record, delta))
    related = _related_objects(model, [delta for _record, delta in pending if delta])
    entries = []
    for record, delta in pending:
        changes = []
        if delta is not None and record.history_type == "~":
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=str(model_field.verbose_name),
                        old=_display(model_field, change.old, related),
                        new=_display(model_field, change.new, related),
                    )
                )
            if not changes:
                continue
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                subject=subject(record),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
    return entries


def _related_objects(model: type[models.Model], deltas: list) -> dict:
    """The objects foreign keys in the diffs point to: one query per related model."""
    wanted: dict[type[models.Model], set] = {}
    for delta in deltas:
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            if isinstance(model_field, models.ForeignKey):
                ids = wanted.setdefault(model_field.related_model, set())
                ids.update(value for value in (change.old, change.new) if value is not None)
    related = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            related[(related_model, obj.pk)] = obj
    return related


def organization_history(*, organization: Organization) -> list[HistoryEntry]:
    """The latest changes to the profile and its contacts, newest first."""
    profile_records = list(
        organization.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:HISTORY_LIMIT]
    )
    contact_records = list(
        Contact.history.filter(organization_id=organization.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_LIMIT]
    )
    entries = _entries(profile_records, Organization, lambda record: str(_("Profile")))
    entries += _entries(
        contact_records,
        Contact,
        lambda record: str(_("Contact: %(name)s") % {"name": record.name}),
    )
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:HISTORY_LIMIT]
