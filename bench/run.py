"""`make bench`: build the consortium-scale dataset, measure the portal on it, print a table and
write `bench/results.json`.

    python -m bench.run                     # everything (about 5 minutes on 2 cores)
    python -m bench.run --skip-build        # re-measure the existing wlscc_bench database
    python -m bench.run --scale 0.1 --requests 50 --load-seconds 5   # a quick smoke run

Server times are measured in-process with Django's test `Client` against the bench database
(bench settings: DEBUG off, manifest static files, Redis cache), queries per request with
`CaptureQueriesContext`. The load test runs gunicorn (`wlscc.wsgi`, as deployed) and a bounded
headless locust on 127.0.0.1.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
RESULTS = BENCH_DIR / "results.json"
VENV_BIN = Path(sys.executable).parent

# Targets from the issue (milliseconds).
PAGE_P95_TARGET_MS = 50.0
STATS_P95_TARGET_MS = 100.0
MATCHING_TARGET_MS = 200.0
MATCHING_MIN_RATIO = 20.0
LOAD_P95_TARGET_MS = 150.0


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- What to request ------------------------------------------------------------------------
@dataclass
class Targets:
    """URLs and users drawn from the bench database (so every request hits a real object)."""

    terms: list[str]
    cjk_terms: list[str]
    cluster_slugs: list[str]
    countries: list[str]
    kinds: list[str]
    area_slugs: list[str]
    opportunity_types: list[str]
    stages: list[str]
    collaborations: list[str]
    opportunity_pks: list[int]
    organization_slugs: list[str]
    busy_user_id: int
    staff_user_id: int
    member_user_id: int
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def directory_filters(self, index: int) -> str:
        rng = random.Random(index)
        return (
            f"/organizations/?cluster={rng.choice(self.cluster_slugs)}"
            f"&kind={rng.choice(self.kinds)}&area={rng.choice(self.area_slugs)}"
        )

    def marketplace_filters(self, index: int) -> str:
        rng = random.Random(index)
        return (
            f"/opportunities/?type={rng.choice(self.opportunity_types)}"
            f"&area={rng.choice(self.area_slugs)}&country={rng.choice(self.countries)}"
            f"&sort={rng.choice(['newest', 'closing'])}"
        )


def load_targets() -> Targets:
    from django.db.models import Count

    from bench import vocab
    from bench.build_dataset import BUSY_ORG_ID
    from clusters.models import Cluster, ClusterStaff, TechnologyArea
    from opportunities.models import (
        CollaborationType,
        DevelopmentStage,
        Opportunity,
        OpportunityStatus,
        OpportunityType,
    )
    from partners.models import Membership, Organization, OrganizationKind

    rng = random.Random(11)
    published = list(
        Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED, is_anonymous=False)
        .order_by("?")
        .values_list("pk", flat=True)[:400]
    )
    organizations = list(
        Organization.objects.filter(is_active=True, is_verified=True)
        .order_by("?")
        .values_list("slug", flat=True)[:400]
    )
    busy = (
        Membership.objects.filter(organization_id=BUSY_ORG_ID, role="admin")
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    biggest_cluster = (
        Cluster.objects.annotate(n=Count("organizations")).order_by("-n").values("pk").first()
    )
    staff = (
        ClusterStaff.objects.filter(cluster_id=biggest_cluster["pk"])
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    member = (
        Membership.objects.exclude(organization_id=BUSY_ORG_ID)
        .exclude(user_id=busy)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    countries = sorted({str(c) for c in Cluster.objects.values_list("country", flat=True)})
    return Targets(
        terms=list(vocab.SEARCH_TERMS),
        cjk_terms=list(vocab.CJK_SEARCH_TERMS),
        cluster_slugs=list(Cluster.objects.values_list("slug", flat=True)),
        countries=countries,
        kinds=list(OrganizationKind.values),
        area_slugs=list(TechnologyArea.objects.values_list("slug", flat=True)),
        opportunity_types=list(OpportunityType.values),
        stages=list(DevelopmentStage.values),
        collaborations=list(CollaborationType.values),
        opportunity_pks=published,
        organization_slugs=organizations,
        busy_user_id=busy,
        staff_user_id=staff,
        member_user_id=member,
        rng=rng,
    )


@dataclass
class Page:
    key: str
    label: str
    user: str | None  # None: anonymous visitor; else an attribute of Targets ("busy_user_id")
    url: Callable[[Targets, int], str]
    target_ms: float = PAGE_P95_TARGET_MS


PAGES = [
    Page(
        "directory_search",
        "Directory, text search",
        None,
        lambda t, i: f"/organizations/?q={t.terms[i % len(t.terms)].replace(' ', '+')}",
    ),
    Page(
        "directory_search_cjk",
        "Directory, CJK text search",
        None,
        lambda t, i: f"/organizations/?q={quote(t.cjk_terms[i % len(t.cjk_terms)])}",
    ),
    Page("directory_filters", "Directory, three filters", None, Targets.directory_filters),
    Page(
        "marketplace_search",
        "Marketplace, text search",
        None,
        lambda t, i: f"/opportunities/?q={t.terms[i % len(t.terms)].replace(' ', '+')}",
    ),
    Page(
        "marketplace_search_cjk",
        "Marketplace, CJK text search",
        None,
        lambda t, i: f"/opportunities/?q={quote(t.cjk_terms[i % len(t.cjk_terms)])}",
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


# --- Measuring ------------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def clear_cache() -> None:
    """Empty the bench's own cache keys (its KEY_PREFIX), never the whole Redis."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


