"""What the cached figures cost to compute without the cache (what a request would pay if it
computed them after an expiry)."""

import statistics
import time

from bench.common import log
from bench.sections import Context, section

AGGREGATES = [
    ("home key figures", "home.selectors:compute_key_figures"),
    ("stats figures", "stats.selectors:compute_consortium_figures"),
]


def lines(results: dict) -> list[str]:
    return [
        f"- {label[0].upper()}{label[1:]} computed without the cache: {cold['median_ms']} ms."
        for label, cold in results.items()
        if isinstance(cold, dict) and "median_ms" in cold
    ]


@section("cold_aggregates", "Aggregates computed cold", order=40, lines=lines)
def measure(ctx: Context) -> dict:
    results = {}
    for label, path in AGGREGATES:
        module, name = path.split(":")
        try:
            compute = getattr(__import__(module, fromlist=[name]), name)
            times = []
            for _ in range(3):
                began = time.perf_counter()
                compute()
                times.append((time.perf_counter() - began) * 1000)
            results[label] = {"function": path, "median_ms": round(statistics.median(times), 1)}
            log(f"{label} (cold, uncached): {results[label]['median_ms']} ms")
        except Exception as error:
            results[label] = {"function": path, "error": repr(error)}
    return results
