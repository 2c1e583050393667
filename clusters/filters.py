"""The technology-area filter shared by the directory and the marketplace."""

import django_filters
from django import forms


class TechnologyAreaFilter(django_filters.ModelChoiceFilter):
    """One area, by slug. A plain Django field, so that the FilterSet can replace its choices
    with the indented tree (`clusters.forms.technology_area_filter_choices`)."""

    field_class = forms.ModelChoiceField
