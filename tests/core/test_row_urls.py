"""{% row_url %} gives what {% url %} gives: the same URL for ids and slugs, the argument
escaped or reversed when it is not a plain id or slug, another script prefix honoured."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core.templatetags.row_urls import row_url_for


def _render(source: str, **values) -> str:
    return Template("{% load row_urls %}" + source).render(Context(values))


@pytest.mark.parametrize(
    ("name", "argument"),
    [
        ("opportunities:detail", 1),
        ("opportunities:detail", 123456),
        ("followups:detail", 42),
        ("partners:detail", "acme-robotics_2"),
    ],
)
def test_the_same_url_as_reverse(name, argument):
    assert row_url_for(name, argument) == reverse(name, args=[argument])
    assert _render("{% row_url name argument %}", name=name, argument=argument) == _render(
        "{% url name argument %}", name=name, argument=argument
    )


def test_an_argument_that_is_not_a_plain_id_or_slug_is_reversed():
    # A slug route refuses it, as {% url %} does; nothing is pasted into the cached URL.
    with pytest.raises(NoReverseMatch):
        row_url_for("partners:detail", "a b")
    with pytest.raises(NoReverseMatch):
        row_url_for("opportunities:detail", "../x")


def test_another_script_prefix_is_another_url():
    try:
        set_script_prefix("/portal/")
        assert row_url_for("opportunities:detail", 7) == "/portal/opportunities/7/"
    finally:
        set_script_prefix("/")
    assert row_url_for("opportunities:detail", 7) == "/opportunities/7/"
