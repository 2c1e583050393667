"""Build the portal's trimmed Bootstrap CSS from the vendored, complete one.

    python scripts/trim_bootstrap.py            # rewrite the trimmed file
    python scripts/trim_bootstrap.py --check    # exit 1 when it is not what the sources give

Bootstrap's CSS is 232 KB and the portal uses a small part of it: every page paid for the
rest before its first paint (Lighthouse, issue 17). This keeps, from
static/vendor/bootstrap-<version>/bootstrap.min.css, every rule that can match the portal's
markup and writes bootstrap.portal.min.css beside it (then `make vendor-sums`):

- a rule's selector is kept when every class it names (outside `:not(...)`) is a word that
  appears somewhere in the templates, the Python code or the portal's JavaScript, or starts
  with a prefix that a template completes at run time (`alert-{{ ... }}`);
- rules without classes (elements, `:root`, reboot) are kept, the dark colour mode is dropped
  (the portal has none), @media/@supports/@container blocks are filtered the same way and
  dropped when empty; @keyframes and @font-face are kept.

Same sources, same output (sorted scans, no timestamps): `--check` runs in the tests
(tests/core/test_vendor_manifest.py), so a template that starts using a new Bootstrap class
fails until the file is rebuilt.
"""

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor" / "bootstrap-5.3.9"
SOURCE = VENDOR / "bootstrap.min.css"
TARGET = VENDOR / "bootstrap.portal.min.css"
# Where the portal writes class names: templates, Python (widget attrs, template tags), its JS.
SCANNED = ("templates/**/*.html", "*/templates/**/*.html", "*/**/*.py", "static/js/*.js")
SKIPPED_DIRS = {".venv", ".tools", "node_modules", "build", "staticfiles", "tests", "bench"}
# Classes that Bootstrap's own JavaScript adds (the navbar's collapse) and the state classes.
SAFELIST = {"show", "showing", "hiding", "collapsing", "collapse", "fade", "active", "disabled"}
HEADER = (
    '@charset "UTF-8";\n'
    "/*! Bootstrap v5.3.9 (https://getbootstrap.com/), Copyright 2011-2025 The Bootstrap Authors,"
    " MIT License. Trimmed to the rules the WLSCC portal uses by scripts/trim_bootstrap.py"
    " from bootstrap.min.css; do not edit. */\n"
)
WORD = re.compile(r"[A-Za-z0-9_-]+")
DYNAMIC_PREFIX = re.compile(r"([a-z][a-z0-9-]*-)(?:\{\{|\{%)")
CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
NOT = re.compile(r":not\(([^()]|\([^()]*\))*\)")
KEPT_AT_RULES = ("@keyframes", "@font-face", "@-webkit-keyframes")


def _sources() -> Iterator[Path]:
    seen = set()
    for pattern in SCANNED:
        for path in sorted(ROOT.glob(pattern)):
            relative = path.relative_to(ROOT)
            if relative.parts[0] in SKIPPED_DIRS or path in seen:
                continue
            seen.add(path)
            yield path


def used_words() -> tuple[set[str], set[str]]:
    """Every word of the sources, and the prefixes that templates complete at run time."""
    words, prefixes = set(SAFELIST), set()
    for path in _sources():
        text = path.read_text(encoding="utf-8", errors="replace")
        words.update(WORD.findall(text))
        prefixes.update(DYNAMIC_PREFIX.findall(text))
    return words, prefixes


def _structure(text: str) -> Iterator[tuple[int, str, int, int]]:
    """(index, char, parenthesis depth, brace depth) of each character outside quotes."""
    parens = braces = 0
    quote = ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
            continue
        if char in "\"'":
            quote = char
        elif char in "([":
            parens += 1
        elif char in ")]":
            parens -= 1
        elif char == "{":
            braces += 1
        elif char == "}":
            braces -= 1
        yield index, char, parens, braces


def _split_top(text: str, separator: str) -> list[str]:
    """Split at `separator` outside quotes, parentheses and brackets."""
    parts, start = [], 0
    for index, char, parens, _braces in _structure(text):
        if char == separator and parens == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _blocks(css: str) -> Iterator[tuple[str, str | None]]:
    """Top-level (prelude, body) pairs of a stylesheet; a statement (`@import ...;`) has body
    None."""
    start, opening = 0, -1
    for index, char, parens, braces in _structure(css):
        if char == ";" and parens == 0 and braces == 0:
            yield css[start:index].strip(), None
            start = index + 1
        elif char == "{" and braces == 1:
            opening = index
        elif char == "}" and braces == 0:
            yield css[start:opening].strip(), css[opening + 1 : index]
            start = index + 1
    rest = css[start:].strip()
    if rest:
        yield rest, None


def _selector_used(selector: str, words: set[str], prefixes: set[str]) -> bool:
    if "data-bs-theme=dark" in selector.replace('"', ""):
        return False
    for name in CLASS.findall(NOT.sub("", selector)):
        if name not in words and not name.startswith(tuple(prefixes)):
            return False
    return True


def trim(css: str, words: set[str], prefixes: set[str]) -> str:
    out = []
    for prelude, body in _blocks(css):
        if body is None:
            if prelude and not prelude.startswith(("/*", "@charset")):
                out.append(prelude + ";")
            continue
        if prelude.startswith(KEPT_AT_RULES):
            out.append(f"{prelude}{{{body}}}")
        elif prelude.startswith("@"):
            inner = trim(body, words, prefixes)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        else:
            selectors = [s for s in _split_top(prelude, ",") if _selector_used(s, words, prefixes)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def build() -> str:
    css = SOURCE.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # the licence goes back in the header
    css = re.sub(r"\s*/\*# sourceMappingURL=.*?\*/\s*$", "", css)
    words, prefixes = used_words()
    return HEADER + trim(css, words, prefixes) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    built = build()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != built:
            print(f"{TARGET.relative_to(ROOT)} is stale: run python scripts/trim_bootstrap.py")
            return 1
        return 0
    TARGET.write_text(built, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(built):,} bytes (from {SOURCE.stat().st_size:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
