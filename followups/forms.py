"""Forms of the follow-up pages. They validate and never save: views call the services."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partners.models import Organization

from .models import (
    END_STAGES,
    RANK,
    AgreementType,
    NoDealReason,
    OpportunityFeedback,
    PassReason,
    Stage,
    ValueBand,
)

_BLANK = [("", "—")]


def _select(field: forms.Field) -> forms.Field:
    field.widget.attrs["class"] = "form-select"
    return field


def _optional_choice(label: Any, choices: list) -> forms.Field:
    """A select that may stay blank ("—")."""
    return _select(forms.ChoiceField(label=label, choices=_BLANK + choices, required=False))


class EndDetailsForm(forms.Form):
    """What an agreement or a "no deal" needs; the service checks which applies."""

    agreement_type = _optional_choice(_("Type of agreement"), AgreementType.choices)
    value_band = _optional_choice(_("Value (optional)"), ValueBand.choices)
    agreement_date = forms.DateField(
        label=_("Signed on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    no_deal_reason = _optional_choice(_("Why no deal?"), NoDealReason.choices)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class AdvanceForm(EndDetailsForm):
    stage = _select(forms.ChoiceField(label=_("New stage")))

    field_order = ["stage"]

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            (value, label) for value, label in Stage.choices if RANK[value] > RANK[current]
        ]


class CorrectForm(forms.Form):
    stage = _select(forms.ChoiceField(label=_("Back to")))
    comment = forms.CharField(
        label=_("What was wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            (value, label)
            for value, label in Stage.choices
            if value not in END_STAGES and RANK[value] < RANK[current]
        ]


class DisputeForm(forms.Form):
    comment = forms.CharField(
        label=_("What really happened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class SettleForm(forms.Form):
    STANDS = "stands"
    UNDO = "undo"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(STANDS, _("The agreement stands")), (UNDO, _("No agreement was signed"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("How it was settled"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class FeedbackForm(forms.ModelForm):
    organization = _select(forms.ModelChoiceField(label=_("On behalf of"), queryset=None))

    class Meta:
        model = OpportunityFeedback
        fields = ["organization", "reason", "text", "show_name"]
        widgets = {
            "reason": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["reason"].choices = PassReason.choices

    def validate_unique(self) -> None:
        """The service reports a second feedback with the organization's name."""


def member_organizations(organization_ids: frozenset[int], exclude: int) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=organization_ids - {exclude}, is_active=True)
