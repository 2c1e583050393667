"""The cluster and technology-area filters shared by the directory, the marketplace and the
participant catalogue."""

from functools import cache

import django_filters
from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from core.listing import ActiveFiltersMixin, SearchFormMixin

from .forms import technology_area_filter_choices
from .models import Cluster, TechnologyArea
from .selectors import technology_areas_in_tree_order


class ClusterFilter(django_filters.ModelChoiceFilter):
    """One cluster, by slug; every cluster offered, by name. A plain Django field, so that
    `ClusterChoicesMixin` can give it its choices."""

    field_class = forms.ModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Cluster"))
        kwargs.setdefault("queryset", Cluster.objects.order_by("name"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All clusters"))
        super().__init__(*args, **kwargs)


class TechnologyAreaFilter(django_filters.ModelChoiceFilter):
    """One area, by slug. A plain Django field, so that the FilterSet can replace its choices
    with the indented tree (`clusters.forms.technology_area_filter_choices`)."""

    field_class = forms.ModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Technology area"))
        kwargs.setdefault("queryset", TechnologyArea.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All technology areas"))
        super().__init__(*args, **kwargs)


class ClusterChoicesMixin:
    """For a FilterSet whose `cluster` is a `ClusterFilter`: its choices read by one plain
    query when the select renders (a model field's choices iterate a server-side cursor,
    three round trips: ~2 ms a page), once however often they are read. The bound value is
    still checked against the field's queryset."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields["cluster"]

        @cache
        def choices() -> list[tuple[str, str]]:
            clusters = Cluster.objects.order_by("name").values_list("slug", "name")
            return [("", field.empty_label), *clusters]

        field.choices = choices


class TechnologyAreaChoicesMixin:
    """For a FilterSet whose `area` is a `TechnologyAreaFilter(method="filter_area")` on a model
    with `technology_areas`: the tree in order, sub-areas indented, built from one query when the
    FilterSet is made; and the filter itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = technology_areas_in_tree_order()
        self.form.fields["area"].choices = [
            ("", _("All technology areas")),
            *technology_area_filter_choices(areas),
        ]
        self.area_parents = {area.pk: area.parent_id for area in areas}

    def filter_area(self, queryset: QuerySet, name: str, value: TechnologyArea | None) -> QuerySet:
        if value is None:
            return queryset
        # A top area includes its sub-areas, their ids read from the tree the choices were built
        # from: the rows' ids a probe of the (row, area) index each, not a join with the areas.
        # A subquery rather than a join: no duplicate rows.
        areas = self._meta.model._meta.get_field("technology_areas")
        through = areas.remote_field.through
        area_ids = [value.pk] + [
            pk for pk, parent_id in self.area_parents.items() if parent_id == value.pk
        ]
        rows = through.objects.filter(technologyarea_id__in=area_ids)
        return queryset.filter(pk__in=rows.values(f"{areas.m2m_field_name()}_id"))


class ListingFilterSet(
    SearchFormMixin,
    ClusterChoicesMixin,
    TechnologyAreaChoicesMixin,
    ActiveFiltersMixin,
    django_filters.FilterSet,
):
    """The base of the directory's and the marketplace's FilterSets: a search box (`q`), a
    `cluster` and an `area` with the choices above, and the active filters listed."""

    def rows_by_key(self, pks: list[int]) -> list[Model]:
        """A page's rows (`core.listing.paginate` reads its keys first): the visible set's, by
        key, with their relations and reader's versions."""
        return list(self.queryset.filter(pk__in=pks))
