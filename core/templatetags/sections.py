"""Page parts: a page's header and its sections.

`{% page_header "app:list" _("List") parent=… parent_url="app:detail" parent_arg=… here=_("…") %}
Heading{% endpage_header %}`: the breadcrumbs (includes/breadcrumbs.html: the list page, the
object, the page itself) and the page's <h1>. Without `parent_arg` (a page that creates the
object) there is no object crumb and the page's own crumb is its heading. `class="…"`: the h1's
classes ("mb-4" by default; "" for none).

`{% section "slug" _("Heading") rows=… empty=_("…") %}…{% endsection %}`: a page section with
its heading, and the line shown instead of its body when it has nothing to list.

It renders what pages wrote by hand, the heading labelling the section:

    <section class="mb-4" aria-labelledby="slug-heading">
      <h2 id="slug-heading" class="h4">Heading</h2>
      … (the body when `rows` has any, else <p class="text-body-secondary">the empty line</p>)
      … (what follows `{% after %}`, shown either way: e.g. the form that adds a row)
    </section>

Options: `rows` (without it the body is always shown), `empty`, `level="h5"` (the heading's
size, "h4" by default), `class="…"` (the section's classes, "mb-4" by default; "" for none).
"""

from typing import Any, Self

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


class PartNode(template.Node):
    """A block tag of a page part: two arguments, named options (`names`) and its body, split
    in two by `{% <middle> %}` where the tag has one (the second part empty without it)."""

    names: tuple[str, ...] = ()
    middle = ""
    usage = ""

    def __init__(
        self,
        first: FilterExpression,
        second: FilterExpression,
        options: dict[str, FilterExpression],
        parts: tuple[NodeList, NodeList],
    ) -> None:
        self.first, self.second, self.options, self.parts = first, second, options, parts

    def resolved_options(self, context: template.Context) -> dict[str, Any]:
        return {name: value.resolve(context) for name, value in self.options.items()}

    @classmethod
    def parse(cls, parser: Parser, token: Token) -> Self:
        bits = token.split_contents()
        if len(bits) < 3:
            raise template.TemplateSyntaxError(f"Usage: {cls.usage}")
        options = {}
        for bit in bits[3:]:
            name, _sep, value = bit.partition("=")
            if name not in cls.names or not value:
                raise template.TemplateSyntaxError(f"{bits[0]}: unknown option {bit!r}")
            options[name] = parser.compile_filter(value)
        end = f"end{bits[0]}"
        body, rest = parser.parse((cls.middle, end) if cls.middle else (end,)), NodeList()
        if parser.next_token().contents == cls.middle:
            rest = parser.parse((end,))
            parser.delete_first_token()
        first, second = parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
        return cls(first, second, options, (body, rest))


class PageHeaderNode(PartNode):
    names = ("parent", "parent_url", "parent_arg", "here", "class")
    usage = (
        '{% page_header "app:list" _("List") [parent=…] [parent_url="app:detail"] '
        "[parent_arg=…] [here=…] [class=…] %}Heading{% endpage_header %}"
    )

    def render(self, context: template.Context) -> str:
        options = self.resolved_options(context)
        heading = self.parts[0].render(context)
        crumbs = {
            "top_url": reverse(self.first.resolve(context)),
            "top": self.second.resolve(context),
        }
        if options.get("parent_arg"):
            crumbs["parent_url"] = reverse(options["parent_url"], args=[options["parent_arg"]])
            crumbs["parent"] = options.get("parent", "")
            crumbs["here"] = options.get("here", heading)
        else:
            crumbs["here"] = heading
        breadcrumbs = context.template.engine.get_template("includes/breadcrumbs.html")
        css = options.get("class", "mb-4")
        return format_html(
            "{}\n<h1{}>{}</h1>",
            breadcrumbs.render(context.new(crumbs)),
            format_html(' class="{}"', css) if css else "",
            heading,  # a NodeList's rendering: already safe, escaped by its own tags
        )


class SectionNode(PartNode):
    names = ("rows", "empty", "level", "class")
    middle = "after"
    usage = '{% section "slug" _("Heading") [rows=…] [empty=…] [level=…] [class=…] %}'

    def render(self, context: template.Context) -> str:
        options = self.resolved_options(context)
        heading_id = f"{self.first.resolve(context)}-heading"
        css = options.get("class", "mb-4")
        if "rows" not in options or options["rows"]:
            body = self.parts[0].render(context)
        else:
            body = format_html('<p class="text-body-secondary">{}</p>', options.get("empty", ""))
        return format_html(
            '<section{} aria-labelledby="{}">\n<h2 id="{}" class="{}">{}</h2>\n{}\n{}</section>',
            format_html(' class="{}"', css) if css else "",
            heading_id,
            heading_id,
            options.get("level", "h4"),
            self.second.resolve(context),
            body,  # safe: a NodeList's rendering or format_html's
            self.parts[1].render(context),
        )


register.tag("page_header", PageHeaderNode.parse)
register.tag("section", SectionNode.parse)
