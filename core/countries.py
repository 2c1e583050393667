"""Country choices for forms and filters, in the reader's language.

django-countries translates and sorts its 250 names each time it is iterated: a page with two
country filters made ~640 translation lookups for them. The sorted list is the same for every
request in one language, so it is built once per language and process; so is each name that
a list shows (`country_name`: a translation lookup or more each time `Country.name` is read).
"""

from collections.abc import Iterator

from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django_countries import countries

_BY_LANGUAGE: dict[str, list[tuple[str, str]]] = {}
_NAMES: dict[tuple[str, str], str] = {}


def _kept_choices() -> list[tuple[str, str]]:
    language = translation.get_language() or ""
    choices = _BY_LANGUAGE.get(language)
    if choices is None:
        choices = [(code, str(name)) for code, name in countries]
        _BY_LANGUAGE[language] = choices
    return choices


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name) in the active language, sorted by name."""
    return list(_kept_choices())


class CountryChoices(BaseChoiceIterator):
    """`country_choices()` as a form field's `choices`, read as they are kept: Django
    normalizes a callable's result, pair by pair, each time a field reads its choices (to
    render, to find its first option, to validate): ~0.5 ms a read of 250 pairs."""

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(_kept_choices())

    def __len__(self) -> int:
        return len(_kept_choices())


COUNTRY_CHOICES = CountryChoices()


def country_name(code: str) -> str:
    """The country's name in the active language, as `Country(code).name` gives it."""
    key = (translation.get_language() or "", code)
    name = _NAMES.get(key)
    if name is None:
        name = _NAMES[key] = str(countries.name(code))
    return name
