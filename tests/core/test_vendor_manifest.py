"""Vendored front-end files are pinned: a version in every folder name, a checksum per file.

A silently edited, added or removed vendor file fails here. After a deliberate upgrade (a new
folder `<name>-<version>/`), `make vendor-sums` rewrites the manifest.
"""

import hashlib
import re
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
