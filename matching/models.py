from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clusters.models import TechnologyArea
from core.fields import foreign_key, optional_key
from opportunities.models import Opportunity
from partners.models import Organization


class AlertFrequency(models.TextChoices):
    INSTANT = "instant", _("Instantly")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class Alert(models.Model):
    """A saved search: every published opportunity that satisfies it is matched to its owner.

    An empty criterion means "any". Multi-valued choices are JSON lists of strings.
    """

    owner = foreign_key(User, _("owner"), "alerts")
    name = models.CharField(_("name"), max_length=120)
    technology_areas = models.ManyToManyField(
        TechnologyArea, verbose_name=_("technology areas"), blank=True, related_name="alerts"
    )
    opportunity_types = models.JSONField(_("opportunity types"), default=list, blank=True)
    countries = models.JSONField(
        _("countries"),
        default=list,
        blank=True,
        help_text=_("The organization's country or one of the target countries."),
    )
    stages = models.JSONField(_("development stages"), default=list, blank=True)
    collaboration_types = models.JSONField(_("collaboration types"), default=list, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    frequency = models.CharField(
        _("delivery"), max_length=16, choices=AlertFrequency.choices, default=AlertFrequency.DAILY
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Whether `technology_areas` is non-empty, kept in step by the services (and the admin,
    # through them): matching reads the alerts without areas through a partial index instead of
    # testing every alert's areas.
    has_areas = models.BooleanField(_("has technology areas"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["owner", "is_active"], name="alert_owner_active_idx"),
            models.Index(
                fields=["id"],
                condition=models.Q(is_active=True, has_areas=False),
                name="alert_active_no_areas_idx",
            ),
            GinIndex(fields=["opportunity_types"], name="alert_types_gin"),
            GinIndex(fields=["countries"], name="alert_countries_gin"),
            GinIndex(fields=["stages"], name="alert_stages_gin"),
            GinIndex(fields=["collaboration_types"], name="alert_collab_gin"),
        ]

    def __str__(self) -> str:
        return self.name


class Match(models.Model):
    """A published opportunity matched to an alert or to an organization's profile.

    `reasons` is a list of `{"code": ..., "params": {...}}`, rendered in the reader's language.
    """

    opportunity = foreign_key(Opportunity, _("opportunity"), "matches")
    alert = optional_key(Alert, _("alert"), "matches")
    organization = optional_key(Organization, _("organization"), "matches")
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "alert"],
                condition=models.Q(alert__isnull=False),
                name="one_match_per_alert",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "organization"],
                condition=models.Q(organization__isnull=False),
                name="one_match_per_organization",
            ),
            models.CheckConstraint(
                condition=models.Q(alert__isnull=True, organization__isnull=False)
                | models.Q(alert__isnull=False, organization__isnull=True),
                name="match_alert_xor_organization",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-score"], name="match_org_score_idx"),
            models.Index(fields=["alert", "-created_at"], name="match_alert_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} ↔ {self.alert_id or self.organization_id} ({self.score})"
