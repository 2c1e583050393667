"""What the browser pays: Lighthouse on the key pages of the bench database (issue 17's target:
performance >= 95, accessibility, best practices and SEO 100).

The pinned Lighthouse 12.2.3 of `make scan` (scan/package-lock.json, `npm ci` in scan/) with
Debian's Chromium, its default mobile emulation and throttling, against gunicorn with the bench
settings (production settings: DEBUG off, hashed and compressed static files served by
WhiteNoise), as a visitor. Every request stays on 127.0.0.1 (the scan's dead proxy for any
other host). Each page is requested once before Lighthouse, as the visitors before it would
have: Lighthouse measures the browser's cost, not a cold server.

    python -m bench.run --skip-build --only lighthouse     # alone, on the existing database
"""

import json
import os
import subprocess
import urllib.request
from pathlib import Path

from bench.common import log
from bench.sections import Context, section
from scan.run import (
    LIGHTHOUSE,
    LIGHTHOUSE_CATEGORIES,
    free_port,
    run_lighthouse,
    start_portal,
    stop_portal,
    wait_for,
)

ROOT = Path(__file__).resolve().parent.parent.parent
OUT_DIR = ROOT / "bench" / "out"

PAGES = {
    "home": "/",
    "directory": "/organizations/",
    "marketplace": "/opportunities/",
    "statistics": "/stats/",
}
PERFORMANCE_TARGET = 95
OTHER_TARGET = 100


def meets(scores: dict[str, int]) -> bool:
    return scores["performance"] >= PERFORMANCE_TARGET and all(
        scores[category] >= OTHER_TARGET
        for category in LIGHTHOUSE_CATEGORIES
        if category != "performance"
    )


def measure(pages: dict[str, str] = PAGES) -> dict:
    """Lighthouse scores per page (static files must be collected: bench.run does it)."""
    if not LIGHTHOUSE.exists():
        return {"status": "missing", "error": "Lighthouse is missing: `npm ci` in scan/"}
    OUT_DIR.mkdir(exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = start_portal(port, environment, OUT_DIR / "gunicorn-lighthouse.log")
    try:
        if not wait_for(f"{base}/healthz"):
            return {"status": "error", "error": "gunicorn did not answer /healthz"}
        for path in pages.values():
            with urllib.request.urlopen(base + path, timeout=30):  # noqa: S310 - loopback
                pass
        scores = run_lighthouse(base, pages=pages, out=OUT_DIR)
    except (subprocess.SubprocessError, OSError, json.JSONDecodeError) as error:
        return {"status": "error", "error": str(error)}
    finally:
        stop_portal(server)
    return {
        "status": "ok",
        "tool": "Lighthouse 12.2.3, Debian's Chromium, mobile emulation and throttling",
        "pages": {
            name: {**page_scores, "meets_target": meets(page_scores)}
            for name, page_scores in scores.items()
        },
        "meets_target": all(meets(page_scores) for page_scores in scores.values()),
    }


def lines(result: dict) -> list[str]:
    out = [
        f"Lighthouse 12.2.3 (Debian's Chromium, mobile emulation and throttling; target: "
        f"performance ≥ {PERFORMANCE_TARGET}, accessibility, best practices and SEO "
        f"{OTHER_TARGET}), as a visitor, bench settings:",
        "",
        "| page | performance | accessibility | best practices | SEO | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, scores in result.get("pages", {}).items():
        cells = [PAGES.get(name, name), *(str(scores[k]) for k in LIGHTHOUSE_CATEGORIES)]
        cells.append("met" if scores["meets_target"] else "**missed**")
        out.append("| " + " | ".join(cells) + " |")
    return out


@section("lighthouse", "What the browser pays (Lighthouse)", order=95, lines=lines)
def run(ctx: Context) -> dict:
    result = measure()
    for name, scores in result.get("pages", {}).items():
        log(
            f"Lighthouse {PAGES[name]}: "
            + ", ".join(f"{k} {scores[k]}" for k in LIGHTHOUSE_CATEGORIES)
        )
    return result
