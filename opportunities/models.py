import datetime
import uuid

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.lookups import GreaterThan
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.models import HistoricalRecords

from accounts.models import User
from clusters.models import TechnologyArea
from core.fields import fast_choice_displays, foreign_key, optional_key, weak_key
from core.languages import LANGUAGE_MAX_LENGTH, ContentLanguage, content_language
from core.models import Translation
from core.translations import ReaderVersionMixin
from partners.models import Organization, OrganizationKind

DEFAULT_VALIDITY = datetime.timedelta(days=365)


class OpportunityType(models.TextChoices):
    TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
    TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
    PARTNERSHIP = "partnership", _("Partnership / co-development")
    INVESTMENT_SOUGHT = "investment_sought", _("Investment sought")
    INVESTMENT_OFFERED = "investment_offered", _("Investment offered")
    SERVICE_OFFER = "service_offer", _("Service offer (outsourcing)")
    SERVICE_REQUEST = "service_request", _("Service request")
    MARKET_ENTRY = "market_entry", _("Market entry / distribution partner")


class DevelopmentStage(models.TextChoices):
    IDEA = "idea", _("Idea / discovery")
    PRECLINICAL = "preclinical", _("Preclinical")
    CLINICAL_1 = "clinical_1", _("Clinical phase I")
    CLINICAL_2 = "clinical_2", _("Clinical phase II")
    CLINICAL_3 = "clinical_3", _("Clinical phase III")
    APPROVED = "approved", _("Approved / marketed")


class IPStatus(models.TextChoices):
    PATENT_GRANTED = "patent_granted", _("Patent granted")
    PATENT_PENDING = "patent_pending", _("Patent pending")
    KNOW_HOW = "know_how", _("Know-how / trade secret")
    NONE = "none", _("No IP protection")


class CollaborationType(models.TextChoices):
    LICENCE = "licence", _("Licence agreement")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    CO_DEVELOPMENT = "co_development", _("Co-development")
    RESEARCH_AGREEMENT = "research_agreement", _("Research agreement")
    MANUFACTURING = "manufacturing", _("Manufacturing agreement")
    DISTRIBUTION = "distribution", _("Distribution agreement")
    INVESTMENT = "investment", _("Investment")
    ACQUISITION = "acquisition", _("Acquisition")


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


# The statuses' and types' labels (lazy), built once: get_FOO_display hashes every choice's
# label, a translation lookup each, on each call.
OPPORTUNITY_STATUS_LABELS = dict(OpportunityStatus.choices)
OPPORTUNITY_TYPE_LABELS = dict(OpportunityType.choices)


class CloseReason(models.TextChoices):
    FILLED = "filled", _("Filled: we found a partner")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def unexpired(today: datetime.date) -> models.Func:
    """No expiry date or one after `today`: `(expires_on > today) IS NOT FALSE`, the rows and the
    planner's estimate of `expires_on IS NULL OR expires_on > today`, but a condition that no
    index serves. With the OR, the planner combined a text search's index with a bitmap of every
    published row's expiry (~90,000 entries, half of the marketplace search's SQL at consortium
    scale) instead of the index of published rows' texts (migration 0018), which needs none."""
    return models.Func(
        GreaterThan(models.F("expires_on"), today),
        template="(%(expressions)s) IS NOT FALSE",
        output_field=models.BooleanField(),
    )


class OpportunityQuerySet(models.QuerySet):
    def open(self, today: datetime.date | None = None) -> "OpportunityQuerySet":
        """Published, unexpired opportunities of active organizations (what the marketplace
        lists, before the per-user rules); `today` defaults to the local date."""
        return self.filter(
            unexpired(today if today is not None else timezone.localdate()),
            status=OpportunityStatus.PUBLISHED,
            organization__is_active=True,
        )


# Whom an opportunity suits: its maturity, its IP and the partners and countries it seeks, in
# the order the author's form, the admin and the API show them.
FIT_FIELDS = (
    "stage",
    "trl",
    "ip_status",
    "collaboration_types",
    "partner_kinds",
    "target_countries",
)


