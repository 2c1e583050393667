"""Forms of the marketplace. They validate and never save: views pass `cleaned_data` to services."""

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import TechnologyAreasField
from core.countries import country_choices
from core.forms import TranslationForm, WrittenInField, translation_formset
from core.uploads import validate_attachment_upload
from partners.models import Organization, OrganizationKind

from .models import (
    CloseReason,
    CollaborationType,
    DeclineReason,
    ExpressionOfInterest,
    Opportunity,
)

_field = Opportunity._meta.get_field


def _single_choice(field: forms.ModelChoiceField, organizations) -> Organization | None:
    """With one organization there is nothing to choose: hide the field, use that one."""
    choices = list(organizations)
    if len(choices) != 1:
        return None
    _hide(field, choices[0].pk)
    return choices[0]


def _hide(field: forms.ModelChoiceField, organization_id: int) -> None:
    field.widget = forms.HiddenInput()
    field.required = False
    field.initial = organization_id


class OpportunityForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organization.objects.none(),
        help_text=_("The organization that offers or seeks this."),
    )
    type = _field("type").formfield(
        help_text=_(
            "An offer: you have something to license, sell, provide or invest. A request: you "
            "are looking for it."
        )
    )
    title = _field("title").formfield(
        help_text=_(
            "Specific and understandable at a glance, e.g. “Licensable ELISA for early sepsis "
            "detection”."
        )
    )
    summary = _field("summary").formfield(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One paragraph, up to 500 characters, shown in search results: what it is, what is "
            "new about it, and what kind of partner you seek."
        ),
    )
    description = _field("description").formfield(
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "The details a partner needs to decide: the technology or need, evidence and data, "
            "what you bring and what you expect, timeline. Nothing confidential."
        ),
    )
    language = WrittenInField(
        help_text=_(
            "The language of the title, summary and description: search stems words by it. "
            "Left on “Detect automatically”, it is recognised when you save."
        ),
    )
    technology_areas = TechnologyAreasField(
        label=_("Technology areas"),
        required=False,
        help_text=_("Every area that applies; the sub-areas where you can. At least one."),
    )
    stage = _field("stage").formfield(help_text=_("How far the product or technology has come."))
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level (TRL)"),
        choices=[("", _("Not applicable"))] + [(level, str(level)) for level in range(1, 10)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "1: basic principles observed · 4: validated in the lab · 6: demonstrated in a "
            "relevant environment · 9: proven in routine use."
        ),
    )
    ip_status = _field("ip_status").formfield(
        help_text=_("How the technology is protected. Partners weigh this before a licence.")
    )
    collaboration_types = forms.MultipleChoiceField(
        label=_("Collaboration types sought"),
        choices=CollaborationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Every kind of agreement you are open to."),
    )
    partner_kinds = forms.MultipleChoiceField(
        label=_("Partner kinds sought"),
        choices=OrganizationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The kinds of organization you want to meet."),
    )
    target_countries = forms.MultipleChoiceField(
        label=_("Target countries"),
        choices=country_choices,  # evaluated per request, in its language
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
        help_text=_(
            "Where you seek a partner or a market. Hold Ctrl (⌘ on a Mac) to choose several."
        ),
    )
    is_anonymous = _field("is_anonymous").formfield(
        help_text=_(
            "Others see “a member of <your cluster>” instead of your name, until you accept "
            "an expression of interest."
        )
    )
    expires_on = _field("expires_on").formfield(
        label=_("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Optional. Without a deadline the opportunity stays online for 12 months after "
            "publication, and you can renew it once."
        ),
    )
    attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        help_text=_("A PDF or an image (brochure, non-confidential data sheet), up to 10 MB."),
    )

    GROUPS = (
        (
            _("What it is"),
            ("organization", "type", "title", "summary", "description", "language"),
        ),
        (_("Technology"), ("technology_areas", "stage", "trl", "ip_status")),
        (
            _("The partner you seek"),
            ("collaboration_types", "partner_kinds", "target_countries"),
        ),
        (_("Publication"), ("is_anonymous", "expires_on", "attachment")),
    )
    # Attachments are added by their own service; everything else is content.
    NON_CONTENT_FIELDS = ("organization", "attachment")

    def __init__(self, *args: Any, organizations=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._only_organization = None
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
            self._only_organization = _single_choice(self.fields["organization"], organizations)
        self.fields["technology_areas"].group_choices()
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
        self.fields["title"].widget.attrs["maxlength"] = 120
        self.fields["summary"].widget.attrs["maxlength"] = 500

    @classmethod
    def initial_for(cls, opportunity: Opportunity) -> dict[str, Any]:
        initial = {
            name: getattr(opportunity, name)
            for name in cls.base_fields
            if name not in (*cls.NON_CONTENT_FIELDS, "technology_areas")
        }
        initial["technology_areas"] = [area.pk for area in opportunity.technology_areas.all()]
        return initial

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def clean_organization(self):
        return self.cleaned_data.get("organization") or self._only_organization

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_attachment_upload(upload)
        return upload

    def content(self) -> dict[str, Any]:
        """The data for `opportunity_create` / `opportunity_update`."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.NON_CONTENT_FIELDS
        }


class OpportunityTranslationForm(TranslationForm):
    title = forms.CharField(label=_("Title"), max_length=_field("title").max_length)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The translations part of the edit page: one row per portal language.
OpportunityTranslationFormSet = translation_formset(OpportunityTranslationForm)


class ReviewForm(forms.Form):
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (PUBLISH, _("Publish")),
            (REQUEST_CHANGES, _("Request changes")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the author"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to request changes (what to change) or to reject (why)."),
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you closing it?"), choices=CloseReason.choices, widget=forms.RadioSelect
    )


class InterestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organization.objects.none(),
        empty_label=None,
        help_text=_("The organization that is interested."),
    )
    message = forms.CharField(
        label=_("Your message to the owner"),
        max_length=ExpressionOfInterest._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Who you are, what interests you and what you propose as a next step. The owner "
            "sees your organization's name."
        ),
    )

    def __init__(
        self,
        *args: Any,
        organizations,
        organization_ids: Collection[int] | None = None,
        **kwargs: Any,
    ):
        """`organization_ids`: the ids `organizations` holds, where the caller knows them (the
        roles): with one, the field is hidden without reading it."""
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        field.widget.attrs["class"] = "form-select"
        self.fields["message"].widget.attrs.update(
            {"class": "form-control", "aria-describedby": "interest-message-help"}
        )
        self._only_organization: Organization | None = None
        if organization_ids is not None and len(organization_ids) == 1:
            _hide(field, next(iter(organization_ids)))
        else:
            self._only_organization = _single_choice(field, organizations)

    def clean_organization(self):
        chosen = self.cleaned_data.get("organization")
        field = self.fields["organization"]
        if chosen is None and isinstance(field.widget, forms.HiddenInput):
            # The hidden field left out: the only organization (already read, or read now).
            return self._only_organization or field.queryset.first()
        return chosen


class AnswerForm(forms.Form):
    ACCEPT = "accept"
    DECLINE = "decline"

    decision = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))])
    reply = forms.CharField(
        label=_("Reply (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decline_reason = forms.ChoiceField(
        label=_("If you decline, why?"),
        choices=[("", "—"), *DeclineReason.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.DECLINE and not data.get("decline_reason"):
            self.add_error("decline_reason", _("Choose why you decline."))
        return data
