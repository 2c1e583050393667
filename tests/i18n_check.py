"""Find interface strings left in English on a page rendered in another language.

The English msgids of `locale/<lang>/LC_MESSAGES/django.po` are the interface strings. A page
rendered in, say, Japanese should show none of them as they are: each visible text (and each
accessible name: alt, title, placeholder, aria-label, button values) that equals a msgid, or
matches one with its placeholders filled in, is reported. Member-written content is not in the
catalogue and so is never reported.

    untranslated_strings(html, "ja")                          # every catalogue string
    untranslated_strings(html, "ja", sources=("templates/core/",))  # strings of some files

`sources` keeps only msgids used in files whose path starts with one of the prefixes (the
`#:` location lines of the .po), so a test can cover the strings one part of the portal owns.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import to_locale

ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
SKIPPED_ELEMENTS = {"script", "style", "template", "noscript"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input",
    "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
# A msgid this long may appear inside a longer text (a sentence in a paragraph).
SUBSTRING_MIN_WORDS = 4
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
# Placeholders that always hold a number (as the templates format it: 1,000 / 1.000 / 1 000+).
NUMERIC_PLACEHOLDERS = frozenset({"number", "count", "counter", "total", "num_pages"})
NUMBER = r"\d(?:[\d.,\u00a0\u202f ]*[\d+])?"


@dataclass(frozen=True)
class Entry:
    text: str
    pattern: re.Pattern | None  # for msgids with placeholders
    locations: tuple[str, ...]


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _literal(text: str) -> str:
    """A regex for the text between placeholders: its words as they are, any run of spaces."""
    return r"\s+".join(re.escape(word) for word in text.replace("%%", "%").split(" "))


def _pattern(msgid: str) -> re.Pattern | None:
    """A regex that matches the whole of a text where the placeholders are filled in.

    The placeholders stand for whole words or phrases: the spaces around them in the msgid
    must be in the text, and a placeholder next to a letter must not end or start inside a
    word. So "Join %(name)s" does not match "Joint Venture", nor "%(since)s ago" "Tobago".
    """
    if not _PLACEHOLDER.search(msgid):
        return None
    # split() returns text, name, text, name...: keep the texts, join them with wildcards.
    parts = _PLACEHOLDER.split(_normalise(msgid))
    texts, names = parts[::2], parts[1::2]
    pieces = []
    for index, text in enumerate(texts):
        if index > 0:
            # The placeholder before this text: something, starting and ending at a word edge
            # (a number for a numeric one, so that "Page %(number)s" is not "Page not found").
            before, after = texts[index - 1], text
            start = r"\s+" if before.endswith(" ") else (r"\b" if before[-1:].isalnum() else "")
            end = r"\s+" if after.startswith(" ") else (r"\b" if after[:1].isalnum() else "")
            filled = NUMBER if names[index - 1] in NUMERIC_PLACEHOLDERS else r"\S(?:.*?\S)?"
            pieces.append(f"{start}{filled}{end}")
        pieces.append(_literal(text.strip(" ")))
    return re.compile("".join(pieces))


@cache
def catalogue_entries(language: str) -> tuple[Entry, ...]:
    """The English strings of the catalogue whose translation differs from the English."""
    path = Path(settings.BASE_DIR) / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po_file:
        catalogue = read_po(po_file)
    entries = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        locations = tuple(location for location, _line in message.locations)
        for msgid in ids:
            if msgid in strings:
                continue  # translated as itself (a name, an abbreviation): nothing to find
            literal = _PLACEHOLDER.sub("", msgid)
            if not any(character.isalpha() for character in literal):
                continue  # "%(percent)s%%": nothing that tells English from a translation
            text = _normalise(msgid.replace("%%", "%") if _pattern(msgid) is None else msgid)
            if text:
                entries.append(Entry(text, _pattern(msgid), locations))
    return tuple(entries)


class _VisibleText(HTMLParser):
    """Collects texts, skipping scripts and anything marked as another language (`lang=`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # open elements: (tag, hides its content)
        self._current: list[str] = []

    @property
    def _hidden(self) -> bool:
        return any(hides for _tag, hides in self._stack)

    def _flush(self) -> None:
        text = _normalise("".join(self._current))
        if text and not self._hidden:
            self.texts.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        self._flush()
        attributes = dict(attrs)
        hides = tag in SKIPPED_ELEMENTS or (tag != "html" and "lang" in attributes)
        if tag not in VOID_ELEMENTS:
            self._stack.append((tag, hides))
        if hides or self._hidden:
            return
        names = list(ATTRIBUTES)
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            names.append("value")
        if tag == "meta" and attributes.get("name") == "description":
            names.append("content")
        for name in names:
            if attributes.get(name):
                self.texts.append(_normalise(attributes[name]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag):
        self._flush()
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        self._current.append(data)

    def close(self):
        super().close()
        self._flush()


def visible_texts(html: str) -> list[str]:
    """Each run of text between two tags, plus the accessible names in attributes."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.texts


def _matches(entry: Entry, text: str) -> bool:
    if entry.pattern is not None:
        return entry.pattern.fullmatch(text) is not None
    if text == entry.text:
        return True
    if len(entry.text.split()) < SUBSTRING_MIN_WORDS or entry.text not in text:
        return False
    return _in_words(entry.text).search(text) is not None


@cache
def _in_words(msgid: str) -> re.Pattern:
    """`msgid` inside a longer text, starting and ending at word edges."""
    return re.compile(rf"(?<!\w){re.escape(msgid)}(?!\w)")


def untranslated_strings(
    html: str, language: str, *, sources: Iterable[str] | None = None
) -> list[str]:
    """The catalogue's English strings that `html` (rendered in `language`) still shows."""
    prefixes = tuple(sources) if sources is not None else None
    entries = [
        entry
        for entry in catalogue_entries(language)
        if prefixes is None or any(location.startswith(prefixes) for location in entry.locations)
    ]
    found = {
        entry.text for text in visible_texts(html) for entry in entries if _matches(entry, text)
    }
    return sorted(found)
