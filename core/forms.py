"""How a service's refusal reaches the user: on the form, or as a message."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .languages import ContentLanguage, language_choices
from .translations import MESSAGE_TRANSLATION_DUPLICATE


def attach_error(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    fields: Mapping[str, str] | None = None,
    one_line: bool = False,
) -> None:
    """Put a service's `ValidationError` on the form: each error keyed by a field the form has
    goes to that field, everything else to the form as a whole.

    `fields` names the form's field for a service's field where the two differ (the service's
    `expires_at` is the form's `expires_on`); `one_line=True` puts the whole refusal on the form
    as one line (`error_text`), for a page that shows only the form's own errors."""
    if one_line:
        form.add_error(None, error_text(error))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (fields or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_service(
    form: forms.BaseForm,
    call: Callable[[], Any],
    *,
    fields: Mapping[str, str] | None = None,
    one_line: bool = False,
) -> bool:
    """Run a service for a valid form: its refusal goes onto the form (`attach_error`, with
    its options), to be shown again. Returns whether the service ran."""
    try:
        call()
    except ValidationError as error:
        attach_error(form, error, fields=fields, one_line=one_line)
        return False
    return True


def error_text(error: ValidationError | PermissionDenied) -> str:
    """The refusal as one line, for a message or an admin notice."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or gettext("You are not allowed to do this.")


def call_service(request: HttpRequest, call: Callable[[], Any], *, success: str = "") -> bool:
    """Run a service for a button (a POST without a form to show again): its refusal becomes
    an error message, otherwise `success` is shown (if any). Returns whether the service ran."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    if success:
        messages.success(request, success)
    return True


class WrittenInField(forms.ChoiceField):
    """The "Written in" select of an edit form: the texts' language, blank to detect it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Written in"))
        super().__init__(choices=language_choices, required=False, **kwargs)


class TranslationForm(forms.Form):
    """One language's version of some texts (the subclass adds their fields); all blank means
    no translation into that language. The language is fixed per row."""

    language = forms.ChoiceField(choices=ContentLanguage.choices, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        language = self.language_name
        for name, field in self.fields.items():
            if name != "language":
                # "Title (Japanese)": each row's fields say which version they are.
                field.label = (
                    format_lazy("{} ({})", field.label, language) if language else field.label
                )
                field.required = False
                field.widget.attrs.setdefault("class", "form-control")
                if getattr(field, "max_length", None):
                    field.widget.attrs["maxlength"] = field.max_length

    @property
    def language_code(self) -> str:
        value = str(self["language"].value() or "")
        return value if value in ContentLanguage.values else ""

    @property
    def language_name(self) -> str:
        code = self.language_code
        return str(ContentLanguage(code).label) if code else ""

    @property
    def has_text(self) -> bool:
        return any(self[name].value() for name in self.fields if name != "language")


class BaseTranslationFormSet(forms.BaseFormSet):
    """One row per portal language (`initial_rows`); a language twice is refused."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not any(value for name, value in data.items() if name != "language"):
                continue
            if data.get("language") in seen:
                raise ValidationError(MESSAGE_TRANSLATION_DUPLICATE)
            seen.add(data.get("language", ""))

    def rows(self) -> list[dict]:
        """The posted versions, for the services (blank rows delete a translation)."""
        return [form.cleaned_data for form in self.forms if getattr(form, "cleaned_data", None)]


def translation_formset(form: type[TranslationForm]) -> type[BaseTranslationFormSet]:
    languages = len(ContentLanguage.values)
    return forms.formset_factory(
        form,
        formset=BaseTranslationFormSet,
        extra=0,
        max_num=languages,
        absolute_max=languages,
        validate_max=True,
    )


def translation_initial(translations: Iterable, *, fields: Iterable[str], original_language: str):
    """The formset's rows: one per portal language but the original's, with the texts of the
    existing translations (model instances)."""
    fields = list(fields)
    existing = {translation.language: translation for translation in translations}
    rows = []
    for code in ContentLanguage.values:
        if code == original_language and code not in existing:
            continue
        row = {"language": code}
        if code in existing:
            row.update({name: getattr(existing[code], name) for name in fields})
        rows.append(row)
    return rows


def posted_formset(data, prefix: str) -> bool:
    """Whether posted `data` carries the formset `prefix` (its management form)."""
    return f"{prefix}-TOTAL_FORMS" in data


# The prefix of the translations part of an edit page.
TRANSLATIONS_PREFIX = "translations"


def translations_formset_for(
    request: HttpRequest,
    formset: type[BaseTranslationFormSet],
    original: Any | None,
    *,
    fields: Iterable[str],
) -> BaseTranslationFormSet | None:
    """The translations part of the edit page of `original` (None on a create page): one row
    per portal language but the original's, filled with the existing versions. None for a post
    without the formset (a client that knows nothing of translations): the translations stay
    as they are."""
    if request.method == "POST" and not posted_formset(request.POST, TRANSLATIONS_PREFIX):
        return None
    initial = translation_initial(
        original.translations.all() if original is not None else [],
        fields=fields,
        original_language=original.language if original is not None else "",
    )
    return formset(request.POST or None, initial=initial, prefix=TRANSLATIONS_PREFIX)


def is_valid_or_absent(formset: forms.BaseFormSet | None) -> bool:
    return formset is None or formset.is_valid()
