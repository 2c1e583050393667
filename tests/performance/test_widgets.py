"""`FastSelect` renders exactly what Django's template-based `Select` renders."""

import pytest
from django import forms
from django_countries import countries

from core.widgets import FastSelect

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
