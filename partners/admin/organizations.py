from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_access import ConsortiumAdminMixin, ReadOnlyAdminMixin, TranslationInline
from accounts.roles import is_consortium_admin
from core.admin import apply_per_object, count_column, service_action, subquery_count
from core.exports import CSV, XLSX  # formula-safe (spreadsheet injection)
from core.uploads import validate_image_upload
from partners.models import (
    ABOUT_FIELDS,
    Contact,
    Invitation,
    JoinRequest,
    Membership,
    Organization,
    OrganizationTranslation,
)
from partners.resources import OrganizationResource, export_queryset
from partners.services import (
    invitation_revoke,
    join_request_approve,
    join_request_decline,
    organization_changed_announce,
    organization_detect_language,
    organization_hidden_announce,
    organization_unique_slug,
    organization_unverify,
    organization_verify,
)


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ("logo",)  # the admin adds the fields of its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # The browser's slug preview drops Chinese, Japanese and Korean letters: a new
            # organization left without one gets the portal's (transliterated) slug.
            self.fields["slug"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("slug") and cleaned_data.get("name"):
            cleaned_data["slug"] = organization_unique_slug(cleaned_data["name"], self.instance)
        return cleaned_data

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        # Only a newly uploaded file has a content type; a kept logo was checked before.
        if logo and hasattr(logo, "content_type"):
            validate_image_upload(logo)
        return logo


class ContactInline(ConsortiumAdminMixin, admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "role", "email", "phone", "visibility", "position")


class OrganizationTranslationInline(TranslationInline):
    """The profile's translations (their history is kept)."""

    model = OrganizationTranslation
    fields = ("language", "description", "capabilities", "needs", "author", "updated_at")
    readonly_fields = fields


class MembershipInline(ConsortiumAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Organization)
class OrganizationAdmin(ConsortiumAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """The directory's admin; `opportunities.admin` adds the count of published opportunities."""

    form = OrganizationAdminForm
    resource_classes = (OrganizationResource,)
    import_formats = (CSV, XLSX)
    export_formats = (CSV, XLSX)
    list_display = (
        "name",
        "cluster",
        "kind",
        "country",
        "city",
        "is_verified",
        "is_active",
        "member_count",
        "created_at",
    )
    list_filter = (
        "cluster",
        "kind",
        ("country", CountryFilter),
        "is_verified",
        "is_active",
        "language",
        "size_band",
        "created_at",
        "verified_at",
    )
    # Tens of thousands of rows: skip the second, unfiltered COUNT(*).
    show_full_result_count = False
    list_select_related = ("cluster",)
    search_fields = ("name", "slug", "city", "email", "contacts__name", "contacts__email")
    search_help_text = _("Name, slug, city, e-mail, or a contact's name or e-mail.")
    date_hierarchy = "created_at"
    autocomplete_fields = ("cluster", "technology_areas")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("is_verified", "verified_by", "verified_at", "created_at", "updated_at")
    inlines = (ContactInline, OrganizationTranslationInline, MembershipInline)
    actions = ("verify_organizations", "unverify_organizations")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "cluster", "is_active")}),
        (_("Place"), {"fields": ("country", "city")}),
        (
            _("Profile"),
            {
                "fields": (
                    *ABOUT_FIELDS,
                    "language",
                    "website",
                    "logo",
                    "email",
                    "phone",
                )
            },
        ),
        (
            _("Verification"),
            {
                "fields": ("is_verified", "verified_by", "verified_at"),
                "description": _("Use the “Verify selected organizations” action to verify."),
            },
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )

    def save_model(self, request, obj, form, change) -> None:
        organization_detect_language(obj)
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            organization_hidden_announce(organization=obj, reason="deactivated")
        elif change and form.changed_data:
            organization_changed_announce(organization=obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=subquery_count(Membership, "organization"),
            )
        )

    def get_export_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return export_queryset(super().get_export_queryset(request))

    def has_import_permission(self, request: HttpRequest) -> bool:
        return is_consortium_admin(request.user)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return is_consortium_admin(request.user)

    member_count = count_column("member_total", _("members"))

    def _verification_change(
        self, request: HttpRequest, queryset: QuerySet[Organization], *, verified: bool
    ) -> None:
        """Verify (or withdraw the verification of) each organization not in that state yet."""

        def change(organization: Organization) -> None:
            if organization.is_verified == verified:
                raise ValidationError(
                    gettext("already verified.") if verified else gettext("not verified.")
                )
            service = organization_verify if verified else organization_unverify
            service(actor=request.user, organization=organization)

        done = (
            gettext("Verified %(count)d organization(s): %(objects)s.")
            if verified
            else gettext("Withdrew the verification of %(count)d organization(s): %(objects)s.")
        )
        apply_per_object(self, request, queryset, change, done_message=done)

    @admin.action(description=_("Verify selected organizations"))
    def verify_organizations(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        self._verification_change(request, queryset, verified=True)

    @admin.action(description=_("Withdraw the verification of selected organizations"))
    def unverify_organizations(
        self, request: HttpRequest, queryset: QuerySet[Organization]
    ) -> None:
        self._verification_change(request, queryset, verified=False)


@admin.register(Membership)
class MembershipAdmin(ConsortiumAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organization", "cluster", "role", "created_at")
    list_filter = (
        "role",
        ("organization__cluster", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    list_select_related = ("user", "organization__cluster")
    search_fields = (
        "user__email",
        "user__first_name",
        "user__last_name",
        "organization__name",
    )
    autocomplete_fields = ("user", "organization")
    readonly_fields = ("created_at",)
    date_hierarchy = "created_at"

    @admin.display(description=_("cluster"), ordering="organization__cluster__name")
    def cluster(self, obj: Membership) -> str:
        return str(obj.organization.cluster)


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (
            ("open", _("Open")),
            ("accepted", _("Accepted")),
            ("revoked", _("Revoked")),
            ("expired", _("Expired")),
        )

    def queryset(self, request, queryset):
        unused = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        now = timezone.now()
        match self.value():
            case "open":
                return unused.filter(expires_at__gt=now)
            case "accepted":
                return queryset.filter(accepted_at__isnull=False)
            case "revoked":
                return queryset.filter(revoked_at__isnull=False)
            case "expired":
                return unused.filter(expires_at__lte=now)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Invitations are sent from the organization's page in the portal (the link is e-mailed
    once and only its hash is kept); here they can be followed and revoked."""

    list_display = (
        "email",
        "organization",
        "role",
        "state",
        "invited_by",
        "created_at",
        "expires_at",
    )
    list_filter = (
        InvitationStateFilter,
        "role",
        ("organization__cluster", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    list_select_related = ("organization", "invited_by")
    search_fields = ("email", "organization__name")
    date_hierarchy = "created_at"
    fields = (
        "email",
        "organization",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ("revoke_invitations",)

    @admin.display(description=_("state"))
    def state(self, obj: Invitation) -> str:
        if obj.accepted_at:
            return gettext("accepted")
        if obj.revoked_at:
            return gettext("revoked")
        if obj.expires_at <= timezone.now():
            return gettext("expired")
        return gettext("open")

    @admin.action(description=_("Revoke selected invitations"))
    def revoke_invitations(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        def revoke(invitation: Invitation) -> None:
            if invitation.revoked_at is not None:
                raise ValidationError(gettext("already revoked."))
            invitation_revoke(actor=request.user, invitation=invitation)

        apply_per_object(
            self,
            request,
            queryset,
            revoke,
            done_message=gettext("Revoked %(count)d invitation(s): %(objects)s."),
        )


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """People asking to speak for an organization; decided here or in the portal."""

    list_display = ("user", "organization", "status", "created_at", "decided_at", "decided_by")
    list_filter = (
        "status",
        ("organization__cluster", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    list_select_related = ("user", "organization", "decided_by")
    search_fields = ("user__email", "organization__name")
    date_hierarchy = "created_at"
    fields = ("user", "organization", "message", "status", "created_at", "decided_at", "decided_by")
    readonly_fields = fields
    actions = ("approve", "decline")

    approve = service_action(
        join_request_approve,
        target="join_request",
        description=_("Approve selected join requests"),
        done_message=_("Approved %(count)d join request(s): %(objects)s."),
    )
    decline = service_action(
        join_request_decline,
        target="join_request",
        description=_("Decline selected join requests"),
        done_message=_("Declined %(count)d join request(s): %(objects)s."),
    )
