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
from django.utils.html import format_html

from .sections import PartNode

register = template.Library()


class CardNode(PartNode):
    names = ("border", "id")
    usage = '{% card "slug" _("Title") [border=…] [id=…] %}'

    def render(self, context: template.Context) -> str:
        heading = f"{self.first.resolve(context)}-heading"
        options = self.resolved_options(context)
        css = "card mb-4" + (f" border-{options['border']}" if options.get("border") else "")
        anchor = format_html(' id="{}"', options["id"]) if options.get("id") else ""
        return format_html(
            '<section class="{}" aria-labelledby="{}"{}>\n<div class="card-body">\n'
            '<h2 class="h5" id="{}">{}</h2>\n{}\n</div>\n</section>',
            css,
            heading,
            anchor,
            heading,
            self.second.resolve(context),
            self.parts[0].render(context),
        )


register.tag("card", CardNode.parse)
