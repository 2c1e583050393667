"""The API's representations. Reads show what the portal's pages show to the same person;
writes only validate shapes (the services check the rules and the rights).

Enum values are the models' stable `TextChoices` values, never their translated labels.
"""

import functools
import operator
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Cluster, ClusterService, TechnologyArea
from core.mail import absolute_url
from events.models import Event, Meeting
from opportunities.models import (
    FIT_FIELDS,
    CollaborationType,
    ExpressionOfInterest,
    Opportunity,
)
from opportunities.permissions import can_see_owner
from partners.models import (
    ABOUT_FIELDS,
    Contact,
    ContactVisibility,
    Organization,
    OrganizationKind,
)
from partners.roles import roles_of
from partners.selectors import organization_can_see_general_contact

from .models import Tombstone

COUNTRY_CODES = [code for code, _name in countries]
# What the schema says of a method field that may be null.
NULLABLE_STRING = serializers.CharField(allow_null=True)


# A list page builds two links per row: each URL pattern is reversed once (per site URL and
# script prefix), then filled in, instead of 200 `reverse()` calls per page.
_PLACEHOLDER = "987654321"  # matches every converter the links use (slug, int, [0-9]+)


@functools.lru_cache(maxsize=64)
def _link_parts(name: str, kwarg: str, site_url: str, prefix: str) -> tuple[str, str]:
    head, tail = absolute_url(reverse(name, kwargs={kwarg: _PLACEHOLDER})).split(_PLACEHOLDER)
    return head, tail


class FastRepresentationMixin:
    """`to_representation` without DRF's per-field overhead, for 100-row pages: each field's
    getter and converter are worked out once per serializer, then applied to every row. The
    output is the same as DRF's (tests/api/test_events.py compares them)."""

    def _plan(self) -> list[tuple[str, Callable[[Any], Any], Callable[[Any], Any]]]:
        plan = getattr(self, "_fast_plan", None)
        if plan is None:
            plan = [self._field_plan(field) for field in self._readable_fields]  # type: ignore[attr-defined]
            self._fast_plan = plan
        return plan

    @staticmethod
    def _field_plan(field) -> tuple[str, Callable[[Any], Any], Callable[[Any], Any]]:
        if isinstance(field, serializers.SerializerMethodField):
            method = getattr(field.parent, field.method_name)
            return field.field_name, method, _identity
        getter = operator.attrgetter(".".join(field.source_attrs))
        if isinstance(field, serializers.ManyRelatedField):
            many = getter
            return field.field_name, lambda obj: many(obj).all(), field.to_representation
        return field.field_name, getter, field.to_representation

    def link(self, name: str, **kwargs) -> str:
        """The absolute URL of a portal page or API resource (`api:` names) for one row."""
        ((kwarg, value),) = kwargs.items()
        cache = self.__dict__.setdefault("_link_cache", {})
        parts = cache.get((name, kwarg))
        if parts is None:
            parts = _link_parts(name, kwarg, settings.SITE_URL, get_script_prefix())
            cache[(name, kwarg)] = parts
        head, tail = parts
        return f"{head}{quote(str(value), safe='')}{tail}"

    def reader(self):
        """The person the page is for (a key's owner, a signed-in user or AnonymousUser)."""
        if "_reader" not in self.__dict__:
            self._reader = self.context["request"].user  # type: ignore[attr-defined]
        return self._reader

    def to_representation(self, instance) -> dict:
        row = {}
        for name, getter, represent in self._plan():
            value = getter(instance)
            row[name] = None if value is None else represent(value)
        return row


def _identity(value: Any) -> Any:
    return value


class TechnologyAreaSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = TechnologyArea
        fields = ["id", "slug", "name", "parent", "position", "updated_at"]


class ClusterSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    focus_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    services = serializers.ListField(child=serializers.ChoiceField(ClusterService.choices))
    url = serializers.SerializerMethodField()

    class Meta:
        model = Cluster
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "country",
            "city",
            "region",
            "website",
            "description",
            "focus_areas",
            "services",
            "employees",
            "founded_year",
            "contact_name",
            "contact_email",
            "contact_phone",
            "is_coordinator",
            "url",
            "updated_at",
        ]

    def get_url(self, cluster: Cluster) -> str:
        return self.link("clusters:detail", slug=cluster.slug)


class ContactSerializer(serializers.ModelSerializer):
    visibility = serializers.ChoiceField(ContactVisibility.choices)

    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "visibility"]


class OrganizationSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code")
    technology_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    external_id = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "cluster",
            "country",
            "city",
            *ABOUT_FIELDS,
            "website",
            "email",
            "phone",
            "is_verified",
            "verified_at",
            "is_active",
            "external_id",
            "url",
            "api_url",
            "created_at",
            "updated_at",
        ]

    def _general_contact(self, organization: Organization, value: str) -> str | None:
        if not organization_can_see_general_contact(user=self.reader(), organization=organization):
            return None
        return value

    @extend_schema_field(NULLABLE_STRING)
    def get_email(self, organization: Organization) -> str | None:
        """Null for visitors (like the profile page)."""
        return self._general_contact(organization, organization.email)

    @extend_schema_field(NULLABLE_STRING)
    def get_phone(self, organization: Organization) -> str | None:
        return self._general_contact(organization, organization.phone)

    @extend_schema_field(NULLABLE_STRING)
    def get_external_id(self, organization: Organization) -> str | None:
        """The home cluster's CRM ID: for that cluster's staff and the organization itself."""
        roles = roles_of(self.reader())
        if (
            roles.is_consortium_admin
            or roles.is_staff_of(organization.cluster_id)
            or roles.is_member_of(organization.pk)
        ):
            return organization.external_id
        return None

    def get_url(self, organization: Organization) -> str:
        return self.link("partners:detail", slug=organization.slug)

    def get_api_url(self, organization: Organization) -> str:
        return self.link("api:organization-detail", slug=organization.slug)


class OrganizationDetailSerializer(OrganizationSerializer):
    contacts = serializers.SerializerMethodField()

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "contacts"]

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, organization: Organization) -> list[dict]:
        """The contact people the reader may see (the profile page's rules)."""
        visible = self.context["visible_contacts"]
        return ContactSerializer(visible, many=True).data


class OpportunitySerializer(FastRepresentationMixin, serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()
    cluster = serializers.SlugRelatedField(
        source="organization.cluster", slug_field="slug", read_only=True
    )
    technology_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    collaboration_types = serializers.ListField(
        child=serializers.ChoiceField(CollaborationType.choices)
    )
    partner_kinds = serializers.ListField(child=serializers.ChoiceField(OrganizationKind.choices))
    target_countries = serializers.ListField(child=serializers.ChoiceField(COUNTRY_CODES))
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "type",
            "status",
            "title",
            "summary",
            "description",
            "organization",
            "cluster",
            "technology_areas",
            *FIT_FIELDS,
            "is_anonymous",
            "published_at",
            "expires_on",
            "url",
            "api_url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(NULLABLE_STRING)
    def get_organization(self, opportunity: Opportunity) -> str | None:
        """The owner's slug; null while an anonymous owner is hidden from the reader."""
        if not can_see_owner(self.reader(), opportunity):
            return None
        return opportunity.organization.slug

    def get_url(self, opportunity: Opportunity) -> str:
        return self.link("opportunities:detail", pk=opportunity.pk)

    def get_api_url(self, opportunity: Opportunity) -> str:
        return self.link("api:opportunity-detail", pk=opportunity.pk)


class InterestSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    opportunity = serializers.PrimaryKeyRelatedField(read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    direction = serializers.SerializerMethodField()

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "id",
            "opportunity",
            "organization",
            "direction",
            "status",
            "message",
            "reply",
            "created_at",
            "answered_at",
        ]

    @extend_schema_field(serializers.ChoiceField(["sent", "received"]))
    def get_direction(self, interest: ExpressionOfInterest) -> str:
        """`received`: on one of the reader's opportunities; `sent`: by the reader's side."""
        roles = roles_of(self.reader())
        if roles.is_member_of(interest.opportunity.organization_id):
            return "received"
        return "sent"


class EventSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    """An event's public fields (its page's); times in UTC, `time_zone` the event's own."""

    organisers = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "description",
            "status",
            "organisers",
            "format",
            "venue",
            "city",
            "time_zone",
            "starts_at",
            "ends_at",
            "meeting_minutes",
            "registration_deadline",
            "request_deadline",
            "requires_approval",
            "participant_visibility",
            "published_at",
            "closed_at",
            "url",
            "api_url",
            "created_at",
            "updated_at",
        ]

    def get_url(self, event: Event) -> str:
        return self.link("events:detail", slug=event.slug)

    def get_api_url(self, event: Event) -> str:
        return self.link("api:event-detail", slug=event.slug)


class MeetingSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    """A meeting on an agenda the reader may open: when, where, between which organizations."""

    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True)
    organizations = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "event",
            "status",
            "source",
            "starts_at",
            "ends_at",
            "table",
            "video_url",
            "organizations",
            "sequence",
            "cancelled_at",
            "url",
            "api_url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_organizations(self, meeting: Meeting) -> list[str]:
        """The requesting and the requested participant's organizations (slugs)."""
        request = meeting.request
        return [request.sender.organization.slug, request.recipient.organization.slug]

    def get_url(self, meeting: Meeting) -> str:
        return self.link("events:agenda", slug=meeting.event.slug)

    def get_api_url(self, meeting: Meeting) -> str:
        return self.link("api:meeting-detail", pk=meeting.pk)


class TombstoneSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    id = serializers.IntegerField(source="object_id")

    class Meta:
        model = Tombstone
        fields = ["id", "reason", "removed_at"]


# --- Writes --------------------------------------------------------------------------------


class ContactWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    role = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    visibility = serializers.ChoiceField(
        ContactVisibility.choices, required=False, default=ContactVisibility.INTRODUCED
    )


class OrganizationWriteSerializer(serializers.Serializer):
    """Create or update a member organization (its home cluster is the key's cluster)."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(OrganizationKind.choices)
    country = serializers.ChoiceField(COUNTRY_CODES)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    size_band = serializers.ChoiceField(
        Organization._meta.get_field("size_band").choices, required=False, allow_blank=True
    )
    founded_year = serializers.IntegerField(
        min_value=1000, max_value=9999, required=False, allow_null=True
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    capabilities = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    needs = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    website = serializers.URLField(required=False, allow_blank=True, max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    external_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    technology_areas = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=TechnologyArea.objects.all()
    )
    contacts = ContactWriteSerializer(many=True, required=False)


class OpportunityWriteSerializer(serializers.Serializer):
    type = serializers.ChoiceField(Opportunity._meta.get_field("type").choices)
    title = serializers.CharField(max_length=120)
    summary = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    technology_areas = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=TechnologyArea.objects.all()
    )
    stage = serializers.ChoiceField(
        Opportunity._meta.get_field("stage").choices, required=False, allow_blank=True
    )
    trl = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)
    ip_status = serializers.ChoiceField(
        Opportunity._meta.get_field("ip_status").choices, required=False, allow_blank=True
    )
    collaboration_types = serializers.ListField(
        child=serializers.ChoiceField(CollaborationType.choices), required=False
    )
    partner_kinds = serializers.ListField(
        child=serializers.ChoiceField(OrganizationKind.choices), required=False
    )
    target_countries = serializers.ListField(
        child=serializers.ChoiceField(COUNTRY_CODES), required=False
    )
    is_anonymous = serializers.BooleanField(required=False)
    expires_on = serializers.DateField(required=False, allow_null=True)


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details (`application/problem+json`)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    errors = FieldErrorSerializer(many=True, required=False)
