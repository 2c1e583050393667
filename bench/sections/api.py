"""The REST API at bench scale (issue 21's targets): every list endpoint at 100 items per page,
p95 ≤ 30 ms with the same number of queries on every page, and a full incremental sync of the
biggest cluster's organizations (every page of 500 plus the removed list) ≤ 10 s per 5,000.

In-process, like the pages section (Django's test `Client` on the bench database). The keys it
uses (a cluster key of the biggest cluster's staff member, an organization key of the busy
organization's admin) are created through `api.services.api_key_create` inside a transaction
that is rolled back at the end: the bench database is left as it was. The rate limit is lifted
for the run.
"""

import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.common import Targets, log, percentile
from bench.sections import Context, section

API_P95_TARGET_MS = 30.0
PAGE_SIZE = 100
PAGES_WALKED = 20  # the first pages of each list, requested in turn (cursor pages, not page 1)
SYNC_PAGE_SIZE = 500
SYNC_TARGET_SECONDS = 10.0
SYNC_TARGET_ROWS = 5000


@dataclass
class Endpoint:
    key: str
    label: str
    holder: str | None  # None: no key (a visitor); "cluster" or "organization": that key
    path: str


ENDPOINTS = [
    Endpoint("clusters", "Clusters", None, "/api/v1/clusters/"),
    Endpoint("technology_areas", "Technology areas", None, "/api/v1/technology-areas/"),
    Endpoint("organizations_visitor", "Organizations, visitor", None, "/api/v1/organizations/"),
    Endpoint(
        "organizations_cluster", "Organizations, cluster key", "cluster", "/api/v1/organizations/"
    ),
    Endpoint("opportunities_visitor", "Opportunities, visitor", None, "/api/v1/opportunities/"),
    Endpoint(
        "opportunities_organization",
        "Opportunities, organization key",
        "organization",
        "/api/v1/opportunities/",
    ),
    Endpoint("interests", "Interests, organization key", "organization", "/api/v1/interests/"),
    Endpoint("events", "Events, visitor", None, "/api/v1/events/"),
    Endpoint("meetings", "Meetings, cluster key", "cluster", "/api/v1/meetings/"),
]


@contextmanager
def _rolled_back() -> Iterator[None]:
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _keys(targets: Targets) -> dict:
    """(client headers, cluster slug) per holder, from keys made through the service."""
    from accounts.models import User
    from api.services import api_key_create
    from bench.build_dataset import BUSY_ORG_ID
    from clusters.models import ClusterStaff
    from partners.models import Organization

    staff = User.objects.get(pk=targets.staff_user_id)
    cluster = ClusterStaff.objects.select_related("cluster").get(user=staff).cluster
    _key, cluster_token = api_key_create(actor=staff, name="bench CRM", cluster=cluster)
    busy_admin = User.objects.get(pk=targets.busy_user_id)
    organization = Organization.objects.get(pk=BUSY_ORG_ID)
    _key, organization_token = api_key_create(
        actor=busy_admin, name="bench website", organization=organization
    )
    return {
        None: {},
        "cluster": {"Authorization": f"Bearer {cluster_token}"},
        "organization": {"Authorization": f"Bearer {organization_token}"},
        "cluster_slug": cluster.slug,
    }


def _page_urls(client, headers: dict, path: str) -> list[str]:
    """The first PAGES_WALKED pages of a list, by following `next`."""
    urls, url = [], f"{path}?page_size={PAGE_SIZE}"
    while url and len(urls) < PAGES_WALKED:
        urls.append(url)
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        url = response.json()["next"]
    return urls


def measure_endpoint(endpoint: Endpoint, keys: dict, requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, headers = Client(), keys[endpoint.holder]
    urls = _page_urls(client, headers, endpoint.path)
    rows = len(client.get(urls[0], headers=headers).json()["results"])
    queries = []
    for url in urls:  # every page walked, once: the count must not depend on the page
        with CaptureQueriesContext(connection) as captured:
            client.get(url, headers=headers)
        queries.append(len(captured.captured_queries))
    times, cpu = [], []
    for index in range(requests):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(urls[index % len(urls)], headers=headers)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{urls[index % len(urls)]}: HTTP {response.status_code}")
    p95 = percentile(times, 0.95)
    return {
        "label": endpoint.label,
        "status": "ok",
        "path": endpoint.path,
        "rows_per_page": rows,
        "pages_walked": len(urls),
        "requests": requests,
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(times), 1),
        # The web process's own CPU time (not the database's): what a busy machine inflates
        # least, beside the wall-clock times above.
        "cpu_p50_ms": round(percentile(cpu, 0.50), 1),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "target_p95_ms": API_P95_TARGET_MS,
        "meets_target": p95 <= API_P95_TARGET_MS and min(queries) == max(queries),
    }