def measure_page(page: Page, targets: Targets, requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    user_id = getattr(targets, page.user) if page.user else None
    if page.user:
        if user_id is None:
            return {"label": page.label, "status": "missing", "error": f"no {page.user}"}
        client.force_login(User.objects.get(pk=user_id))

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
    for index in range(requests):
        began = time.perf_counter()
        response = get(index)
        times.append((time.perf_counter() - began) * 1000)
        statuses[response.status_code] += 1
    p95 = percentile(times, 0.95)
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


def measure_pages(targets: Targets, requests: int, only: set[str] | None) -> dict:
    results = {}
    for page in PAGES:
        if only and page.key not in only:
            continue
        try:
            results[page.key] = measure_page(page, targets, requests)
        except Exception as error:
            traceback.print_exc()
            results[page.key] = {"label": page.label, "status": "error", "error": repr(error)}
        result = results[page.key]
        if result.get("status") == "ok":
            log(
                f"{page.label}: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
                f"max {result['max_ms']} ms, {result['queries_max']} queries"
            )
        else:
            log(f"{page.label}: {result.get('status')} {result.get('http_status', '')}")
    return results


def measure_matching(targets: Targets) -> dict:
    try:
        from bench import matching_data
    except ImportError:
        return {"status": "missing", "error": "the matching engine has not landed yet"}
    try:
        return matching_data.measure_matching(targets)
    except Exception as error:
        traceback.print_exc()
        return {"status": "error", "error": repr(error)}


def measure_digests() -> dict:
    try:
        from bench import matching_data
    except ImportError:
        return {"status": "missing", "error": "digests have not landed yet"}
    try:
        return matching_data.measure_digests()
    except Exception as error:
        traceback.print_exc()
        return {"status": "error", "error": repr(error)}


def measure_cold_aggregates() -> dict:
    """What the cached figures cost to compute: paid by one request when the cache expires."""
    results = {}
    for label, path in [
        ("home key figures", "home.selectors:compute_key_figures"),
        ("stats figures", "stats.selectors:compute_consortium_figures"),
    ]:
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


# --- Load test ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> bool:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def write_locust_targets(targets: Targets) -> Path:
    """The URLs the locust users pick from (public read pages only, as a visitor)."""
    urls = {
        "home": ["/"],
        "clusters": ["/clusters/"] + [f"/clusters/{slug}/" for slug in targets.cluster_slugs],
        "directory_search": [
            f"/organizations/?q={term.replace(' ', '+')}" for term in targets.terms
        ],
        "directory_filters": [targets.directory_filters(i) for i in range(50)],
        "marketplace_search": [
            f"/opportunities/?q={term.replace(' ', '+')}" for term in targets.terms
        ],
        "marketplace_filters": [targets.marketplace_filters(i) for i in range(50)],
        "opportunity_page": [f"/opportunities/{pk}/" for pk in targets.opportunity_pks],
        "organization_page": [f"/organizations/{slug}/" for slug in targets.organization_slugs],
        "stats": ["/stats/"],
    }
    from django.test import Client

    client = Client()
    available = {}
    for name, group in urls.items():
        try:
            if group and client.get(group[0]).status_code == 200:
                available[name] = group
        except Exception as error:
            log(f"load test leaves out {name}: {error!r}")
    path = OUT_DIR / "locust_targets.json"
    path.write_text(json.dumps(available))
    return path


def run_locust(host: str, users: int, seconds: int, targets_file: Path) -> dict:
    prefix = OUT_DIR / f"locust_{users}u"
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(BENCH_DIR / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "BENCH_LOCUST_TARGETS": str(targets_file)}
    subprocess.run(  # noqa: S603 - our own venv's locust, fixed arguments
        command, env=env, cwd=ROOT, check=False, capture_output=True, timeout=seconds + 60
    )
    import csv

    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        return {"users": users, "status": "error", "error": "locust wrote no statistics"}
    with stats_file.open() as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    per_page = {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p95_ms": float(row["95%"] or 0),
        }
        for row in rows
        if row["Name"] != "Aggregated"
    }
    return {
        "users": users,
        "status": "ok",
        "seconds": seconds,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"] or 0),
        "p95_ms": float(total["95%"] or 0),
        "max_ms": round(float(total["Max Response Time"] or 0), 1),
        "pages": per_page,
    }


