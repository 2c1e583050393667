from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from core.countries import country_name
from core.fields import fast_choice_displays, foreign_key, weak_key
from core.languages import LANGUAGE_MAX_LENGTH, ContentLanguage, content_language
from core.models import Translation
from core.translations import ReaderVersionMixin
from core.uploads import RandomFileName


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    RESEARCH_GROUP = "research_group", _("Research group")
    UNIVERSITY = "university", _("University")
    HOSPITAL = "hospital", _("Hospital")
    INVESTOR = "investor", _("Investor")
    SERVICE_PROVIDER = "service_provider", _("Service provider (CRO/CDMO/consultancy)")
    PUBLIC_AGENCY = "public_agency", _("Public agency")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250-999", _("250–999 employees")
    ENTERPRISE = "1000+", _("1,000+ employees")


# What an organization tells about itself, in the order its form, admin page and API show it.
ABOUT_FIELDS = (
    "size_band",
    "founded_year",
    "description",
    "technology_areas",
    "capabilities",
    "needs",
)

# The texts of a profile an author may translate (OrganizationTranslation), and their limit
# (the API's limit for the original texts).
TRANSLATED_FIELDS = ("description", "capabilities", "needs")
TEXT_MAX_LENGTH = 20000


@fast_choice_displays
class Organization(ReaderVersionMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    cluster = foreign_key(Cluster, _("home cluster"), "organizations", on_delete=models.PROTECT)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    size_band = models.CharField(_("size"), max_length=16, choices=SizeBand.choices, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    technology_areas = models.ManyToManyField(
        TechnologyArea,
        verbose_name=_("technology areas"),
        blank=True,
        related_name="organizations",
    )
    capabilities = models.TextField(
        _("capabilities"), blank=True, help_text=_("What the organization offers partners.")
    )
    needs = models.TextField(
        _("needs"), blank=True, help_text=_("What the organization is looking for.")
    )
    language = models.CharField(
        _("written in"),
        max_length=LANGUAGE_MAX_LENGTH,
        choices=ContentLanguage.choices,
        blank=True,
        help_text=_("The language of the description, capabilities and needs."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=RandomFileName("organizations/logos"), blank=True)
    email = models.EmailField(_("general e-mail"), blank=True)
    phone = models.CharField(_("general phone"), max_length=40, blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_by = weak_key(User, _("verified by"), "+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive organizations are hidden everywhere.")
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=100,
        blank=True,
        help_text=_("The organization's ID in its cluster's own system (CRM), unique per cluster."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Maintained by a database trigger on Postgres (see migration 0008); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["cluster", "kind"], name="org_cluster_kind_idx"),
            # A visitor's directory filtered by cluster and kind: its capped count and its
            # page's keys (by name) are index-only scans.
            models.Index(
                fields=["cluster", "kind", "name", "id"],
                condition=models.Q(is_active=True, is_verified=True),
                name="org_visible_kind_name_idx",
            ),
            models.Index(fields=["country", "kind"], name="org_country_kind_idx"),
            models.Index(fields=["is_verified", "is_active"], name="org_verified_idx"),
            models.Index(fields=["updated_at", "id"], name="org_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "external_id"],
                condition=~models.Q(external_id=""),
                name="org_external_id_per_cluster",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def country_name(self) -> str:
        """`country.name`, from the names kept per language (one dict lookup, where reading
        `country.name` translates it each time: ~8 % of a marketplace card)."""
        return country_name(self.country.code)

    # The version a reader sees: the translation into their language when the selector found
    # one (`with_reader_version`, or the profile page's choice); a text the translation
    # leaves blank shows the original's.
    @property
    def has_reader_version(self) -> bool:
        return any(getattr(self, f"reader_{name}", None) for name in TRANSLATED_FIELDS)

    def _display(self, name: str) -> str:
        return getattr(self, f"reader_{name}", None) or getattr(self, name)

    @property
    def display_description(self) -> str:
        return self._display("description")

    @property
    def display_capabilities(self) -> str:
        return self._display("capabilities")

    @property
    def display_needs(self) -> str:
        return self._display("needs")


class OrganizationTranslation(Translation):
    """A profile's description, capabilities and needs in another portal language, written by
    those who edit the profile; searchable in its language."""

    organization = foreign_key(Organization, _("organization"), "translations")
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    capabilities = models.TextField(
        _("capabilities"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    needs = models.TextField(
        _("needs"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)]
    )
    author = weak_key(User, _("written by"), "organization_translations")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta(Translation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "language"], name="one_profile_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} [{self.language}]"


def with_reader_version(
    queryset: models.QuerySet[Organization], language: str | None = None
) -> models.QuerySet[Organization]:
    """Annotate the translated texts into the reader's language (`language`, default: the
    active one), NULL when there is none: correlated subqueries on the (organization,
    language) unique index, no query per row."""
    code = content_language(language or translation.get_language())
    version = OrganizationTranslation.objects.filter(organization=models.OuterRef("pk"))
    version = version.filter(language=code)
    return queryset.annotate(
        reader_language=models.Value(code, output_field=models.CharField()),
        **{
            f"reader_{name}": models.Subquery(version.values(name)[:1])
            for name in TRANSLATED_FIELDS
        },
    )


class OrganizationFormerSlug(models.Model):
    """A slug an organization had before: its old profile URL redirects to the current one."""

    organization = foreign_key(Organization, _("organization"), "former_slugs")
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")

    def __str__(self) -> str:
        return self.slug


class ContactVisibility(models.TextChoices):
    MEMBERS = "members", _("Signed-in members")
    INTRODUCED = "introduced", _("Introduced partners only")
    PRIVATE = "private", _("Our organization and cluster staff only")


class Contact(models.Model):
    """A person to talk to at an organization. Never shown to visitors."""

    organization = foreign_key(Organization, _("organization"), "contacts")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    visibility = models.CharField(
        _("visible to"),
        max_length=16,
        choices=ContactVisibility.choices,
        default=ContactVisibility.INTRODUCED,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Organization admin")


class Membership(models.Model):
    """A person who speaks for an organization; admins manage its profile and colleagues."""

    user = foreign_key(User, _("user"), "memberships")
    organization = foreign_key(Organization, _("organization"), "memberships")
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"


class Invitation(models.Model):
    """An e-mailed, single-use, expiring invitation to join an organization.

    Only the SHA-256 of the link's token is stored: a database leak gives away no usable link.
    """

    organization = foreign_key(Organization, _("organization"), "invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = weak_key(User, _("invited by"), "+", blank=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = weak_key(User, _("accepted by"), "+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "accepted_at"], name="invitation_org_idx")]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class JoinRequest(models.Model):
    """A signed-in person asks to speak for an organization; its admins or staff decide."""

    organization = foreign_key(Organization, _("organization"), "join_requests")
    user = foreign_key(User, _("user"), "join_requests")
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = weak_key(User, _("decided by"), "+")

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]
        indexes = [models.Index(fields=["organization", "status"], name="joinrequest_org_idx")]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization} ({self.get_status_display()})"
