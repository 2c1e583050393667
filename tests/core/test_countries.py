from django import forms
from django.utils import translation

from core.countries import COUNTRY_CHOICES, country_choices


def test_country_choices_are_named_and_sorted_in_the_active_language():
    with translation.override("de"):
        german = country_choices()
    with translation.override("ja"):
        japanese = country_choices()
    with translation.override("en"):
        english = country_choices()

    assert dict(german)["DE"] == "Deutschland"
    assert dict(japanese)["DE"] == "ドイツ"
    assert dict(english)["DE"] == "Germany"
    assert [name for _code, name in english][:2] == ["Afghanistan", "Åland Islands"]
    assert len(german) == len(english) == len(japanese) > 240


def test_country_choices_are_a_fresh_list_each_time():
    with translation.override("fr"):
        first = country_choices()
        first.clear()
        assert dict(country_choices())["DE"] == "Allemagne"


def test_a_field_with_the_kept_country_choices_offers_them_in_the_active_language():
    field = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)

    with translation.override("de"):
        assert list(field.choices) == country_choices()
        assert field.valid_value("DE")
    with translation.override("ja"):
        assert dict(field.widget.choices)["DE"] == "ドイツ"
        assert len(field.choices) == len(country_choices())
    assert not field.valid_value("XX")