@fast_choice_displays
class Opportunity(ReaderVersionMixin, models.Model):
    """Something an organization offers or seeks. Multi-valued choices are JSON string lists."""

    organization = foreign_key(
        Organization, _("organization"), "opportunities", on_delete=models.PROTECT
    )
    author = weak_key(User, _("author"), "opportunities")
    type = models.CharField(_("type"), max_length=32, choices=OpportunityType.choices)
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("written in"),
        max_length=LANGUAGE_MAX_LENGTH,
        choices=ContentLanguage.choices,
        blank=True,
        help_text=_("The language of the title, summary and description."),
    )
    technology_areas = models.ManyToManyField(
        TechnologyArea,
        verbose_name=_("technology areas"),
        blank=True,
        related_name="opportunities",
    )
    stage = models.CharField(
        _("development stage"), max_length=16, choices=DevelopmentStage.choices, blank=True
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level (TRL)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    ip_status = models.CharField(
        _("IP status"), max_length=16, choices=IPStatus.choices, blank=True
    )
    collaboration_types = models.JSONField(
        _("collaboration types sought"), default=list, blank=True
    )
    partner_kinds = models.JSONField(_("partner kinds sought"), default=list, blank=True)
    target_countries = models.JSONField(_("target countries"), default=list, blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Hide your organization's name until you accept an introduction."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.DRAFT,
    )
    moderation_comment = models.TextField(_("moderation comment"), blank=True)
    close_reason = models.CharField(
        _("close reason"), max_length=16, choices=CloseReason.choices, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    renewal_count = models.PositiveSmallIntegerField(_("renewals"), default=0)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Maintained by a database trigger on Postgres (see migration 0008); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OpportunityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])

    # Set by the selectors on the rows a page renders, never stored: whether the owner may be
    # named (`mark_owner_visibility`; the home page's `owner_hidden`).
    owner_visible: bool
    owner_hidden: bool

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="opp_status_published_idx"),
            models.Index(fields=["status", "expires_on"], name="opp_status_expires_idx"),
            models.Index(fields=["status", "type"], name="opp_status_type_idx"),
            models.Index(fields=["organization", "status"], name="opp_org_status_idx"),
            models.Index(fields=["status", "submitted_at"], name="opp_status_submitted_idx"),
            # The API's list, in the order rows last changed: its pages' keys by an index-only scan
            # that tests the visibility rule's columns (api.pagination.KeysFirstCursorPagination).
            models.Index(
                fields=["updated_at", "id"],
                name="opp_updated_idx",
                include=["status", "organization"],
            ),
            GinIndex(fields=["collaboration_types"], name="opp_collab_gin"),
            GinIndex(fields=["target_countries"], name="opp_countries_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl__isnull=True) | models.Q(trl__gte=1, trl__lte=9),
                name="opp_trl_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    # The version a reader sees: the translation into their language when the selector found
    # one (`with_reader_version`, or the detail page's choice), else the original.
    @property
    def has_reader_version(self) -> bool:
        return bool(getattr(self, "reader_title", None))

    @property
    def display_title(self) -> str:
        return getattr(self, "reader_title", None) or self.title

    @property
    def display_summary(self) -> str:
        if self.has_reader_version:
            return getattr(self, "reader_summary", None) or ""
        return self.summary

    @property
    def status_label(self) -> str:
        """get_status_display's text, from OPPORTUNITY_STATUS_LABELS (one lookup)."""
        return str(OPPORTUNITY_STATUS_LABELS.get(self.status, self.status))

    @property
    def type_label(self) -> str:
        """get_type_display's text, from OPPORTUNITY_TYPE_LABELS (one lookup)."""
        return str(OPPORTUNITY_TYPE_LABELS.get(self.type, self.type))

    @property
    def collaboration_type_labels(self) -> list[str]:
        labels = dict(CollaborationType.choices)
        return [labels[value] for value in self.collaboration_types if value in labels]

    @property
    def partner_kind_labels(self) -> list[str]:
        labels = dict(OrganizationKind.choices)
        return [labels[value] for value in self.partner_kinds if value in labels]

    @property
    def target_country_names(self) -> list[str]:
        return [countries.name(code) for code in self.target_countries if countries.name(code)]


class OpportunityTranslation(Translation):
    """The author's own version of an opportunity's title and summary in another portal
    language. Written with the opportunity (moderated with it), searchable in its language."""

    opportunity = foreign_key(Opportunity, _("opportunity"), "translations")
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=500)
    author = weak_key(User, _("written by"), "opportunity_translations")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta(Translation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} [{self.language}] {self.title}"


