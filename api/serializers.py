"""The API's representations. Reads show what the portal's pages show to the same person;
writes only validate shapes (the services check the rules and the rights).

Enum values are the models' stable `TextChoices` values, never their translated labels.
"""

import copy
import datetime
import functools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any, cast
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.urls import get_script_prefix, reverse
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from clusters.models import Cluster, ClusterService, TechnologyArea
from core.mail import absolute_url
from core.precompiled import PrecompiledQuery
from events.models import Event, Meeting
from opportunities.models import (
    FIT_FIELDS,
    CollaborationType,
    ExpressionOfInterest,
    Opportunity,
)
from opportunities.permissions import can_see_owner, owner_revealed_to
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
        if type(value) is int:  # digits: nothing to quote
            return f"{head}{value}{tail}"
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


# The Python types whose values these `to_representation` methods return unchanged (equal,
# of the same type): `str(value)`, `int(value)`, a boolean's own truth, and a choice's own key
# when every key is a `str` (the `TextChoices`).
_UNCHANGED: dict[Callable[..., Any], type] = {
    serializers.CharField.to_representation: str,
    serializers.IntegerField.to_representation: int,
    serializers.BooleanField.to_representation: bool,
    serializers.ChoiceField.to_representation: str,
}


def _unchanged_type(field) -> type | None:
    """The type of the values `field.to_representation` returns unchanged, if any."""
    kind = _UNCHANGED.get(type(field).to_representation)
    if kind is str and isinstance(field, serializers.ChoiceField):
        keys = field.choice_strings_to_values.values()
        return str if all(type(key) is str for key in keys) else None
    return kind


def _fast_representer(field) -> Callable[[Any], Any]:
    """`field.to_representation`, with DRF's work skipped where its result is known: a value
    it returns unchanged, a list of them, a UTC time in ISO 8601. Anything else goes through
    DRF. A 100-row page of opportunities: ~3,000 values (~0.7 ms of CPU, half of it times)."""
    represent = field.to_representation
    kind = _unchanged_type(field)
    if kind is not None:
        return lambda value: value if type(value) is kind else represent(value)
    if isinstance(field, serializers.ListField) and type(field).to_representation is (
        serializers.ListField.to_representation
    ):
        item_kind = _unchanged_type(field.child)
        if item_kind is not None:
            return lambda values: (
                values
                if type(values) is list and all(type(item) is item_kind for item in values)
                else represent(values)
            )
    if (
        type(field).to_representation is serializers.DateTimeField.to_representation
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
        and getattr(field, "timezone", None) is not None
    ):
        return _iso_datetime_representer(represent, field.timezone)
    return represent


def _iso_datetime_representer(
    represent: Callable[[Any], Any], zone: datetime.tzinfo
) -> Callable[[Any], Any]:
    """DateTimeField's ISO 8601 of an aware datetime in `zone` ("Z" for UTC), directly."""

    def iso(value: Any) -> Any:
        if type(value) is not datetime.datetime or value.tzinfo is None:
            return represent(value)
        if not (in_utc and value.tzinfo is datetime.UTC):
            try:
                value = value.astimezone(zone)
            except OverflowError:
                return represent(value)
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    # The database's times are in UTC: in a UTC zone they are written as they are.
    in_utc = zone is datetime.UTC or str(zone) == "UTC"
    return iso


# A field filled from the page's many-to-many pairs (RowRepresentationMixin.represent_rows).
_MANY = "__many__"


@functools.lru_cache(maxsize=256)
def _many_slugs_query(relation, slug_field: str, count: int) -> PrecompiledQuery:
    """The query of (row id, related slug) pairs of `count` rows of a many-to-many relation,
    in the related model's order (what a prefetch gives), compiled once per relation and page
    length: building and compiling it took ~0.7 ms of CPU a page of 100, running it ~0.3 ms.
    Its columns are an id and a slug (no converter)."""
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    ordering = [
        f"-{target}__{column[1:]}" if column.startswith("-") else f"{target}__{column}"
        for column in relation.related_model._meta.ordering
    ]

    def pairs(*ids: int) -> QuerySet:
        return (
            relation.remote_field.through.objects.filter(**{f"{source}_id__in": ids})
            .order_by(*ordering)
            .values_list(f"{source}_id", f"{target}__{slug_field}")
        )

    # Placeholder ids 0..count-1: distinct, so that `__in` merges none of them.
    return PrecompiledQuery(pairs, *range(count))


