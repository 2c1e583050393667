"""Markdown of `bench/results.json` for the README: `python -m bench.report`."""

import json
import os
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

RESULTS = Path(__file__).resolve().parent / "results.json"


def markdown(results: dict) -> str:
    from bench.run import report_lines

    return "\n".join(report_lines(results))


if __name__ == "__main__":
    print(markdown(json.loads(RESULTS.read_text())))
