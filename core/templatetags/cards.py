"""`{% card "slug" _("Title") %}…{% endcard %}`: a page section as a card with its heading.

It renders what every page wrote by hand, the heading labelling the section:

    <section class="card mb-4" aria-labelledby="slug-heading">
      <div class="card-body">
        <h2 class="h5" id="slug-heading">Title</h2>
        …
      </div>
    </section>

Options: `border="warning"` (a card that asks for attention), `id="…"` (an anchor for links).
"""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html

register = template.Library()


class CardNode(template.Node):
    def __init__(
        self,
        slug: FilterExpression,
        title: FilterExpression,
        options: dict[str, FilterExpression],
        body: NodeList,
    ) -> None:
        self.slug, self.title, self.options, self.body = slug, title, options, body

    def render(self, context: template.Context) -> str:
        heading = f"{self.slug.resolve(context)}-heading"
        options = {name: value.resolve(context) for name, value in self.options.items()}
        css = "card mb-4" + (f" border-{options['border']}" if options.get("border") else "")
        anchor = format_html(' id="{}"', options["id"]) if options.get("id") else ""
        return format_html(
            '<section class="{}" aria-labelledby="{}"{}>\n<div class="card-body">\n'
            '<h2 class="h5" id="{}">{}</h2>\n{}\n</div>\n</section>',
            css,
            heading,
            anchor,
            heading,
            self.title.resolve(context),
            self.body.render(context),
        )


@register.tag
def card(parser: Parser, token: Token) -> CardNode:
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError('Usage: {% card "slug" _("Title") [border=…] [id=…] %}')
    options = {}
    for bit in bits[3:]:
        name, _sep, value = bit.partition("=")
        if name not in ("border", "id") or not value:
            raise template.TemplateSyntaxError(f"card: unknown option {bit!r}")
        options[name] = parser.compile_filter(value)
    body = parser.parse(("endcard",))
    parser.delete_first_token()
    return CardNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), options, body)