# List pages from `.values()` rows: the columns each field shows, and no model instance.
#
# Building a model instance per row (and per related row, and a related manager per row for
# its areas) was most of a 100-row page's cost, and left reference cycles behind for the
# garbage collector. Here each field is a `values()` lookup (its `source`, the slug of a
# related field, or `row_sources`), converted by the DRF field's own `to_representation`;
# a many-to-many slug field is gathered for the whole page in one query, in the related
# model's order (what a prefetch gives); a method field `get_x` has a `row_x(row)` twin.
# The output is the same as `to_representation`'s (tests/api/test_rows.py compares them).
# (A comment, not a docstring: drf-spectacular shows the serializers' inherited docstring.)
class RowRepresentationMixin(FastRepresentationMixin):
    # Fields whose source is no `values()` lookup (e.g. `country.code`): their lookup.
    row_sources: dict[str, str] = {}
    # Further columns the `row_` methods read.
    row_extra: tuple[str, ...] = ()

    @classmethod
    def _row_fields(cls) -> list[tuple[str, str | None, Any]]:
        """(name, lookup, field) of each field shown; lookup None for a method field, _MANY
        for a many-to-many one. Worked out once per class: DRF builds a ModelSerializer's
        fields anew for each instance, model introspection and choices included (an event's
        time zone choices list every zone of the system's database)."""
        fields = cls.__dict__.get("_row_fields_cache")
        if fields is None:
            fields = [cls._row_field(field) for field in cls()._readable_fields]  # type: ignore[attr-defined]
            cls._row_fields_cache = fields
        return fields

    @classmethod
    def _row_field(cls, field) -> tuple[str, str | None, Any]:
        name = field.field_name
        if isinstance(field, serializers.SerializerMethodField):
            return name, None, field
        if isinstance(field, serializers.ManyRelatedField):
            return name, _MANY, field
        if name in cls.row_sources:
            return name, cls.row_sources[name], field
        lookup = "__".join(field.source_attrs)
        if isinstance(field, serializers.SlugRelatedField):
            return name, f"{lookup}__{field.slug_field}", field
        return name, lookup, field  # a PrimaryKeyRelatedField's lookup gives the id

    def _row_plan(self) -> list[tuple[str, str | None, Any, Callable[[Any], Any]]]:
        """(name, lookup, field, representer) of each field, for this serializer's reader."""
        plan = self.__dict__.get("_fast_row_plan")
        if plan is None:
            plan = [
                (name, lookup, field, self._row_representer(field))
                for name, lookup, field in self._row_fields()
            ]
            self._fast_row_plan = plan
        return plan

    def _row_representer(self, field) -> Callable[[Any], Any]:
        if isinstance(field, serializers.SerializerMethodField):
            return getattr(self, "row_" + field.method_name.removeprefix("get_"))
        if isinstance(field, serializers.DateTimeField) and not hasattr(field, "timezone"):
            # The current time zone, looked up once per page rather than once per value.
            field = copy.copy(field)
            field.timezone = field.default_timezone()
        if isinstance(field, (serializers.RelatedField, serializers.ManyRelatedField)):
            return _identity  # values() gives the slug or the id, the gathered slugs a list
        return _fast_representer(field)

    def row_lookups(self, ordering: Iterable[str] = ()) -> list[str]:
        """The `values()` lookups of a page (with its pagination's ordering columns)."""
        lookups = {"id": None}
        for _name, lookup, _field in self._row_fields():
            if lookup is not None and lookup != _MANY:
                lookups[lookup] = None
        lookups.update(dict.fromkeys(self.row_extra))
        lookups.update(dict.fromkeys(column.lstrip("-") for column in ordering))
        return list(lookups)

    def _many_slugs(self, field, ids: list[int]) -> dict[int, list[str]]:
        """{row id: [related slugs]} of one many-to-many field for a page, in one query."""
        relation = self.Meta.model._meta.get_field(field.source_attrs[0])  # type: ignore[attr-defined]
        query = _many_slugs_query(relation, field.child_relation.slug_field, len(ids))
        slugs: dict[int, list[str]] = defaultdict(list)
        for row_id, slug in query.rows(*ids):
            slugs[row_id].append(slug)
        return slugs

    def represent_rows(self, rows: list[dict]) -> list[dict]:
        plan = self._row_plan()
        ids = [row["id"] for row in rows]
        many = {
            name: self._many_slugs(field, ids)
            for name, lookup, field, _represent in plan
            if lookup == _MANY and ids
        }
        out = []
        for row in rows:
            item = {}
            for name, lookup, _field, represent in plan:
                if lookup is None:
                    item[name] = represent(row)
                elif lookup == _MANY:
                    item[name] = many[name].get(row["id"], [])
                else:
                    value = row[lookup]
                    item[name] = None if value is None else represent(value)
            out.append(item)
        return out


