"""Compile locale/<lang>/LC_MESSAGES/*.po into .mo files, without GNU gettext.

Django's `compilemessages` needs `msgfmt` (GNU gettext), which a fresh machine may lack; Babel
(a Python dependency) compiles the same catalogues. Like `msgfmt --check-format`, it refuses a
translation whose placeholders differ from the English text, so a typo cannot crash a page at
render time. A catalogue is recompiled only when its .po is newer than its .mo.

Usage: python scripts/compile_messages.py [--force]
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogue(po_path: Path) -> list[str]:
    """Write the .mo beside `po_path`; return the problems found (nothing written if any)."""
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, abort_invalid=True)
    problems = [
        f"{po_path}: {message.id!r}: {error}"
        for message, errors in catalogue.check()
        for error in errors
    ]
    if problems:
        return problems
    mo_path = po_path.with_suffix(".mo")
    tmp_path = mo_path.with_suffix(".mo.tmp")
    with tmp_path.open("wb") as mo_file:
        write_mo(mo_file, catalogue, use_fuzzy=False)
    tmp_path.replace(mo_path)
    return []


def main(argv: list[str]) -> int:
    force = "--force" in argv
    problems: list[str] = []
    compiled = 0
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        found = compile_catalogue(po_path)
        problems += found
        compiled += not found
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"compile_messages: {compiled} catalogue(s) compiled, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
