"""Matching (a published opportunity against alerts and organizations) and alert writes.

Everything runs inside the caller's transaction; the people matched hear of it through the
"matches.created" domain event (notifications turns it into notifications).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from accounts.models import User
from clusters.models import TechnologyArea
from core.domain_events import publish
from opportunities.models import (
    CollaborationType,
    DevelopmentStage,
    Opportunity,
    OpportunityType,
)

from . import engine
from .models import Alert, Match

MAX_ALERTS_PER_USER = 50

TOO_MANY_ALERTS = _("You can keep at most %(limit)d alerts. Delete one you no longer need.")
UNKNOWN_CHOICE = _("“%(value)s” is not a valid choice.")
NOT_YOUR_ALERT = _("This alert belongs to someone else.")


@transaction.atomic
def opportunity_match(*, opportunity: Opportunity) -> engine.MatchResult:
    """Match a published opportunity to alerts and organizations; publish "matches.created".

    Nothing happens for an opportunity that is not published. Running it again (a second
    publication) adds only the new matches and notifies nobody twice.
    """
    result = engine.compute_matches(opportunity)
    matches = result.alert_matches + result.organization_matches
    if not matches:
        return result
    Match.objects.bulk_create(matches, ignore_conflicts=True)
    publish("matches.created", opportunity=opportunity, result=result)
    return result


# --- Alerts -------------------------------------------------------------------------------------

_LIST_CHOICES = {
    "opportunity_types": set(OpportunityType.values),
    "stages": set(DevelopmentStage.values),
    "collaboration_types": set(CollaborationType.values),
    "countries": {code for code, _name in all_countries},
}


def _alert_validate(alert: Alert) -> None:
    errors = {}
    for name, allowed in _LIST_CHOICES.items():
        value = getattr(alert, name)
        if not isinstance(value, list):
            errors[name] = UNKNOWN_CHOICE % {"value": value}
            continue
        bad = [v for v in value if v not in allowed]
        if bad:
            errors[name] = UNKNOWN_CHOICE % {"value": bad[0]}
        setattr(alert, name, list(dict.fromkeys(value)))
    if errors:
        raise ValidationError(errors)
    alert.full_clean(exclude=["owner"] if alert.owner_id is None else None)


def _alert_apply(alert: Alert, data: dict) -> list[TechnologyArea] | None:
    areas = data.get("technology_areas")
    for name in (
        "name",
        "opportunity_types",
        "countries",
        "stages",
        "collaboration_types",
        "keywords",
        "frequency",
        "is_active",
    ):
        if name in data:
            setattr(alert, name, data[name])
    alert.keywords = (alert.keywords or "").strip()
    if areas is None:
        return None
    areas = list(areas)
    alert.has_areas = bool(areas)
    return areas


@transaction.atomic
def alert_create(*, owner: User, data: dict) -> Alert:
    if Alert.objects.filter(owner=owner).count() >= MAX_ALERTS_PER_USER:
        raise ValidationError(TOO_MANY_ALERTS % {"limit": MAX_ALERTS_PER_USER})
    alert = Alert(owner=owner)
    areas = _alert_apply(alert, data)
    _alert_validate(alert)
    alert.save()
    if areas:
        alert.technology_areas.set(areas)
    return alert


@transaction.atomic
def alert_update(*, actor: User, alert: Alert, data: dict) -> Alert:
    if alert.owner_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_ALERT)
    areas = _alert_apply(alert, data)
    _alert_validate(alert)
    alert.save()
    if areas is not None:
        alert.technology_areas.set(areas)
    return alert


def alert_areas_sync(*, alert: Alert) -> None:
    """`has_areas` after the areas were written elsewhere (the admin's form saves them)."""
    alert.has_areas = alert.technology_areas.exists()
    Alert.objects.filter(pk=alert.pk).update(has_areas=alert.has_areas)


@transaction.atomic
def alert_delete(*, actor: User, alert: Alert) -> None:
    if alert.owner_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_ALERT)
    alert.delete()
