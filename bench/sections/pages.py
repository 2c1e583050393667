"""Server time of every page, in-process (Django's test `Client` against the bench database):
p50/p95/max, SQL queries per request, and the SQL time share (time inside the database over
the whole request)."""

import statistics
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from bench.common import Targets, log, percentile, sql_timer
from bench.sections import Context, section

PAGE_P95_TARGET_MS = 50.0
STATS_P95_TARGET_MS = 100.0


@dataclass
class Page:
    key: str
    label: str
    user: str | None  # None: anonymous visitor; else an attribute of Targets ("busy_user_id")
    url: Callable[[Targets, int], str]
    target_ms: float = PAGE_P95_TARGET_MS


def _search(path: str, terms: str) -> Callable[[Targets, int], str]:
    def url(t: Targets, i: int) -> str:
        words = getattr(t, terms)
        return f"{path}?q={quote(words[i % len(words)]).replace('%20', '+')}"

    return url


# Other sections may append pages (e.g. a module of this package adding its own list page).
PAGES = [
    Page("directory_search", "Directory, text search", None, _search("/organizations/", "terms")),
    Page(
        "directory_search_cjk",
        "Directory, CJK text search",
        None,
        _search("/organizations/", "cjk_terms"),
    ),
    Page("directory_filters", "Directory, three filters", None, Targets.directory_filters),
    Page(
        "marketplace_search", "Marketplace, text search", None, _search("/opportunities/", "terms")
    ),
    Page(
        "marketplace_search_cjk",
        "Marketplace, CJK text search",
        None,
        _search("/opportunities/", "cjk_terms"),
    ),
    Page("marketplace_filters", "Marketplace, filters + sort", None, Targets.marketplace_filters),
    Page(
        "opportunity_page",
        "Opportunity page (member)",
        "member_user_id",
        lambda t, i: f"/opportunities/{t.opportunity_pks[i % len(t.opportunity_pks)]}/",
    ),
    Page(
        "organization_page",
        "Organization page (member)",
        "member_user_id",
        lambda t, i: f"/organizations/{t.organization_slugs[i % len(t.organization_slugs)]}/",
    ),
    Page("dashboard_member", "Dashboard, busy member", "busy_user_id", lambda t, i: "/dashboard/"),
    Page(
        "dashboard_staff", "Dashboard, cluster staff", "staff_user_id", lambda t, i: "/dashboard/"
    ),
    Page("stats", "Stats page", None, lambda t, i: "/stats/", STATS_P95_TARGET_MS),
    Page("home", "Home page", None, lambda t, i: "/"),
]


def page_client(user_id: int | None):
    """The test client a page is timed with (signed in as `user_id` when given)."""
    from django.test import Client

    from accounts.models import User

    client = Client()
    if user_id is not None:
        client.force_login(User.objects.get(pk=user_id))
    return client


# Measured again with the card cache (core/fragments.py) emptied before each request: the
# table's figures are a running portal's (popular rows' cards warm), these the worst case (after
# a deploy, or rows nobody read lately).
COLD_FRAGMENT_PAGES = ("directory_search", "marketplace_search")
COLD_FRAGMENTS = "cold_fragments"