# What `with_reader_version` annotates (and a detail page sets): the reader's version.
READER_VERSION_FIELDS = ("reader_language", "reader_title", "reader_summary")


def reader_version_annotations(
    ref: str = "pk", language: str | None = None
) -> dict[str, models.Expression]:
    """The translation into the reader's language (`language`, default: the active one) of
    the opportunity `ref` points to, as annotations (NULL when there is none): correlated
    subqueries on the (opportunity, language) unique index, no query per row."""
    code = content_language(language or translation.get_language())
    version = OpportunityTranslation.objects.filter(opportunity=models.OuterRef(ref))
    version = version.filter(language=code)
    return {
        "reader_language": models.Value(code, output_field=models.CharField()),
        "reader_title": models.Subquery(version.values("title")[:1]),
        "reader_summary": models.Subquery(version.values("summary")[:1]),
    }


def with_reader_version(
    queryset: models.QuerySet[Opportunity], language: str | None = None
) -> models.QuerySet[Opportunity]:
    """Each opportunity with its version in the reader's language (`display_*`)."""
    return queryset.annotate(**reader_version_annotations("pk", language))


def attachment_path(instance: "OpportunityAttachment", filename: str) -> str:
    return f"private/opportunities/{uuid.uuid4().hex}"


class OpportunityAttachment(models.Model):
    """A PDF or image. Stored under a random name, served only through a checked view."""

    opportunity = foreign_key(Opportunity, _("opportunity"), "attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted: introduced")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired: no answer in 30 days")


class DeclineReason(models.TextChoices):
    NOT_A_FIT = "not_a_fit", _("Not a fit for us")
    ALREADY_PARTNERED = "already_partnered", _("We already have a partner")
    TIMING = "timing", _("Not the right time")
    OTHER = "other", _("Other reason")


@fast_choice_displays
class ExpressionOfInterest(models.Model):
    """One organization's interest in an opportunity. Accepted means introduced."""

    opportunity = foreign_key(Opportunity, _("opportunity"), "interests")
    organization = foreign_key(Organization, _("interested organization"), "interests_sent")
    author = weak_key(User, _("author"), "interests_sent")
    message = models.TextField(_("message"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=16, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    reply = models.TextField(_("reply"), max_length=3000, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    answered_by = weak_key(User, _("answered by"), "+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    # Set by the selectors on the rows a page renders, never stored: unanswered too long
    # (`mark_stale_interests`), waiting over 7 days (the owner's dashboard).
    is_overdue: bool
    is_waiting_long: bool

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organization"], name="one_interest_per_organization"
            )
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="eoi_status_created_idx"),
            models.Index(fields=["organization", "status"], name="eoi_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.opportunity}"

    @property
    def is_introduction(self) -> bool:
        return self.status == InterestStatus.ACCEPTED


# An event's from/to states are an opportunity's or, for interest events, an interest's.
EVENT_STATUS_CHOICES = OpportunityStatus.choices + [
    choice for choice in InterestStatus.choices if choice[0] not in OpportunityStatus.values
]


class OpportunityEvent(models.Model):
    """Every state change of an opportunity or of an interest in it: who, when, from → to.

    Notifications and statistics are built from these rows.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        SUBMITTED = "submitted", _("submitted")
        PUBLISHED = "published", _("published")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        REJECTED = "rejected", _("rejected")
        RENEWED = "renewed", _("renewed")
        CLOSED = "closed", _("closed")
        EXPIRED = "expired", _("expired")
        INTEREST_SENT = "interest_sent", _("interest sent")
        INTEREST_ACCEPTED = "interest_accepted", _("interest accepted")
        INTEREST_DECLINED = "interest_declined", _("interest declined")
        INTEREST_EXPIRED = "interest_expired", _("interest expired unanswered")

    opportunity = foreign_key(Opportunity, _("opportunity"), "events")
    interest = optional_key(ExpressionOfInterest, _("expression of interest"), "events")
    actor = weak_key(User, _("by"), "+")
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=EVENT_STATUS_CHOICES, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=EVENT_STATUS_CHOICES, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    via = models.CharField(
        _("via"), max_length=200, blank=True, help_text=_("The API key that made the change.")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("opportunity event")
        verbose_name_plural = _("opportunity events")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.action}"
