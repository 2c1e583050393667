"""The marketplace's search and filters. Never saves; the selector applies it to a visible set."""

import datetime

import django_filters
from django.db import models
from django.db.models import DateTimeField, F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from clusters.filters import ClusterFilter, ListingFilterSet, TechnologyAreaFilter
from core.countries import COUNTRY_CHOICES
from core.db import json_array_contains
from core.listing import Keyset, language_filter, search_filter, sort_filter
from core.search import full_text_search, rank_within_newest

from .models import CollaborationType, DevelopmentStage, Opportunity, OpportunityType

SEARCH_FIELDS = ("title", "summary", "description")
# What a page's rows are read with (`rows_by_key`): the fields the card shows
# (opportunities/includes/opportunity_card.html) and its cached copy's stamp
# (opportunities/fragments.py) read, who may see the owner (`can_see_owner`) and the keyset's
# cursor (`published_at`). The descriptions and the rest (kilobytes a row, a third of reading
# the page's rows) are never shown in a list.
CARD_FIELDS = (
    "type",
    "title",
    "summary",
    "language",
    "stage",
    "trl",
    "is_anonymous",
    "status",
    "published_at",
    "expires_on",
    "updated_at",
    "organization__name",
    "organization__slug",
    "organization__country",
    "organization__updated_at",
    "organization__cluster__name",
    "organization__cluster__updated_at",
)
TRL_CHOICES = [(str(level), str(level)) for level in range(1, 10)]

# The marketplace's default order, newest first, paged by key: the publication time with an
# opportunity never published last (this floor, as NULLS LAST would), an expression that the
# index opp_published_newest_idx holds.
NEVER_PUBLISHED = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
NEWEST_AT = Coalesce("published_at", Value(NEVER_PUBLISHED), output_field=DateTimeField())
NEWEST = Keyset("newest_at", descending=True, source="published_at", floor=NEVER_PUBLISHED)


class SortOrder(models.TextChoices):
    NEWEST = "newest", _("Newest")
    CLOSING_SOON = "closing", _("Closing soon")
    RELEVANCE = "relevance", _("Relevance")


class OpportunityFilter(ListingFilterSet):
    q = search_filter(placeholder=_('e.g. antibody "licence" -veterinary'))
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=OpportunityType.choices, empty_label=_("All types")
    )
    area = TechnologyAreaFilter(method="filter_area")
    stage = django_filters.ChoiceFilter(
        label=_("Development stage"),
        choices=DevelopmentStage.choices,
        empty_label=_("Any stage"),
    )
    trl_min = django_filters.ChoiceFilter(
        label=_("TRL from"), choices=TRL_CHOICES, method="filter_trl", empty_label=_("Any")
    )
    trl_max = django_filters.ChoiceFilter(
        label=_("TRL up to"), choices=TRL_CHOICES, method="filter_trl", empty_label=_("Any")
    )
    collaboration = django_filters.ChoiceFilter(
        label=_("Collaboration sought"),
        choices=CollaborationType.choices,
        method="filter_collaboration",
        empty_label=_("Any collaboration"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Target country"),
        choices=COUNTRY_CHOICES,
        method="filter_country",
        empty_label=_("Any country"),
    )
    cluster = ClusterFilter(label=_("Owner's cluster"), field_name="organization__cluster")
    owner_country = django_filters.ChoiceFilter(
        label=_("Owner's country"),
        field_name="organization__country",
        choices=COUNTRY_CHOICES,
        empty_label=_("Any country"),
    )
    language = language_filter()
    sort = sort_filter(SortOrder.choices)
    keyset_order = NEWEST
    unkeyed_sorts = (SortOrder.CLOSING_SOON,)

    class Meta:
        model = Opportunity
        fields = [
            "q",
            "type",
            "area",
            "stage",
            "trl_min",
            "trl_max",
            "collaboration",
            "country",
            "cluster",
            "owner_country",
            "language",
            "sort",
        ]

    def rows_by_key(self, pks: list[int]) -> list[Opportunity]:
        return list(self.queryset.filter(pk__in=pks).only(*CARD_FIELDS))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return full_text_search(queryset, value, fallback_fields=SEARCH_FIELDS)

    def filter_trl(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        lookup = "trl__gte" if name == "trl_min" else "trl__lte"
        return queryset.filter(**{lookup: int(value)})

    def filter_collaboration(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(json_array_contains("collaboration_types", value))

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(json_array_contains("target_countries", value))

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Ordering is applied once, after every filter, in filter_queryset.
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        sort = self.chosen_sort
        if sort == SortOrder.CLOSING_SOON:
            return queryset.order_by(F("expires_on").asc(nulls_last=True), "-published_at", "pk")
        if self.is_ranked(sort):
            newest = (F("published_at").desc(nulls_last=True), "-pk")
            return rank_within_newest(queryset, newest, ("-rank", "-published_at", "pk"))
        return queryset.alias(newest_at=NEWEST_AT).order_by(*NEWEST.ordering())
