"""The cluster and technology-area filters shared by the directory, the marketplace and the
participant catalogue."""

from functools import cache

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.listing import ActiveFiltersMixin, SearchFormMixin
from core.precompiled import PrecompiledQuery

from .models import Cluster, TechnologyArea


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


# The taxonomy's columns that the area filter reads (AREA_CHOICE_ROWS below).
AREA_FIELDS = ("id", "slug", "name", "parent_id")


class TechnologyAreaField(forms.ModelChoiceField):
    """One area by slug, found among the taxonomy's rows that the request read for the choices
    (`area_rows`, by slug) instead of by a query of its own; the same checks and error as
    ModelChoiceField's."""

    area_rows: dict[str, tuple] | None = None

    def to_python(self, value):
        if value in self.empty_values or self.area_rows is None:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        row = self.area_rows.get(str(value))
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return TechnologyArea.from_db(None, AREA_FIELDS, row)


class TechnologyAreaFilter(django_filters.ModelChoiceFilter):
    """One area, by slug. A plain Django field, so that `TechnologyAreaChoicesMixin` can give it
    the indented tree (`clusters.forms.technology_area_filter_choices`) and find the chosen area
    among the rows it read."""

    field_class = TechnologyAreaField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Technology area"))
        kwargs.setdefault("queryset", TechnologyArea.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("All technology areas"))
        super().__init__(*args, **kwargs)


# The clusters a cluster select offers, by name: (slug, name) rows, their SQL compiled once.
CLUSTER_CHOICE_ROWS = PrecompiledQuery(
    lambda: Cluster.objects.order_by("name").values_list("slug", "name")
)


def cluster_choices(empty_label) -> list[tuple[str, str]]:
    """A cluster select's choices (one query)."""
    return [("", empty_label), *CLUSTER_CHOICE_ROWS.rows()]


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
            return cluster_choices(field.empty_label)

        field.choices = choices


# The taxonomy as the area filter needs it: (id, slug, name, parent id) rows in the taxonomy's
# order (as clusters.selectors.technology_area_groups), their SQL compiled once.
AREA_CHOICE_ROWS = PrecompiledQuery(
    lambda: TechnologyArea.objects.order_by("position", "name").values_list(
        "pk", "slug", "name", "parent_id"
    )
)
# Built choices a process keeps, by taxonomy rows and language; a full store is emptied.
AREA_CHOICES_KEPT = 32
_area_choices: dict[tuple, tuple[list, dict[int, int | None]]] = {}


def _area_choices_and_parents(rows: tuple) -> tuple[list, dict[int, int | None]]:
    """The filter's choices, the tree in order with sub-areas indented (as
    `clusters.forms.technology_area_filter_choices`), and each area's parent: built once for
    the same rows (a renamed or moved area is other rows) in the same language."""
    key = (rows, get_language())
    built = _area_choices.get(key)
    if built is None:
        children: dict[int, list[tuple]] = {}
        for row in rows:
            if row[3]:
                children.setdefault(row[3], []).append(row)
        choices: list = [("", _("All technology areas"))]
        for top in rows:
            if not top[3]:
                choices.append((top[1], gettext(top[2])))
                choices += [(sub[1], f"— {gettext(sub[2])}") for sub in children.get(top[0], [])]
        built = (choices, {pk: parent_id for pk, _slug, _name, parent_id in rows})
        if len(_area_choices) >= AREA_CHOICES_KEPT:
            _area_choices.clear()
        _area_choices[key] = built
    return built


class TechnologyAreaChoicesMixin:
    """For a FilterSet whose `area` is a `TechnologyAreaFilter(method="filter_area")` on a model
    with `technology_areas`: the tree in order, sub-areas indented, read by one query when the
    FilterSet is made (compiled once, the choices built once for the same rows and language:
    the areas' objects, labels and choices cost ~4 ms of CPU a page); and the filter itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = tuple(AREA_CHOICE_ROWS.rows())
        choices, self.area_parents = _area_choices_and_parents(rows)
        field = self.form.fields["area"]
        field.choices = choices
        field.area_rows = {row[1]: row for row in rows}

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
