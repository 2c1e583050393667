"""The cached aggregates: what each costs to compute (paid by the beat task, every minute), and
the first request after a refresh against the others (no request computes a cold aggregate).
For contrast, the first request after the value is gone (cache emptied: an outage, or beat
stopped for three minutes) pays the computation."""

import statistics
import time

from bench.common import log
from bench.sections import Context, section

PAGES = [("home", "/"), ("stats", "/stats/")]
RUNS = 15


def _time(client, url: str) -> float:
    began = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - began) * 1000


def lines(result: dict) -> list[str]:
    out = []
    for key, spent in result.get("refresh_ms", {}).items():
        out.append(f"- Beat refresh of `{key}`: {spent} ms (every minute, in the worker).")
    for name, page in result.get("pages", {}).items():
        out.append(
            f"- {name}: median {page['median_ms']} ms; first request after the beat refresh "
            f"**{page['after_refresh_ms']} ms** ({'as fast' if page['as_fast'] else '**slower**'}"
            f"); first request after the value is gone (no beat, or a cache outage) "
            f"{page['after_loss_ms']} ms."
        )
    return out


@section("aggregates", "Cached aggregates and their refresh", order=40, lines=lines)
def measure(ctx: Context) -> dict:
    from django.test.utils import override_settings

    # The pages render (the visitors' page cache would answer before any aggregate is read).
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        return _measure()


def _measure() -> dict:
    from django.test import Client

    from core.caching import AGGREGATES, aggregates_refresh

    client = Client()
    result: dict = {"refresh_ms": aggregates_refresh()}
    for key, spent in result["refresh_ms"].items():
        log(f"refresh {key}: {spent} ms")
    result["pages"] = {}
    for name, url in PAGES:
        _time(client, url)
        times = [_time(client, url) for _ in range(RUNS)]
        median = statistics.median(times)
        aggregates_refresh()  # the beat's tick: the values are replaced, never expire
        after_refresh = _time(client, url)
        for aggregate in AGGREGATES.values():
            aggregate_cache_delete(aggregate.key)
        after_loss = _time(client, url)
        aggregates_refresh()
        result["pages"][name] = {
            "median_ms": round(median, 1),
            "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1),
            "after_refresh_ms": round(after_refresh, 1),
            "after_loss_ms": round(after_loss, 1),
            # within the spread of the ordinary requests
            "as_fast": after_refresh <= max(times) * 1.2,
        }
        log(
            f"{name}: median {median:.1f} ms, after the refresh {after_refresh:.1f} ms, "
            f"after the value is gone {after_loss:.1f} ms"
        )
    return result


def aggregate_cache_delete(key: str) -> None:
    from django.core.cache import cache

    cache.delete(key)
