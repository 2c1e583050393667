"""The e-mail preferences form. It validates; services save."""

from django import forms

from .models import PREFERENCE_KINDS, Delivery, NotificationKind


class PreferencesForm(forms.Form):
    """One delivery choice per kind of notification."""

    def __init__(self, *args, initial_deliveries: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in PREFERENCE_KINDS:
            self.fields[kind] = forms.ChoiceField(
                label=NotificationKind(kind).label,
                choices=Delivery.choices,
                initial=initial_deliveries.get(kind),
                widget=forms.Select(attrs={"class": "form-select"}),
            )