def measure_sync(keys: dict) -> dict:
    """The CRM's first run: every organization of its cluster since 1970, then the removed."""
    from django.test import Client

    client, headers = Client(), keys["cluster"]
    since = "1970-01-01T00:00:00Z"
    url = (
        f"/api/v1/organizations/?cluster={keys['cluster_slug']}"
        f"&modified_since={since}&page_size={SYNC_PAGE_SIZE}"
    )
    rows = pages = 0
    began = time.perf_counter()
    while url:
        body = client.get(url, headers=headers).json()
        rows += len(body["results"])
        pages += 1
        url = body["next"]
    removed = client.get(f"/api/v1/organizations/removed/?modified_since={since}", headers=headers)
    seconds = time.perf_counter() - began
    per_target = seconds * SYNC_TARGET_ROWS / rows if rows else None
    return {
        "status": "ok",
        "cluster": keys["cluster_slug"],
        "rows": rows,
        "pages": pages,
        "removed_rows": len(removed.json()["results"]),
        "seconds": round(seconds, 2),
        "seconds_per_5000": round(per_target, 2) if per_target is not None else None,
        "target_seconds": SYNC_TARGET_SECONDS,
        "meets_target": per_target is not None and per_target <= SYNC_TARGET_SECONDS,
    }


def lines(results: dict) -> list[str]:
    out = [
        "| API list (100 per page) | p50 ms | p95 ms | max ms | CPU p50/p95 ms | queries "
        "| target p95 |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for key, result in results.items():
        if key == "sync":
            continue
        if result.get("status") != "ok":
            out.append(f"| {result.get('label', key)} | {result.get('error', 'error')} | | | | | |")
            continue
        queries = str(result["queries_max"])
        if result["queries_min"] != result["queries_max"]:
            queries = f"**{result['queries_min']}–{result['queries_max']}**"
        verdict = "met" if result["meets_target"] else "**missed**"
        out.append(
            f"| {result['label']} ({result['rows_per_page']} rows) | {result['p50_ms']} "
            f"| {result['p95_ms']} | {result['max_ms']} "
            f"| {result['cpu_p50_ms']}/{result['cpu_p95_ms']} | {queries} "
            f"| ≤ {result['target_p95_ms']:.0f} ms: {verdict} |"
        )
    sync = results.get("sync", {})
    if sync.get("status") == "ok":
        verdict = "met" if sync["meets_target"] else "**missed**"
        out.append(
            f"\nFull incremental sync of cluster {sync['cluster']}: {sync['rows']} organizations "
            f"in {sync['pages']} pages of {SYNC_PAGE_SIZE} plus the removed list, "
            f"{sync['seconds']} s ({sync['seconds_per_5000']} s per 5,000; target ≤ "
            f"{sync['target_seconds']:.0f} s: {verdict})."
        )
    elif sync:
        out.append(f"\nFull incremental sync: {sync.get('error')}")
    return out


@section("api", "REST API lists and sync", order=35, lines=lines)
def measure(ctx: Context) -> dict:
    from django.test import override_settings

    results: dict = {}
    with override_settings(API_RATE_LIMIT="1000000/min"), _rolled_back():
        keys = _keys(ctx.targets)
        for endpoint in ENDPOINTS:
            try:
                results[endpoint.key] = measure_endpoint(endpoint, keys, ctx.args.requests)
            except Exception as error:
                traceback.print_exc()
                results[endpoint.key] = {
                    "label": endpoint.label,
                    "status": "error",
                    "error": repr(error),
                }
                continue
            result = results[endpoint.key]
            log(
                f"API {endpoint.label}: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
                f"{result['queries_min']}–{result['queries_max']} queries, "
                f"{result['rows_per_page']} rows"
            )
        try:
            results["sync"] = measure_sync(keys)
            log(
                f"API sync: {results['sync']['rows']} organizations in "
                f"{results['sync']['seconds']} s"
            )
        except Exception as error:
            traceback.print_exc()
            results["sync"] = {"status": "error", "error": repr(error)}
    return results
