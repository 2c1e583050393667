"""`makemessages` finds no interface string the catalogues do not translate yet.

The project's source (the apps, templates and catalogues, as `make makemessages` sees it) is
copied into a temporary directory and `makemessages` runs there with the Makefile's flags,
so the committed catalogues and `locale/django.pot` of the working tree are never touched.
Then every refreshed catalogue must have no untranslated and no fuzzy entry: a string marked
for translation in code or templates but missing from a `.po` file fails this test.
Needs GNU gettext (xgettext, msgmerge): `make test` installs it through apt when missing.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALES = ["de", "fr", "ja", "ko", "zh_Hans"]
# The folders the Makefile's `makemessages` target ignores (-i ...), plus what is not source.
IGNORED = {"tests", "build", "bench", "staticfiles", "media", "node_modules", "static"}
IGNORED |= {"scripts", "backups", ".venv", ".git", ".ci", ".hypothesis", ".ruff_cache"}
MAKEFILE_FLAGS = [
    "--add-location", "file", "--no-obsolete",
    "-i", "tests/*", "-i", "build/*", "-i", "bench/*", "-i", "staticfiles/*", "-i", "media/*",
    "-i", "node_modules/*", "-i", "static/*", "-i", "scripts/*", "-i", "backups/*",
]  # fmt: skip


def _copy_source(destination: Path) -> None:
    base = Path(settings.BASE_DIR)
    for path in base.iterdir():
        if path.name in IGNORED or path.name.endswith(".egg-info"):
            continue
        is_package = path.is_dir() and (path / "__init__.py").exists()
        if is_package or path.name in {"templates", "locale"}:
            shutil.copytree(path, destination / path.name, ignore=_skip_generated)
    shutil.copy2(base / "manage.py", destination / "manage.py")


def _skip_generated(_directory: str, names: list[str]) -> set[str]:
    return {name for name in names if name == "__pycache__" or name.endswith((".mo", ".pot"))}


def _problems(po_path: Path) -> list[str]:
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file)
    problems = []
    for message in catalogue:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            problems.append(f"untranslated: {message.id!r}")
    return problems


def _makemessages(source: Path, locales: list[str]) -> Path:
    """Run the Makefile's `makemessages` in `source`; returns its `locale` folder."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (apt-get install gettext)")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "wlscc.settings.test"}
    command = [sys.executable, "manage.py", "makemessages"]
    command += [argument for locale in locales for argument in ("-l", locale)]
    subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        command + MAKEFILE_FLAGS, cwd=source, env=environment, check=True, capture_output=True
    )
    return source / "locale"


@pytest.fixture(scope="module")
def refreshed_catalogues(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("makemessages")
    _copy_source(source)
    return _makemessages(source, LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_makemessages_finds_nothing_untranslated(refreshed_catalogues, locale):
    po_path = refreshed_catalogues / locale / "LC_MESSAGES" / "django.po"
    assert _problems(po_path) == []


def test_makemessages_keeps_the_catalogue(refreshed_catalogues):
    with (refreshed_catalogues / "de" / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        catalogue = read_po(po_file)
    assert catalogue.get("Page not found").string == "Seite nicht gefunden"


def test_the_check_would_catch_a_new_string(tmp_path):
    """A string newly marked in a template is reported (the test is not vacuous)."""
    _copy_source(tmp_path)
    (tmp_path / "templates" / "makemessages_probe.html").write_text(
        '{% load i18n %}{% translate "A brand-new interface string" %}'
    )
    po_path = _makemessages(tmp_path, ["de"]) / "de" / "LC_MESSAGES" / "django.po"
    assert _problems(po_path) == ["untranslated: 'A brand-new interface string'"]