def load_test(targets: Targets, user_steps: list[int], seconds: int, workers: int) -> dict:
    if not (VENV_BIN / "locust").exists():
        return {"status": "missing", "error": "locust is not installed (pip install '.[bench]')"}
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    targets_file = write_locust_targets(targets)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    log_file = (OUT_DIR / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        [
            str(VENV_BIN / "gunicorn"),
            "wlscc.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--max-requests",
            "0",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    steps = []
    try:
        if not wait_for(f"{host}/healthz"):
            return {"status": "error", "error": "gunicorn did not answer /healthz"}
        # Warm every worker (imports, templates, connections, caches).
        run_locust(host, workers * 2, 5, targets_file)
        for users in user_steps:
            result = run_locust(host, users, seconds, targets_file)
            steps.append(result)
            if result.get("status") == "ok":
                log(
                    f"load, {users} users: {result['rps']} req/s, p95 {result['p95_ms']} ms, "
                    f"{result['errors']} errors"
                )
        headers = http_headers(host, targets)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log_file.close()
    good = [
        step
        for step in steps
        if step.get("status") == "ok"
        and step["errors"] == 0
        and step["p95_ms"] <= LOAD_P95_TARGET_MS
    ]
    best = max(good, key=lambda step: step["rps"]) if good else None
    return {
        "status": "ok",
        "server": f"gunicorn wlscc.wsgi, {workers} sync workers, bench settings",
        "client": "locust headless (FastHttpUser, no think time), same machine",
        "steps": steps,
        "best_sustainable": best,
        "meets_target": best is not None,
        "headers": headers,
    }


def http_headers(host: str, targets: Targets) -> dict:
    """Caching headers of a public page and of a static file, as served by gunicorn."""
    import re
    import urllib.request

    found = {}
    with urllib.request.urlopen(f"{host}/", timeout=5) as response:  # noqa: S310 - loopback
        body = response.read().decode("utf-8", "replace")
        found["home"] = {
            name: response.headers[name]
            for name in ("Cache-Control", "ETag", "Last-Modified", "Vary")
            if response.headers.get(name)
        }
    match = re.search(r'href="(/static/[^"]+\.css)"', body)
    if match:
        static_url = host + match.group(1)
        request = urllib.request.Request(static_url, headers={"Accept-Encoding": "gzip, br"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            found["static"] = {
                "path": match.group(1),
                **{
                    name: response.headers[name]
                    for name in ("Cache-Control", "Content-Encoding", "Vary")
                    if response.headers.get(name)
                },
            }
    return found


# --- Report ---------------------------------------------------------------------------------
def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    return {
        "load_average_1_5_15": [round(value, 2) for value in os.getloadavg()],
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "postgres": postgres,
        "platform": platform.platform(),
    }


def print_table(results: dict) -> None:
    lines = []
    build = results.get("build") or {}
    if build:
        lines.append(f"Dataset built in {build.get('seconds')} s: " + ", ".join(
            f"{name} {count:,}" for name, count in build.get("rows", {}).items()
        ))  # fmt: skip
    lines.append("")
    header = f"{'page':<32} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>8}  target"
    lines += [header, "-" * len(header)]
    for result in results.get("pages", {}).values():
        if result.get("status") != "ok":
            detail = result.get("error") or f"HTTP {result.get('http_status', '?')}"
            lines.append(f"{result['label']:<32} {result['status'].upper():>7}  {detail}")
            continue
        queries = (
            str(result["queries_max"])
            if result["queries_min"] == result["queries_max"]
            else f"{result['queries_min']}-{result['queries_max']}"
        )
        verdict = "ok" if result["meets_target"] else "MISS"
        lines.append(
            f"{result['label']:<32} {result['p50_ms']:>7.1f} {result['p95_ms']:>7.1f} "
            f"{result['max_ms']:>7.1f} {queries:>8}  ≤{result['target_p95_ms']:.0f} ms {verdict}"
        )
    lines.append(f"(server time in ms over {results.get('requests')} requests each)")
    pages = results.get("pages", {})
    for english, cjk in (
        ("directory_search", "directory_search_cjk"),
        ("marketplace_search", "marketplace_search_cjk"),
    ):
        measured = [pages.get(key, {}).get("status") for key in (english, cjk)]
        if measured == ["ok", "ok"]:
            ratio = pages[cjk]["p95_ms"] / pages[english]["p95_ms"] - 1
            lines.append(
                f"{pages[cjk]['label']}: p95 {ratio:+.0%} against the English query "
                f"(target within +20%) [{'ok' if ratio <= 0.2 else 'MISS'}]"
            )
    lines.append("")
    matching = results.get("matching") or {}
    if matching.get("status") == "ok":
        lines.append(
            f"Matching 1 opportunity vs {matching['alerts']:,} alerts and "
            f"{matching['organizations']:,} organizations: {matching['set_based_ms']:.1f} ms "
            f"(median of {matching['runs']}), {matching['alert_matches']:,} alert matches, "
            f"{matching['organization_matches']:,} organization matches; naive Python loop "
            f"over the alerts {matching['naive_ms']:.0f} ms ({matching['naive_alert_matches']:,} "
            f"matches): {matching['ratio']:.0f}× faster "
            f"[{'ok' if matching['meets_target'] else 'MISS'}]"
        )
        if "cjk_set_based_ms" in matching:
            lines.append(
                f"Matching the same offer written in Chinese ({matching['cjk_keyword_alerts']:,} "
                f"alerts with CJK keywords): {matching['cjk_set_based_ms']:.1f} ms, "
                f"{matching['cjk_alert_matches']:,} alert matches, "
                f"{matching['cjk_organization_matches']:,} organization matches: "
                f"{matching['cjk_added_share']:+.0%} against English (target ≤ +10%) "
                f"[{'ok' if matching['cjk_added_share'] <= 0.1 else 'MISS'}]"
            )
    else:
        lines.append(f"Matching: {matching.get('status', 'not run')} {matching.get('error', '')}")
    digests = results.get("digests") or {}
    if digests.get("status") == "ok":
        lines.append(
            f"Daily digests: {digests['digests']:,} digests for {digests['recipients']:,} users "
            f"({digests['notifications']:,} notifications) in {digests['seconds']:.1f} s"
            + ("" if digests.get("complete", True) else " (stopped at the time budget)")
        )
    else:
        lines.append(f"Digests: {digests.get('status', 'not run')} {digests.get('error', '')}")
    load = results.get("load") or {}
    if load.get("status") == "ok":
        for step in load["steps"]:
            if step.get("status") != "ok":
                lines.append(f"Load {step['users']} users: {step.get('error')}")
                continue
            lines.append(
                f"Load, {step['users']:>2} users for {step['seconds']} s: {step['rps']:>6.1f} "
                f"req/s, p50 {step['p50_ms']:.0f} ms, p95 {step['p95_ms']:.0f} ms, "
                f"{step['errors']} errors"
            )
        best = load.get("best_sustainable")
        lines.append(
            f"Highest sustainable (0 errors, p95 ≤ {LOAD_P95_TARGET_MS:.0f} ms): "
            + (f"{best['rps']} req/s at {best['users']} users" if best else "none (MISS)")
        )
    else:
        lines.append(f"Load test: {load.get('status', 'not run')} {load.get('error', '')}")
    lines.append(f"Total {results.get('total_seconds')} s. Results in {RESULTS.relative_to(ROOT)}")
    print("\n" + "\n".join(lines), flush=True)


def collectstatic() -> str:
    """Hashed, compressed static files (skipped when nothing changed since the last run)."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [Path(d) for d in settings.STATICFILES_DIRS]
    newest = max(
        (p.stat().st_mtime for d in sources for p in d.rglob("*") if p.is_file()), default=0
    )
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return "up to date"
    began = time.perf_counter()
    call_command("collectstatic", "--noinput", "-v0")
    return f"in {time.perf_counter() - began:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the bench dataset and measure the portal.")
    parser.add_argument("--skip-build", action="store_true", help="reuse the wlscc_bench database")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--pages", default="", help="comma-separated page keys to measure")
    parser.add_argument("--load-users", default="2,4,8", help="locust user counts, in steps")
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    OUT_DIR.mkdir(exist_ok=True)
    results: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "requests": args.requests,
    }
    if not args.skip_build:
        from bench.build_dataset import build

        results["build"] = build(scale=args.scale)
    import django

    django.setup()
    results["machine"] = machine()
    log(f"collectstatic {collectstatic()}")
    clear_cache()
    targets = load_targets()
    only = {key.strip() for key in args.pages.split(",") if key.strip()} or None
    results["pages"] = measure_pages(targets, args.requests, only)
    if not only:
        results["matching"] = measure_matching(targets)
        results["digests"] = measure_digests()
        results["cold_aggregates"] = measure_cold_aggregates()
    if not args.no_load and not only:
        steps = [int(users) for users in args.load_users.split(",") if users.strip()]
        results["load"] = load_test(targets, steps, args.load_seconds, args.workers)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results)
    shutil.rmtree(OUT_DIR / "media", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
