"""The cards of a list page, for the tests of their cached HTML (core/fragments.py)."""

OPPORTUNITY_CARD = "card card-opportunity"
ORGANIZATION_CARD = "card card-org"


def page_cards(response, css_class: str) -> list[str]:
    """The cards (`<article class="...">`) of a page, as HTML."""
    html = response.content.decode()
    return [part.split("</article>")[0] for part in html.split(f'class="{css_class}"')[1:]]


def only_card(client, url: str, css_class: str, **params) -> str:
    """The one card of the list at `url` with these query parameters."""
    (card,) = page_cards(client.get(url, params), css_class)
    return card
