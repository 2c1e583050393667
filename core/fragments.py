"""The rows of a list rendered through their include template, each kept in the cache (Redis).

A list page renders the same cards again and again (a marketplace search shows 20 opportunity
cards: ~13 ms of CPU out of ~40 at consortium scale), and a running portal shows its popular
rows on many pages. `render_rows` renders a page's rows through one include template, as
`{% include template with <name>=row only %}` would, and keeps each row's HTML in the cache:

- the keys of all rows of a page are read in **one** `get_many` (with the generation, below),
  only the misses are rendered, and they are written in **one** `set_many`, for
  FRAGMENT_CACHE_SECONDS;
- a row's key holds **everything its HTML depends on**: what the app registered for the
  template (`register_fragment`'s `stamp`: the row's pk and modification time, those of the
  related rows it shows, the texts that have none (a reader's translation), and every
  viewer-dependent flag the template reads, such as an opportunity's `owner_visible`), the
  active language, time zone and script prefix, the source of the template and of those
  it includes, and the compiled interface translations (a deploy with new ones: new keys).
  So a change to anything a card shows is a new key (it shows at once, whatever the
  lifetime), and two viewers share a card only when they would have got the same HTML;
- `invalidate_fragments()` retires every stored card at once, by the public pages' own
  mechanism (core/page_cache.py: a generation stored with each entry and read in the same
  MGET). Cards do not follow the pages' generation: it moves at every listing change, which
  would throw away every card whenever one row changed, when the keys above already tell
  which ones did. The benchmark's "cold fragments" figures use it;
- a broken cache (Redis down and its fallback failing, a value that does not unpickle) only
  costs rendering the rows: the page is the same, the failure is logged.

The template is rendered in a new context holding only the row (the `only` of an include): a
card cannot read the request, the user or the page's context, which the key could not see.
With DEBUG on (templates reload when edited) every row is rendered, as without this module.
"""

import hashlib
import logging
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cache as memoize
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template import Context
from django.template.base import Template
from django.template.loader import get_template
from django.template.loader_tags import IncludeNode
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from core.page_cache import new_generation

logger = logging.getLogger(__name__)

GENERATION_KEY = "fragments:generation"
# How long a card is kept. Its key changes with what it shows, so the lifetime only bounds the
# memory of rows nobody reads any more (and, after a deploy, translated interface strings).
FRAGMENT_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Fragment:
    template: str
    name: str  # the variable the template reads the row from
    stamp: Callable[[Any], Hashable]


FRAGMENTS: dict[str, Fragment] = {}


def register_fragment(template: str, *, name: str, stamp: Callable[[Any], Hashable]) -> None:
    """Let `render_rows` keep the rows of `template` (which reads its row as `name`): `stamp`
    returns what, of a row, its HTML depends on (see the module: missing anything shows a stale
    card, or one viewer's card to another)."""
    FRAGMENTS[template] = Fragment(template, name, stamp)


def dated(*rows: Any) -> tuple:
    """(pk, updated_at) of each row: what a stamp holds of the rows whose fields a card shows."""
    return tuple((row.pk, row.updated_at) for row in rows)


def invalidate_fragments() -> None:
    """Retire every stored card at once."""
    new_generation(GENERATION_KEY)


def _template(name: str) -> Template:
    return get_template(name).template  # the engine's Template (cached by the loader)


@memoize
def _source_digest(name: str) -> str:
    """The template's source and that of the templates it includes by a constant name: a new
    deployment that changes the markup uses new keys."""
    template = _template(name)
    sources = [template.source]
    for node in template.nodelist.get_nodes_by_type(IncludeNode):
        included = node.template.var
        if isinstance(included, str):
            sources.append(_source_digest(included))
    return hashlib.blake2b("\n".join(sources).encode(), digest_size=8).hexdigest()


@memoize
def _catalogue_digest() -> str:
    """The compiled interface translations (LOCALE_PATHS): a deployment that changes a
    translated string a card shows uses new keys instead of showing the old text for a day."""
    digest = hashlib.blake2b(digest_size=8)
    for locale_path in settings.LOCALE_PATHS:
        for catalogue in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.mo")):
            digest.update(str(catalogue.relative_to(locale_path)).encode())
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()


def _key(fragment: Fragment, context: tuple[str, ...], row: Any) -> str:
    material = repr((fragment.template, context, fragment.stamp(row)))
    return "fragment:" + hashlib.blake2b(material.encode(), digest_size=16).hexdigest()


def _render(template: Template, fragment: Fragment, context: Context, row: Any) -> SafeString:
    return template.render(context.new({fragment.name: row}))


def render_rows(template_name: str, rows: Sequence[Any], context: Context) -> list[SafeString]:
    """The HTML of each row through `template_name` (registered with `register_fragment`), in
    the rows' order, rendered in a new context (an include's `only`) made from `context`."""
    fragment = FRAGMENTS[template_name]
    template = _template(template_name)
    if settings.DEBUG or not rows:
        return [_render(template, fragment, context, row) for row in rows]
    shared = (
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        get_script_prefix(),  # the links (`{% row_url %}`)
        _source_digest(template_name),
        _catalogue_digest(),
    )
    keys = [_key(fragment, shared, row) for row in rows]
    try:
        found = cache.get_many([GENERATION_KEY, *keys])
    except Exception:
        logger.warning("fragments: cache read failed", exc_info=True)
        found = {}
    generation = found.get(GENERATION_KEY, 0)
    html: list[SafeString] = []
    missing: dict[str, tuple[int, SafeString]] = {}
    for key, row in zip(keys, rows, strict=True):
        stored = found.get(key)
        # Our own rendering, kept as the SafeString it was: anything else is rendered again.
        if (
            isinstance(stored, tuple)
            and len(stored) == 2
            and stored[0] == generation
            and isinstance(stored[1], SafeString)
        ):
            html.append(stored[1])
            continue
        rendered = _render(template, fragment, context, row)
        missing[key] = (generation, rendered)
        html.append(rendered)
    if missing:
        try:
            cache.set_many(missing, FRAGMENT_CACHE_SECONDS)
        except Exception:
            logger.warning("fragments: cache write failed", exc_info=True)
    return html
