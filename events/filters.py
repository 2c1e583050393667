"""The participant catalogue's search and filters. Never saves; the selector applies it."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.filters import (
    ClusterFilter,
    TechnologyAreaChoicesMixin,
    TechnologyAreaFilter,
    cluster_choices,
)
from core.countries import country_choices
from core.listing import MAX_QUERY_LENGTH, ActiveFiltersMixin, search_filter
from core.widgets import FastTextInput, KeptSelect
from partners.models import OrganizationKind

from .models import Registration


class _ClusterFilter(ClusterFilter):
    # A plain Django field, so that the FilterSet can give it its choices (see __init__).
    field_class = forms.ModelChoiceField


class ParticipantFilter(TechnologyAreaChoicesMixin, ActiveFiltersMixin, django_filters.FilterSet):
    q = search_filter()
    offers = django_filters.CharFilter(
        label=_("Offers"),
        field_name="offer",
        lookup_expr="icontains",
        max_length=MAX_QUERY_LENGTH,
    )
    seeks = django_filters.CharFilter(
        label=_("Seeks"),
        field_name="seek",
        lookup_expr="icontains",
        max_length=MAX_QUERY_LENGTH,
    )
    cluster = _ClusterFilter(field_name="organization__cluster")
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="organization__country",
        choices=country_choices,
        empty_label=_("All countries"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="organization__kind",
        choices=OrganizationKind.choices,
        empty_label=_("All kinds"),
    )
    area = TechnologyAreaFilter(method="filter_area")

    class Meta:
        model = Registration
        fields = ["q", "offers", "seeks", "cluster", "country", "kind", "area"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            text = name in ("q", "offers", "seeks")
            field.widget.attrs.setdefault("class", "form-control" if text else "form-select")
            if type(field.widget) is forms.Select:
                field.widget = KeptSelect.from_select(field.widget)
            elif type(field.widget) is forms.TextInput:
                field.widget = FastTextInput.from_input(field.widget)
        # The clusters from one plain query (a model field's choices iterate a server-side
        # cursor: three round trips); the bound value is still checked against the queryset.
        clusters = self.form.fields["cluster"]
        clusters.choices = cluster_choices(clusters.empty_label)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The names as the registrations carry them (Registration.organization_name): no join.
        query = Q()
        for word in value.split()[:8]:
            query &= (
                Q(organization_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(offer__icontains=word)
                | Q(seek__icontains=word)
            )
        return queryset.filter(query)
