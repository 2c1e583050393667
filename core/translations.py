"""Authors' translations of their texts (opportunities, organization profiles): the rules
shared by their services, and the choice of the version a reader sees.

A translation is a version of some of a row's texts in another ContentLanguage; the row's
own texts are the original, in the row's `language`.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .languages import ContentLanguage, content_language, interface_language, language_name

MESSAGE_TRANSLATION_BAD_LANGUAGE = _("“%(value)s” is not one of the portal's languages.")
MESSAGE_TRANSLATION_DUPLICATE = _("There can be only one translation per language.")
MESSAGE_TRANSLATION_ORIGINAL = _(
    "The original is written in %(language)s: a translation must be in another language."
)
MESSAGE_TRANSLATION_INCOMPLETE = _(
    "The translation into %(language)s needs every text: fill them all, or leave them all empty."
)


class ReaderVersionMixin:
    """For a model with authors' translations: the language of the version its reader sees.
    The model says whether the selector found that version (`has_reader_version`, with
    `reader_language` annotated); otherwise it is the original, in the row's `language`."""

    language: str
    reader_language: str

    @property
    def has_reader_version(self) -> bool:
        raise NotImplementedError

    @property
    def display_language(self) -> str:
        return self.reader_language if self.has_reader_version else self.language

    @property
    def display_language_label(self) -> str:
        label = _CONTENT_LANGUAGE_LABELS.get(self.display_language)
        return "" if label is None else str(label)


# Built once: ContentLanguage.values and ContentLanguage(code) rebuild the choices at each
# call, ~8 % of a directory card's rendering.
_CONTENT_LANGUAGE_LABELS = dict(ContentLanguage.choices)


# The URL parameter of a page that shows one version: `?lang=zh-hans` (an interface language).
VERSION_PARAMETER = "lang"


def _label(code: str) -> str:
    return str(ContentLanguage(code).label)


def _refuse(message: Any, **params: str) -> ValidationError:
    return ValidationError({"translations": ValidationError(message, params=params)})


def clean_translations(
    rows: Sequence[dict[str, Any]],
    *,
    fields: Sequence[str],
    original_language: str,
    require_all: bool,
) -> dict[str, dict[str, str]]:
    """The versions given in `rows` (dicts with `language` and the `fields`) by language,
    blank ones dropped. Refused (a `ValidationError` keyed `translations`, nothing saved): an
    unknown or repeated language, the original's language, and with `require_all` a version
    missing one of the texts."""
    versions: dict[str, dict[str, str]] = {}
    for row in rows:
        language = str(row.get("language") or "")
        texts = {name: str(row.get(name) or "").strip() for name in fields}
        if not any(texts.values()):
            continue
        if language not in ContentLanguage.values:
            raise _refuse(MESSAGE_TRANSLATION_BAD_LANGUAGE, value=language[:20])
        if language in versions:
            raise _refuse(MESSAGE_TRANSLATION_DUPLICATE)
        if language == original_language:
            raise _refuse(MESSAGE_TRANSLATION_ORIGINAL, language=_label(language))
        if require_all and not all(texts.values()):
            raise _refuse(MESSAGE_TRANSLATION_INCOMPLETE, language=_label(language))
        versions[language] = texts
    return versions


def translation_errors(language: str, error: ValidationError) -> ValidationError:
    """A translation's own `full_clean` errors, keyed `translations` and naming the language."""
    return ValidationError(
        {"translations": [f"{_label(language)}: {message}" for message in error.messages]}
    )


@dataclass(frozen=True)
class VersionLink:
    """One entry of the "also in" switch of a page."""

    language: str  # ContentLanguage code
    name: str  # the language's name for itself
    parameter: str  # the value of `?lang=`
    current: bool


def chosen_version(
    *, original_language: str, languages: Iterable[str], requested: str | None, reader: str
) -> str:
    """The ContentLanguage of the translation to show, or "" for the original: the one asked
    for with `?lang=` if it exists, else the reader's interface language if a translation is
    in it, else the original."""
    available = set(languages)
    wanted = content_language(requested) if requested else ""
    if requested and (wanted == original_language or wanted not in available):
        return ""
    if wanted:
        return wanted
    reader_code = content_language(reader)
    return reader_code if reader_code in available and reader_code != original_language else ""


def version_links(
    *, original_language: str, languages: Iterable[str], shown: str
) -> list[VersionLink]:
    """Every version of a text, the original first, for the "also in" switch (empty when
    there is no translation). A version is linked by its interface language; an original
    without a known language by "original"."""
    codes = sorted(set(languages) - {original_language})
    if not codes:
        return []
    links = [
        VersionLink(
            language=original_language,
            name=language_name(original_language) if original_language else str(_("Original")),
            parameter=interface_language(original_language) if original_language else "original",
            current=not shown,
        )
    ]
    links.extend(
        VersionLink(
            language=code,
            name=language_name(code),
            parameter=interface_language(code),
            current=code == shown,
        )
        for code in codes
    )
    return links


def show_version(
    row: Any,
    translations: Iterable[Any],
    *,
    fields: Sequence[str],
    requested: str | None,
    reader: str,
) -> list[VersionLink]:
    """Set on `row` (an opportunity, an organization) the version its page shows, as
    `reader_<field>` and `reader_language` (what the models' `display_*` properties read), and
    return the "also in" links. `translations` are the row's translation instances."""
    by_language = {translation.language: translation for translation in translations}
    shown = chosen_version(
        original_language=row.language, languages=by_language, requested=requested, reader=reader
    )
    row.reader_language = shown
    for name in fields:
        setattr(row, f"reader_{name}", getattr(by_language[shown], name) if shown else None)
    return version_links(original_language=row.language, languages=by_language, shown=shown)


def translations_save(
    *,
    existing: Iterable[Any],
    versions: dict[str, dict[str, str]],
    new: Callable[[str], Any],
    actor: Any,
    exclude: Sequence[str],
    before_write: Callable[[Any], None] | None = None,
) -> bool:
    """Make the stored translations (`existing`, model instances) exactly `versions` (from
    `clean_translations`): new ones made with `new(language)`, changed ones updated (their
    `author` is `actor`, who changed them last), missing ones deleted; each checked with
    `full_clean` (its errors name the language). `before_write(translation)` runs before each
    save or delete (the history's user). Whether anything changed."""
    by_language = {translation.language: translation for translation in existing}
    changed = bool(set(by_language) - set(versions))
    for language, texts in versions.items():
        translation = by_language.pop(language, None)
        if translation is not None and all(
            getattr(translation, name) == value for name, value in texts.items()
        ):
            continue
        translation = translation or new(language)
        for name, value in texts.items():
            setattr(translation, name, value)
        translation.author = actor
        try:
            translation.full_clean(exclude=[*exclude, "author"])
        except ValidationError as error:
            raise translation_errors(language, error) from error
        if before_write is not None:
            before_write(translation)
        translation.save()
        changed = True
    for translation in by_language.values():
        if before_write is not None:
            before_write(translation)
        translation.delete()
    return changed