def measure_page(
    page: Page, targets: Targets, requests: int, before_each: Callable[[], None] | None = None
) -> dict:
    """`before_each` runs before each timed request, outside its time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user_id = getattr(targets, page.user) if page.user else None
    if page.user and user_id is None:
        return {"label": page.label, "status": "missing", "error": f"no {page.user}"}
    client = page_client(user_id)

    def get(index: int):
        response = client.get(page.url(targets, index))
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        return response

    # Warm up (imports, template loading, connection), and look at the first answer.
    first = get(0)
    if first.status_code != 200:
        return {
            "label": page.label,
            "url": page.url(targets, 0),
            "status": "missing" if first.status_code == 404 else "error",
            "http_status": first.status_code,
        }
    for index in range(1, 6):
        get(index)
    queries = []
    for index in range(10):
        with CaptureQueriesContext(connection) as captured:
            get(index)
        queries.append(len(captured.captured_queries))
    times = []
    statuses: Counter = Counter()
    with sql_timer() as sql_spent:
        for index in range(requests):
            if before_each is not None:
                before_each()
            began = time.perf_counter()
            response = get(index)
            times.append((time.perf_counter() - began) * 1000)
            statuses[response.status_code] += 1
    p95 = percentile(times, 0.95)
    sql_ms = sum(sql_spent) * 1000
    return {
        "label": page.label,
        "url": page.url(targets, 0),
        "user": page.user or "anonymous",
        "status": "ok",
        "requests": requests,
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
        "sql_mean_ms": round(sql_ms / requests, 1),
        "sql_share": round(sql_ms / sum(times), 3),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "http_statuses": dict(statuses),
        "target_p95_ms": page.target_ms,
        "meets_target": p95 <= page.target_ms,
        "bytes": len(first.content),
        "headers": {
            name: first[name]
            for name in ("Cache-Control", "ETag", "Last-Modified", "Vary")
            if first.has_header(name)
        },
    }


def lines(results: dict) -> list[str]:
    out = [
        "| page | p50 ms | p95 ms | max ms | SQL share | queries | target p95 |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for key, result in results.items():
        if key == COLD_FRAGMENTS:
            continue
        if result.get("status") != "ok":
            detail = result.get("error") or f"HTTP {result.get('http_status', '?')}"
            out.append(f"| {result['label']} | {result.get('status')}: {detail} | | | | | |")
            continue
        queries = str(result["queries_max"])
        if result["queries_min"] != result["queries_max"]:
            queries = f"{result['queries_min']}–{result['queries_max']}"
        verdict = "met" if result["meets_target"] else "**missed**"
        out.append(
            f"| {result['label']} | {result['p50_ms']} | {result['p95_ms']} | {result['max_ms']} "
            f"| {result.get('sql_share', 0):.0%} | {queries} "
            f"| ≤ {result['target_p95_ms']:.0f} ms: {verdict} |"
        )
    cold = [
        result for result in results.get(COLD_FRAGMENTS, {}).values() if result["status"] == "ok"
    ]
    if cold:
        figures = "; ".join(
            f"{result['label']} p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms "
            f"(≤ {result['target_p95_ms']:.0f} ms: "
            f"{'met' if result['meets_target'] else '**missed**'})"
            for result in cold
        )
        out.append(
            f"\nCold fragments (the cards' cache emptied before each request; the table's "
            f"cards are warm, as a running portal's popular rows are): {figures}."
        )
    for english, cjk in (
        ("directory_search", "directory_search_cjk"),
        ("marketplace_search", "marketplace_search_cjk"),
    ):
        if all(results.get(key, {}).get("status") == "ok" for key in (english, cjk)):
            ratio = results[cjk]["p95_ms"] / results[english]["p95_ms"] - 1
            out.append(
                f"\n{results[cjk]['label']}: p95 {ratio:+.0%} against the English query "
                f"(target within +20 %): {'met' if ratio <= 0.2 else '**missed**'}."
            )
    return out


@section("pages", "Page server times", order=10, lines=lines)
def measure(ctx: Context) -> dict:
    from django.test.utils import override_settings

    only = {key.strip() for key in ctx.args.pages.split(",") if key.strip()}
    results = {}
    # Every request renders: the visitors' page cache (core/page_cache.py) is off here; the
    # load test measures it on.
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        return _measure_pages(ctx, only, results)


def _measure_pages(ctx: Context, only: set[str], results: dict) -> dict:
    from core.fragments import invalidate_fragments

    for page in PAGES:
        if only and page.key not in only:
            continue
        try:
            results[page.key] = measure_page(page, ctx.targets, ctx.args.requests)
        except Exception as error:
            traceback.print_exc()
            results[page.key] = {"label": page.label, "status": "error", "error": repr(error)}
        result = results[page.key]
        if result.get("status") == "ok":
            log(
                f"{page.label}: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
                f"max {result['max_ms']} ms, {result['queries_max']} queries, "
                f"SQL {result['sql_share']:.0%}"
            )
        else:
            log(f"{page.label}: {result.get('status')} {result.get('http_status', '')}")
    for page in PAGES:
        if page.key not in COLD_FRAGMENT_PAGES or results.get(page.key, {}).get("status") != "ok":
            continue
        cold = measure_page(page, ctx.targets, ctx.args.requests, before_each=invalidate_fragments)
        results.setdefault(COLD_FRAGMENTS, {})[page.key] = cold
        if cold.get("status") == "ok":
            log(
                f"{page.label}, cold fragments: p50 {cold['p50_ms']} ms, "
                f"p95 {cold['p95_ms']} ms, max {cold['max_ms']} ms"
            )
    return results
