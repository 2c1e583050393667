"""Forms of the integrations page. They validate and never save: views call the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope, WebhookEvent

SUBSCRIBABLE_EVENTS = [
    (value, label) for value, label in WebhookEvent.choices if value != WebhookEvent.TEST
]


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("What uses the key, e.g. “CRM sync” or “Website”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text=_("Optional. The key stops working at the start of that day (UTC)."),
    )


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control"}),
        help_text=_("A public https address of your system that accepts POST requests."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=SUBSCRIBABLE_EVENTS, widget=forms.CheckboxSelectMultiple
    )
