"""The date range of the cluster KPI page. It validates and never saves."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .kpi import Period

MAX_RANGE = datetime.timedelta(days=5 * 366)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The start date must come before the end date."))
            if end - start > MAX_RANGE:
                raise forms.ValidationError(_("Choose a range of at most five years."))
        return data

    def period(self) -> Period:
        """The valid range asked for, else the last 12 months."""
        if self.is_bound and self.is_valid():
            return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
        return Period.last_year()
