"""Forms for editing organizations and their members. They validate; services save."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from clusters.forms import TechnologyAreasField
from clusters.selectors import technology_area_groups
from core.forms import TranslationForm, WrittenInField, translation_formset
from core.uploads import validate_image_upload

from .models import (
    ABOUT_FIELDS,
    TEXT_MAX_LENGTH,
    Contact,
    JoinRequest,
    MembershipRole,
    Organization,
)

# Fields of the profile form. Verification, activity and the slug are never on it, so posting
# them changes nothing; the home cluster is on it only where the user may choose one.
PROFILE_FIELDS = [
    "name",
    "kind",
    "country",
    "city",
    *ABOUT_FIELDS,
    "language",
    "website",
    "email",
    "phone",
    "logo",
]
IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif"


class OrganizationForm(forms.ModelForm):
    # A plain file field: the upload is checked by its content in clean_logo (core.uploads),
    # which gives one clear message for every kind of bad file.
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("PNG, JPEG, WebP or GIF, at most 2 MB."),
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    technology_areas = TechnologyAreasField(
        label=_("Technology areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    language = WrittenInField(
        help_text=_(
            "The language of the description, capabilities and needs: search stems words by "
            "it. Left on “Detect automatically”, it is recognised when you save."
        ),
    )

    class Meta:
        model = Organization
        fields = PROFILE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "capabilities": forms.Textarea(attrs={"rows": 4}),
            "needs": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, clusters=None, **kwargs):
        """`clusters`: the home clusters the user may choose from; None keeps it off the form."""
        super().__init__(*args, **kwargs)
        if clusters is not None:
            self.fields["cluster"] = forms.ModelChoiceField(
                label=_("Home cluster"), queryset=clusters, empty_label=None
            )
            self.order_fields(["name", "cluster"])
        self._area_groups = technology_area_groups()
        self.fields["technology_areas"].group_choices(self._area_groups)

    def technology_area_fieldsets(self) -> list[dict[str, Any]]:
        """The chooser grouped by top area, for the template."""
        checkboxes = {str(widget.data["value"]): widget for widget in self["technology_areas"]}
        selected = {
            str(getattr(value, "pk", value)) for value in (self["technology_areas"].value() or [])
        }
        groups = []
        for top, subs in self._area_groups:
            keys = [str(top.pk)] + [str(child.pk) for child in subs]
            groups.append(
                {
                    "area": top,
                    "checkboxes": [checkboxes[key] for key in keys if key in checkboxes],
                    "selected": sum(1 for key in keys if key in selected),
                }
            )
        return groups

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            validate_image_upload(logo)
        return logo

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the organization services take them."""
        data = {name: self.cleaned_data[name] for name in PROFILE_FIELDS if name != "logo"}
        logo = self.cleaned_data.get("logo")
        if logo is False:
            data["logo"] = ""  # "clear" was ticked
        elif isinstance(logo, UploadedFile):
            data["logo"] = logo
        if "cluster" in self.fields:
            data["cluster"] = self.cleaned_data["cluster"]
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "visibility"]


ContactFormSet = forms.inlineformset_factory(
    Organization,
    Contact,
    form=ContactForm,
    extra=1,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class OrganizationTranslationForm(TranslationForm):
    description = forms.CharField(
        label=_("Description"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    capabilities = forms.CharField(
        label=_("Capabilities"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs = forms.CharField(
        label=_("Needs"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


# The translations part of the profile form: one row per portal language.
OrganizationTranslationFormSet = translation_formset(OrganizationTranslationForm)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person to invite"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        help_text=_("Organization admins edit the profile and invite colleagues."),
    )


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        labels = {"message": _("Message to the organization's admins (optional)")}
        help_texts = {"message": _("Say who you are and what you do at the organization.")}
