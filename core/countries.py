"""Country choices for forms and filters, in the reader's language.

django-countries translates and sorts its 250 names each time it is iterated: a page with two
country filters made ~640 translation lookups for them. The sorted list is the same for every
request in one language, so it is built once per language and process; so is each name that
a list shows (`country_name`: a translation lookup or more each time `Country.name` is read).
"""

from django.utils import translation
from django_countries import countries

_BY_LANGUAGE: dict[str, list[tuple[str, str]]] = {}
_NAMES: dict[tuple[str, str], str] = {}


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name) in the active language, sorted by name."""
    language = translation.get_language() or ""
    choices = _BY_LANGUAGE.get(language)
    if choices is None:
        choices = [(code, str(name)) for code, name in countries]
        _BY_LANGUAGE[language] = choices
    return list(choices)


def country_name(code: str) -> str:
    """The country's name in the active language, as `Country(code).name` gives it."""
    key = (translation.get_language() or "", code)
    name = _NAMES.get(key)
    if name is None:
        name = _NAMES[key] = str(countries.name(code))
    return name
