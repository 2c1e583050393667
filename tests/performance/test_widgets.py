"""`FastSelect` and `FastTextInput` render exactly what Django's template-based widgets render;
`KeptSelect` (the catalogue, the marketplace, the directory) what `FastSelect` renders, for
every value, choice list and language."""

import pytest
from django import forms
from django_countries import countries

from core.widgets import FastSelect, FastTextInput, KeptSelect

CHOICES = [
    ("", "All"),
    ("a", "Plain"),
    ("b&c", 'Quotes " and <tags>'),
    (3, "A number"),
]
GROUPED = [("", "Any"), ("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]


@pytest.mark.parametrize(
    ("choices", "value", "attrs"),
    [
        (CHOICES, None, {}),
        (CHOICES, "a", {"class": "form-select", "id": "id_f"}),
        (CHOICES, "b&c", {"required": True, "disabled": False, "data-x": 'say "hi"'}),
        (CHOICES, 3, {}),
        (GROUPED, "y", {"class": "form-select"}),
        ([(None, "Unset"), ("a", "A"), ("a", "A again")], "a", {}),
    ],
)
def test_fast_select_renders_like_django_select(choices, value, attrs):
    expected = forms.Select(attrs=attrs, choices=choices).render("f", value)

    assert FastSelect(attrs=attrs, choices=choices).render("f", value) == expected


def test_fast_select_renders_a_bound_field_like_django_select():
    class Form(forms.Form):
        country = forms.ChoiceField(choices=list(countries), required=False)

    slow = str(Form({"country": "JP"})["country"])
    Form.base_fields["country"].widget = FastSelect(choices=list(countries))

    assert str(Form({"country": "JP"})["country"]) == slow
    assert '<option value="JP" selected>' in slow


def test_from_select_keeps_the_widget_state():
    slow = forms.Select(attrs={"class": "form-select"}, choices=CHOICES)
    slow.is_required = True

    fast = FastSelect.from_select(slow)

    assert fast.is_required
    assert fast.attrs == slow.attrs
    assert fast.render("f", "a") == slow.render("f", "a")


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, {}),
        ("", {"class": "form-control"}),
        ('say "hi" <b>&', {"type": "search", "maxlength": 200, "id": "id_q", "required": True}),
        (42, {"disabled": False, "data-x": "'"}),
    ],
)
def test_fast_text_input_renders_like_django_text_input(value, attrs):
    expected = forms.TextInput(attrs=dict(attrs)).render("q", value)

    assert FastTextInput(attrs=dict(attrs)).render("q", value) == expected


def test_from_input_keeps_the_widget_state():
    slow = forms.TextInput(attrs={"type": "search", "class": "form-control"})

    fast = FastTextInput.from_input(slow)

    assert fast.input_type == "search"
    assert fast.render("q", "x") == slow.render("q", "x")


def test_kept_select_renders_each_value_and_choice_list_as_fast_select():
    for value in (None, "a", "b&c", "a"):
        for choices in (CHOICES, CHOICES[:2], [*CHOICES[:2], ("a2", "Renamed")]):
            kept = KeptSelect(attrs={"class": "form-select"}, choices=choices)
            fast = FastSelect(attrs={"class": "form-select"}, choices=choices)

            assert kept.render("f", value, {"id": "id_f"}) == fast.render(
                "f", value, {"id": "id_f"}
            )


def test_kept_select_keeps_one_markup_per_language():
    from django.utils import translation

    from opportunities.models import OpportunityType

    choices = [("Offers", OpportunityType.choices[:2]), *OpportunityType.choices[2:]]
    rendered = {}
    for language in ("en", "de", "en"):
        with translation.override(language):
            kept = KeptSelect(choices=choices).render("type", "technology_offer")
            assert kept == FastSelect(choices=choices).render("type", "technology_offer")
            rendered.setdefault(language, kept)

    assert rendered["en"] != rendered["de"]


def test_kept_select_reads_callable_choices_once():
    calls = []

    def choices():
        calls.append(1)
        return CHOICES

    KeptSelect(choices=choices).render("g", "a")

    assert len(calls) == 1
