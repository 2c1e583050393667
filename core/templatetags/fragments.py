"""`{% row_fragments "app/includes/card.html" rows as cards %}`: the HTML of each row through its
include template, kept in the cache (core/fragments.py), then written with
`{% for card in cards %}<li>{{ card }}</li>{% endfor %}`."""

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString

from core.fragments import render_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def row_fragments(
    context: template.Context, template_name: str, rows: Sequence[Any]
) -> list[SafeString]:
    return render_rows(template_name, rows, context)
