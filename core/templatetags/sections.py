"""`{% section "slug" _("Heading") rows=… empty=_("…") %}…{% endsection %}`: a page section with
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

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

OPTIONS = ("rows", "empty", "level", "class")


class SectionNode(template.Node):
    def __init__(
        self,
        slug: FilterExpression,
        heading: FilterExpression,
        options: dict[str, FilterExpression],
        body: NodeList,
        after: NodeList,
    ) -> None:
        self.slug, self.heading, self.options = slug, heading, options
        self.body, self.after = body, after

    def render(self, context: template.Context) -> str:
        options = {name: value.resolve(context) for name, value in self.options.items()}
        heading_id = f"{self.slug.resolve(context)}-heading"
        css = options.get("class", "mb-4")
        if "rows" not in options or options["rows"]:
            body = self.body.render(context)
        else:
            body = format_html('<p class="text-body-secondary">{}</p>', options.get("empty", ""))
        return format_html(
            '<section{} aria-labelledby="{}">\n<h2 id="{}" class="{}">{}</h2>\n{}\n{}</section>',
            format_html(' class="{}"', css) if css else "",
            heading_id,
            heading_id,
            options.get("level", "h4"),
            self.heading.resolve(context),
            SafeString(body),
            SafeString(self.after.render(context)),
        )


@register.tag
def section(parser: Parser, token: Token) -> SectionNode:
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            'Usage: {% section "slug" _("Heading") [rows=…] [empty=…] [level=…] [class=…] %}'
        )
    options = {}
    for bit in bits[3:]:
        name, _sep, value = bit.partition("=")
        if name not in OPTIONS or not value:
            raise template.TemplateSyntaxError(f"section: unknown option {bit!r}")
        options[name] = parser.compile_filter(value)
    body = parser.parse(("after", "endsection"))
    after = NodeList()
    if parser.next_token().contents == "after":
        after = parser.parse(("endsection",))
        parser.delete_first_token()
    return SectionNode(
        parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), options, body, after
    )
