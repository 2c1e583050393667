"""The cluster page form for the cluster's own staff. It validates; clusters.services saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Cluster, ClusterService, TechnologyArea
from .selectors import technology_area_groups, technology_areas_in_tree_order
from .services import EDITABLE_FIELDS


def technology_area_filter_choices(
    areas: list[TechnologyArea] | None = None,
) -> list[tuple[str, str]]:
    """The taxonomy for a single-choice filter, by slug: sub-areas indented (one query, none
    when given `areas`, `technology_areas_in_tree_order()`)."""
    return [
        (area.slug, f"— {area.display_name}" if area.parent_id else area.display_name)
        for area in (technology_areas_in_tree_order() if areas is None else areas)
    ]


class TechnologyAreasField(forms.ModelMultipleChoiceField):
    """Checkboxes grouped under their top area; a top area is itself selectable, labelled with
    `top_label` (e.g. "%(area)s (general)"). Call `group_choices()` when the form is built."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, top_label: str = _("%(area)s (general)"), **kwargs):
        kwargs.setdefault("queryset", TechnologyArea.objects.all())
        super().__init__(*args, **kwargs)
        self.top_label = top_label

    def group_choices(
        self, groups: list[tuple[TechnologyArea, list[TechnologyArea]]] | None = None
    ) -> None:
        self.choices = [
            (
                top.display_name,
                [(top.pk, self.top_label % {"area": top.display_name})]
                + [(sub.pk, sub.display_name) for sub in subs],
            )
            for top, subs in (technology_area_groups() if groups is None else groups)
        ]


class ClusterForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    services = forms.MultipleChoiceField(
        label=_("Services offered"),
        choices=ClusterService.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=TechnologyArea.objects.filter(parent__isnull=False).select_related("parent"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (Cmd on a Mac) to select several."),
    )

    class Meta:
        model = Cluster
        fields = [
            "description",
            "services",
            "focus_areas",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in EDITABLE_FIELDS or name == "focus_areas"
        }
