"""What became of an introduction: its follow-up, every statement about it, and feedback.

An introduction is an accepted expression of interest. Its `FollowUp` holds the current stage;
every change is a `FollowUpEvent` (who, which side, when, how) so both sides' statements are
kept. The follow-up of a held partnering meeting will point at the meeting through `source`
(the `events` app) instead of an interest.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.fields import foreign_key, weak_key
from opportunities.models import ExpressionOfInterest, Opportunity
from partners.models import Organization


class Stage(models.TextChoices):
    INTRODUCED = "introduced", _("Introduced")
    IN_CONTACT = "in_contact", _("In contact")
    MEETING_HELD = "meeting_held", _("Meeting held")
    NDA_SIGNED = "nda_signed", _("NDA signed")
    PROPOSAL = "proposal", _("Proposal / term sheet")
    AGREEMENT = "agreement", _("Agreement signed")
    NO_DEAL = "no_deal", _("No deal")


# The status line, in order; agreement and no deal are both its end.
RANK: dict[str, int] = {
    Stage.INTRODUCED: 0,
    Stage.IN_CONTACT: 1,
    Stage.MEETING_HELD: 2,
    Stage.NDA_SIGNED: 3,
    Stage.PROPOSAL: 4,
    Stage.AGREEMENT: 5,
    Stage.NO_DEAL: 5,
}
END_STAGES = frozenset({Stage.AGREEMENT, Stage.NO_DEAL})


class AgreementType(models.TextChoices):
    LICENCE = "licence", _("Licence")
    CO_DEVELOPMENT = "co_development", _("Co-development")
    RESEARCH = "research", _("Research agreement")
    INVESTMENT = "investment", _("Investment")
    ACQUISITION = "acquisition", _("Acquisition")
    SERVICE = "service", _("Service / manufacturing contract")
    DISTRIBUTION = "distribution", _("Distribution")
    OTHER = "other", _("Other agreement")


class ValueBand(models.TextChoices):
    UNDER_100K = "under_100k", _("Under €100,000")
    UNDER_1M = "under_1m", _("€100,000 to €1 million")
    UNDER_10M = "under_10m", _("€1 million to €10 million")
    OVER_10M = "over_10m", _("Over €10 million")


class NoDealReason(models.TextChoices):
    NO_FIT = "no_fit", _("Not a technical fit")
    TERMS = "terms", _("Commercial terms not agreed")
    TIMING = "timing", _("Timing or priorities changed")
    FUNDING = "funding", _("No budget or funding")
    SILENT = "silent", _("The other side stopped answering")
    OTHER = "other", _("Other reason")


class Side(models.TextChoices):
    OWNER = "owner", _("Opportunity owner")
    INTERESTED = "interested", _("Interested organization")
    STAFF = "staff", _("Cluster staff")
    SYSTEM = "system", _("Portal")


class EndDetails(models.Model):
    """How a follow-up ended: on the follow-up itself, and on each statement that moved it."""

    agreement_type = models.CharField(
        _("agreement type"), max_length=16, choices=AgreementType.choices, blank=True
    )
    value_band = models.CharField(
        _("value band"), max_length=16, choices=ValueBand.choices, blank=True
    )
    agreement_date = models.DateField(_("agreement date"), null=True, blank=True)
    no_deal_reason = models.CharField(
        _("reason for no deal"), max_length=16, choices=NoDealReason.choices, blank=True
    )

    class Meta:
        abstract = True


class FollowUp(EndDetails):
    interest = models.OneToOneField(
        ExpressionOfInterest,
        verbose_name=_("introduction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    # A held partnering meeting, once the events app records them (null for introductions).
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # The two sides: the opportunity's owner and the organization that expressed interest.
    owner_organization = foreign_key(Organization, _("owner organization"), "follow_ups_as_owner")
    interested_organization = foreign_key(
        Organization, _("interested organization"), "follow_ups_as_interested"
    )
    introduced_at = models.DateTimeField(_("introduced at"))
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.INTRODUCED
    )
    agreement_side = models.CharField(
        _("agreement recorded by"), max_length=16, choices=Side.choices, blank=True
    )
    agreement_recorded_at = models.DateTimeField(_("agreement recorded at"), null=True, blank=True)
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    dispute_comment = models.TextField(_("dispute"), blank=True, max_length=2000)
    nudges_sent = models.PositiveSmallIntegerField(_("nudges sent"), default=0)
    owner_opted_out = models.BooleanField(_("owner stopped reminders"), default=False)
    interested_opted_out = models.BooleanField(
        _("interested side stopped reminders"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-introduced_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interest__isnull=False) | models.Q(source_id__isnull=False),
                name="follow_up_has_origin",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="agreement") | ~models.Q(agreement_type=""),
                name="follow_up_agreement_has_type",
            ),
            models.UniqueConstraint(
                fields=["source_type", "source_id"], name="one_follow_up_per_source"
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "introduced_at"], name="followup_stage_intro_idx"),
            models.Index(fields=["agreement_recorded_at"], name="followup_agreement_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_organization_id} ↔ {self.interested_organization_id}: {self.stage}"

    @property
    def is_ended(self) -> bool:
        return self.stage in END_STAGES

    @property
    def is_disputed(self) -> bool:
        return self.disputed_at is not None


class FollowUpEvent(EndDetails):
    """One statement about a follow-up: a step forward, a correction, a dispute, a settlement."""

    class Action(models.TextChoices):
        ADVANCED = "advanced", _("moved forward")
        CORRECTED = "corrected", _("corrected (step back)")
        DISPUTED = "disputed", _("disputed the agreement")
        CONFIRMED = "confirmed", _("confirmed the agreement")
        SETTLED = "settled", _("settled the dispute")
        OPTED_OUT = "opted_out", _("stopped reminders")
        NUDGED = "nudged", _("reminder sent")

    class Via(models.TextChoices):
        DASHBOARD = "dashboard", _("portal")
        EMAIL = "email", _("e-mail answer")
        STAFF = "staff", _("cluster staff")
        SYSTEM = "system", _("portal")
        MEETING = "meeting", _("partnering meeting held")

    follow_up = foreign_key(FollowUp, _("follow-up"), "events")
    actor = weak_key(User, _("by"), "follow_up_events")
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    via = models.CharField(_("via"), max_length=16, choices=Via.choices)
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    nudge = models.PositiveSmallIntegerField(_("reminder"), null=True, blank=True)
    # One answer per e-mail and recipient: the one-click link works once.
    answer_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("follow-up event")
        verbose_name_plural = _("follow-up events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.action} {self.from_stage} → {self.to_stage}"


class PassReason(models.TextChoices):
    TOO_EARLY = "too_early", _("Too early")
    BENEFIT_UNCLEAR = "benefit_unclear", _("Benefit unclear")
    ROUTE_UNCLEAR = "route_unclear", _("Commercial route unclear")
    IP_UNCLEAR = "ip_unclear", _("IP position unclear")
    NOT_OUR_FIELD = "not_our_field", _("Not our field")
    OTHER = "other", _("Other reason")


class OpportunityFeedback(models.Model):
    """A member passing on an opportunity, with the reason. Only its author's side sees it."""

    opportunity = foreign_key(Opportunity, _("opportunity"), "feedback")
    organization = foreign_key(Organization, _("organization"), "feedback_given")
    author = weak_key(User, _("author"), "feedback_given")
    reason = models.CharField(_("reason"), max_length=16, choices=PassReason.choices)
    text = models.TextField(_("comment"), blank=True, max_length=1000)
    show_name = models.BooleanField(
        _("show our name to the author"),
        default=False,
        help_text=_("Otherwise the author sees your reason without your organization's name."),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback on an opportunity")
        verbose_name_plural = _("feedback on opportunities")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organization"], name="one_feedback_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.opportunity_id}: {self.reason}"
