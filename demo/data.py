"""The demo's literal data: one JSON file per domain in `demo/data/`, read as it is written."""

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def load(domain: str) -> dict[str, Any]:
    """The contents of `demo/data/<domain>.json` (a fresh copy: callers may change it)."""
    with (DATA_DIR / f"{domain}.json").open(encoding="utf-8") as file:
        return json.load(file)
