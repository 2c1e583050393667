"""The cluster page form for the cluster's own staff. It validates; clusters.services saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Cluster, ClusterService, TechnologyArea
from .services import EDITABLE_FIELDS


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
