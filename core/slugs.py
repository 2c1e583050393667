"""Readable ASCII slugs for names in any script.

Names are transliterated with anyascii (Unicode to ASCII, maintained, no dependencies):
`中科合同研究有限公司` → `zhong-ke-he-tong-yan-jiu-you-xian-gong-si`, `Bergstraße` →
`bergstrasse`, `삼성바이오로직스` → `samseongbaiolojigseu`. Each Han character is a syllable
of its own (pinyin has no word boundaries we could know), kana and Hangul stay joined as they
are read. ASCII slugs keep URLs short in e-mails and spreadsheets and cannot be spoofed with
look-alike letters of another script. Limit: Japanese kanji get their Chinese reading.
"""

import unicodedata

from anyascii import anyascii
from django.utils.text import slugify


def _is_han(character: str) -> bool:
    return unicodedata.name(character, "").startswith("CJK ")


def ascii_slug(text: str, *, max_length: int) -> str:
    """The slug of `text` (may be "" when nothing in it can be read as letters or digits)."""
    parts = []
    for character in unicodedata.normalize("NFKC", text):
        if character.isascii():
            parts.append(character)
        elif _is_han(character):
            parts.append(f" {anyascii(character)} ")
        else:
            parts.append(anyascii(character))
    return slugify("".join(parts))[:max_length].strip("-")
