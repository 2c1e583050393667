"""A statistics table's body rendered in Python: the KPI page's member table has ~900 cells,
and Django's template loop with `intcomma` per cell cost more than every query of the page
(measured by `make bench`). Same markup and number format as the template did."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats, numberformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..tables import Table

register = template.Library()


@register.simple_tag
def table_rows(table: Table) -> SafeString:
    """The `<tr>` of every row: a header cell, then each value as `intcomma` shows it (an
    em dash for none)."""
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    thousands = formats.get_format("THOUSAND_SEPARATOR")
    grouping = formats.get_format("NUMBER_GROUPING")

    def number(value) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return intcomma(value)
        return numberformat.format(
            value,
            decimal,
            grouping=grouping,
            thousand_sep=thousands,
            force_grouping=True,
            use_l10n=True,
        )

    parts = []
    for row in table.rows:
        opening = '\n      <tr class="table-total">' if row.is_total else "\n      <tr>"
        parts.append(opening)
        parts.append(format_html('\n        <th scope="row">{}</th>\n        ', row.label))
        for cell in row.cells:
            css = cell.css_class
            parts.append(
                format_html(
                    "<td{}>{}</td>",
                    format_html(' class="{}"', css) if css else "",
                    "—" if cell.value is None else number(cell.value),
                )
            )
        parts.append("\n      </tr>")
    # Every piece is a constant or was escaped by format_html.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
