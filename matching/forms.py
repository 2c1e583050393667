"""Forms of alerts. They validate; services save."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clusters.models import TechnologyArea
from clusters.selectors import technology_areas_in_tree_order
from core.countries import country_choices
from opportunities.models import CollaborationType, DevelopmentStage, OpportunityType

from .models import AlertFrequency

# The marketplace's GET parameters (opportunities/filters.py) and the alert criterion each feeds.
SEARCH_PARAMETERS = {
    "type": "opportunity_types",
    "stage": "stages",
    "collaboration": "collaboration_types",
    "country": "countries",
    "owner_country": "countries",
}
MAX_NAME = 120


class AreasField(forms.ModelMultipleChoiceField):
    """Checkboxes grouped under their top area; choosing a top area means all of it."""

    widget = forms.CheckboxSelectMultiple

    def set_grouped_choices(self) -> None:
        groups: list[tuple[str, list[tuple[int, str]]]] = []
        for area in technology_areas_in_tree_order():
            if area.parent_id is None:
                label = _("%(area)s (all of it)") % {"area": area.display_name}
                groups.append((area.display_name, [(area.pk, label)]))
            elif groups:
                groups[-1][1].append((area.pk, area.display_name))
        self.choices = groups


def _any_of(label: str, choices: list) -> forms.MultipleChoiceField:
    """Checkboxes of which an alert's match must have one; none ticked means any."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class AlertForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME)
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=200,
        required=False,
        help_text=_("All the words must appear. Use quotes for a phrase."),
    )
    technology_areas = AreasField(
        label=_("Technology areas"),
        queryset=TechnologyArea.objects.all(),
        required=False,
        help_text=_("Leave empty for any area."),
    )
    opportunity_types = _any_of(_("Opportunity types"), OpportunityType.choices)
    stages = _any_of(_("Development stages"), DevelopmentStage.choices)
    collaboration_types = _any_of(_("Collaboration types"), CollaborationType.choices)
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=country_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The organization's country or a target country. Empty for any."),
    )
    frequency = forms.ChoiceField(
        label=_("E-mail me"),
        choices=AlertFrequency.choices,
        initial=AlertFrequency.DAILY,
        widget=forms.RadioSelect,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technology_areas"].set_grouped_choices()
        for name in ("name", "keywords"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["countries"].widget.attrs["class"] = "form-select"


def alert_initial(alert) -> dict:
    return {
        "name": alert.name,
        "keywords": alert.keywords,
        "technology_areas": [area.pk for area in alert.technology_areas.all()],
        "opportunity_types": alert.opportunity_types,
        "stages": alert.stages,
        "collaboration_types": alert.collaboration_types,
        "countries": alert.countries,
        "frequency": alert.frequency,
        "is_active": alert.is_active,
    }


def alert_data_from_search(query: QueryDict) -> dict:
    """Alert criteria from the marketplace's current filters; unknown values are dropped."""
    data: dict = {name: [] for name in set(SEARCH_PARAMETERS.values())}
    allowed = {
        "opportunity_types": set(OpportunityType.values),
        "stages": set(DevelopmentStage.values),
        "collaboration_types": set(CollaborationType.values),
        "countries": {code for code, _name in countries},
    }
    for parameter, criterion in SEARCH_PARAMETERS.items():
        for value in query.getlist(parameter):
            if value in allowed[criterion] and value not in data[criterion]:
                data[criterion].append(value)
    slugs = [slug for slug in query.getlist("area") if slug]
    data["technology_areas"] = list(TechnologyArea.objects.filter(slug__in=slugs)) if slugs else []
    data["keywords"] = " ".join(query.get("q", "").split())[:200]
    return data


def alert_default_name(data: dict) -> str:
    parts = [data["keywords"]] if data.get("keywords") else []
    parts += [area.display_name for area in data.get("technology_areas", [])]
    parts += [str(OpportunityType(value).label) for value in data.get("opportunity_types", [])]
    parts += [str(countries.name(code)) for code in data.get("countries", [])]
    name = ", ".join(part for part in parts if part)
    return (
        (name[: MAX_NAME - 1] + "…") if len(name) > MAX_NAME else (name or _("All opportunities"))
    )


class SaveSearchForm(forms.Form):
    name = forms.CharField(label=_("Alert name"), max_length=MAX_NAME, required=False)
    frequency = forms.ChoiceField(
        label=_("E-mail me"), choices=AlertFrequency.choices, initial=AlertFrequency.DAILY
    )
