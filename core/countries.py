"""Country choices for forms and filters, in the reader's language.

django-countries translates and sorts its 250 names each time it is iterated: a page with two
country filters made ~640 translation lookups for them. The sorted list is the same for every
request in one language, so it is built once per language and process.
"""

from django.utils import translation
from django_countries import countries

_BY_LANGUAGE: dict[str, list[tuple[str, str]]] = {}


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name) in the active language, sorted by name."""
    language = translation.get_language() or ""
    choices = _BY_LANGUAGE.get(language)
    if choices is None:
        choices = [(code, str(name)) for code, name in countries]
        _BY_LANGUAGE[language] = choices
    return list(choices)
