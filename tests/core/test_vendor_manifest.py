"""Vendored front-end files are pinned: a version in every folder name, a checksum per file.

A silently edited, added or removed vendor file fails here. After a deliberate upgrade (a new
folder `<name>-<version>/`), `make vendor-sums` rewrites the manifest.
"""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"
MANIFEST = VENDOR / "SHA256SUMS"
VERSIONED = re.compile(r"^[a-z][a-z0-9.\-]*-\d+(\.\d+)+$")


def manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text().splitlines():
        digest, path = line.split("  ", 1)
        entries[path] = digest
    return entries


def on_disk() -> set[str]:
    return {
        path.relative_to(VENDOR).as_posix()
        for path in VENDOR.rglob("*")
        if path.is_file() and path != MANIFEST
    }


def test_every_vendor_folder_carries_its_version():
    folders = {path.name for path in VENDOR.iterdir() if path.is_dir()}

    assert folders
    assert {name for name in folders if not VERSIONED.match(name)} == set()


def test_the_manifest_lists_exactly_the_vendored_files():
    assert set(manifest()) == on_disk()


def test_every_vendored_file_matches_its_checksum():
    changed = [
        path
        for path, digest in manifest().items()
        if hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() != digest
    ]

    assert changed == []


def test_the_trimmed_bootstrap_is_what_the_script_builds_from_the_sources():
    # scripts/trim_bootstrap.py keeps the rules whose classes the templates, the Python code or
    # portal.js use: a template that starts using a new Bootstrap class fails here until the
    # file is rebuilt (python scripts/trim_bootstrap.py; make vendor-sums).
    script = VENDOR.parents[1] / "scripts" / "trim_bootstrap.py"
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_trimmed_bootstrap_keeps_what_the_pages_use_and_drops_the_rest():
    trimmed = (VENDOR / "bootstrap-5.3.9" / "bootstrap.portal.min.css").read_text()

    for used in (".navbar-expand-xl", ".btn-primary", ".form-select", ".alert-danger", ".col-lg-9"):
        assert used in trimmed, used
    for unused in (".carousel-item", ".popover", ".offcanvas", "[data-bs-theme=dark]"):
        assert unused not in trimmed, unused
    assert len(trimmed) < 80_000