class TechnologyAreaSerializer(RowRepresentationMixin, serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = TechnologyArea
        fields = ["id", "slug", "name", "parent", "position", "updated_at"]


class ClusterSerializer(RowRepresentationMixin, serializers.ModelSerializer):
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

    row_sources = {"country": "country"}

    def get_url(self, cluster: Cluster) -> str:
        return self.link("clusters:detail", slug=cluster.slug)

    def row_url(self, row: dict) -> str:
        return self.link("clusters:detail", slug=row["slug"])


class ContactSerializer(serializers.ModelSerializer):
    visibility = serializers.ChoiceField(ContactVisibility.choices)

    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "visibility"]


class OrganizationSerializer(RowRepresentationMixin, serializers.ModelSerializer):
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

    row_sources = {"country": "country"}
    row_extra = ("cluster_id", "email", "phone", "external_id")

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

    def _row_organization(self, row: dict) -> Organization:
        """What the visibility rules read of an organization, from its row."""
        return cast(
            Organization,
            SimpleNamespace(
                pk=row["id"], cluster_id=row["cluster_id"], external_id=row["external_id"]
            ),
        )

    def row_email(self, row: dict) -> str | None:
        return self._general_contact(self._row_organization(row), row["email"])

    def row_phone(self, row: dict) -> str | None:
        return self._general_contact(self._row_organization(row), row["phone"])

    def row_external_id(self, row: dict) -> str | None:
        return self.get_external_id(self._row_organization(row))

    def row_url(self, row: dict) -> str:
        return self.link("partners:detail", slug=row["slug"])

    def row_api_url(self, row: dict) -> str:
        return self.link("api:organization-detail", slug=row["slug"])


class OrganizationDetailSerializer(OrganizationSerializer):
    contacts = serializers.SerializerMethodField()

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "contacts"]

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, organization: Organization) -> list[dict]:
        """The contact people the reader may see (the profile page's rules)."""
        visible = self.context["visible_contacts"]
        return ContactSerializer(visible, many=True).data


class OpportunitySerializer(RowRepresentationMixin, serializers.ModelSerializer):
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

    row_extra = (
        "is_anonymous",
        "organization_id",
        "organization__slug",
        "organization__cluster_id",
        "user_interest_status",
    )

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

    def row_organization(self, row: dict) -> str | None:
        # can_see_owner's rule on the row's values (the selector annotates the interest).
        revealed = owner_revealed_to(
            roles_of(self.reader()),
            is_anonymous=row["is_anonymous"],
            organization_id=row["organization_id"],
            cluster_id=row["organization__cluster_id"],
            interest_status=lambda: row["user_interest_status"],
        )
        return row["organization__slug"] if revealed else None

    def row_url(self, row: dict) -> str:
        return self.link("opportunities:detail", pk=row["id"])

    def row_api_url(self, row: dict) -> str:
        return self.link("api:opportunity-detail", pk=row["id"])


class InterestSerializer(RowRepresentationMixin, serializers.ModelSerializer):
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

    row_extra = ("opportunity__organization_id",)

    @extend_schema_field(serializers.ChoiceField(["sent", "received"]))
    def get_direction(self, interest: ExpressionOfInterest) -> str:
        """`received`: on one of the reader's opportunities; `sent`: by the reader's side."""
        roles = roles_of(self.reader())
        if roles.is_member_of(interest.opportunity.organization_id):
            return "received"
        return "sent"

    def row_direction(self, row: dict) -> str:
        if roles_of(self.reader()).is_member_of(row["opportunity__organization_id"]):
            return "received"
        return "sent"


class EventSerializer(RowRepresentationMixin, serializers.ModelSerializer):
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

    def row_url(self, row: dict) -> str:
        return self.link("events:detail", slug=row["slug"])

    def row_api_url(self, row: dict) -> str:
        return self.link("api:event-detail", slug=row["slug"])


class MeetingSerializer(RowRepresentationMixin, serializers.ModelSerializer):
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

    row_extra = (
        "request__sender__organization__slug",
        "request__recipient__organization__slug",
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_organizations(self, meeting: Meeting) -> list[str]:
        """The requesting and the requested participant's organizations (slugs)."""
        request = meeting.request
        return [request.sender.organization.slug, request.recipient.organization.slug]

    def get_url(self, meeting: Meeting) -> str:
        return self.link("events:agenda", slug=meeting.event.slug)

    def get_api_url(self, meeting: Meeting) -> str:
        return self.link("api:meeting-detail", pk=meeting.pk)

    def row_organizations(self, row: dict) -> list[str]:
        return [
            row["request__sender__organization__slug"],
            row["request__recipient__organization__slug"],
        ]

    def row_url(self, row: dict) -> str:
        return self.link("events:agenda", slug=row["event__slug"])

    def row_api_url(self, row: dict) -> str:
        return self.link("api:meeting-detail", pk=row["id"])


class TombstoneSerializer(RowRepresentationMixin, serializers.ModelSerializer):
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
