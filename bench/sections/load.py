"""Load test: gunicorn as deployed (`wlscc/gunicorn.conf.py`: gthread, one process per core) and
a bounded headless locust on 127.0.0.1, visitors and signed-in members in the same run
(bench/locustfile.py), in steps of more users; the best step meeting both targets is reported.

The steps without think time measure capacity: every user asks again as soon as it is answered,
so visitors and members share the cores in the ratio of their numbers (visitors' cached pages
are cheap, so they take most of the requests). The last, paced step measures the targets
themselves: its visitors together offer the visitor target's 150 requests/s and its members the
member target's 40, with 5 % to spare (locust's constant_throughput per user), as a real
portal's traffic arrives whatever the server's speed; a server too slow for that rate falls
short of it (a user waits for its answer before asking again) and its p95 grows.

Each step starts from the same page cache: the steady state of a portal serving the target's
150 visitor requests/s since its last listing change (every stored page retired, then each of
the visitors' URLs stored with the share of time it stays stored at that rate, a seeded draw:
steady_state_pages), then an unmeasured warm-up (--load-warmup seconds, the same users and the
same traffic: workers, connections and templates warm), then the measured period, whose hit
rate is printed beside the model's steady-state rate at the measured visitor rate. Each step
also reports the CPU milliseconds per request of the web server, of the bench database's
Postgres backends and of locust itself (from /proc, over the measured period), and the
machine's load average: on a shared machine they compare configurations better than the rates
do."""

import contextlib
import json
import os
import random
import runpy
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from bench.common import Targets, log
from bench.sections import Context, section

BENCH_DIR = Path(__file__).resolve().parent.parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
VENV_BIN = Path(sys.executable).parent

VISITOR_TARGET = {"rps": 150.0, "p95_ms": 150.0}
MEMBER_TARGET = {"rps": 40.0, "p95_ms": 250.0}
# (visitors, members, paced) per step; a paced step's users together offer the targets' rates,
# each a share small enough (8 visitor and 2 member requests a second) that a slow answer
# does not hold back its next request: the rate offered stays the rate of the traffic.
DEFAULT_STEPS = [(4, 2, False), (8, 4, False), (12, 6, False), (20, 20, True)]
# A paced step offers its targets' rates and this much more, so that the measured rate (over
# a period whose ends cut requests in two) is not a hair below the target by arithmetic alone.
PACE_MARGIN = 1.05
MEMBER_SESSIONS = 60
# How often a visitor opens each kind of page, relative to the others (bench/locustfile.py
# reads them from the targets file).
VISITOR_WEIGHTS = {
    "home": 2,
    "clusters": 1,
    "directory_search": 3,
    "directory_filters": 2,
    "marketplace_search": 3,
    "marketplace_filters": 2,
    "opportunity_page": 4,
    "organization_page": 3,
    "stats": 1,
}
# The page cache a step starts from is the steady state of a portal serving this many visitor
# requests a second (the target) since its last listing change (see steady_state_pages).
STEADY_STATE_RPS = VISITOR_TARGET["rps"]
PREWARM_CLIENTS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 180.0) -> bool:
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


def _q(term: str) -> str:
    return quote(term).replace("%20", "+")


def visitor_urls(targets: Targets) -> dict[str, list[str]]:
    """At least 200 different searches and filters per list, and 1,000 profiles and offers."""
    terms = targets.terms + targets.cjk_terms
    rng = random.Random(5)
    return {
        "home": ["/"],
        "clusters": ["/clusters/"] + [f"/clusters/{slug}/" for slug in targets.cluster_slugs],
        "directory_search": [f"/organizations/?q={_q(term)}" for term in terms]
        + [
            f"/organizations/?q={_q(term)}&cluster={slug}"
            for term in terms
            for slug in targets.cluster_slugs
        ],
        "directory_filters": sorted({targets.directory_filters(i) for i in range(300)}),
        "marketplace_search": [f"/opportunities/?q={_q(term)}" for term in terms]
        + [
            f"/opportunities/?q={_q(term)}&type={kind}&sort={rng.choice(['', 'newest'])}"
            for term in terms
            for kind in targets.opportunity_types
        ],
        "marketplace_filters": sorted({targets.marketplace_filters(i) for i in range(300)}),
        "opportunity_page": [f"/opportunities/{pk}/" for pk in targets.opportunity_pks],
        "organization_page": [f"/organizations/{slug}/" for slug in targets.organization_slugs],
        "stats": ["/stats/"],
    }


def member_sessions(count: int) -> list[dict]:
    """Signed-in members (sessions in the bench database) and the organization they act for."""
    from django.test import Client
    from django.utils.crypto import get_random_string

    from accounts.models import User
    from clusters.models import ClusterStaff
    from partners.models import Membership

    staff = ClusterStaff.objects.values("user_id")
    rows = (
        Membership.objects.filter(organization__is_active=True, user__is_active=True)
        .exclude(user_id__in=staff)
        .order_by("user_id")
        .values_list("user_id", "organization_id")
    )
    chosen: dict[int, int] = {}
    for user_id, organization_id in rows:
        chosen.setdefault(user_id, organization_id)
        if len(chosen) >= count:
            break
    members = []
    for user_id, organization_id in chosen.items():
        client = Client()
        client.force_login(User.objects.get(pk=user_id))
        members.append(
            {
                "session": client.cookies["sessionid"].value,
                "csrf": get_random_string(32),
                "organization": organization_id,
            }
        )
    return members


def write_locust_targets(targets: Targets) -> tuple[Path, dict, dict[str, list[str]]]:
    from django.test import Client

    client = Client()
    urls = {}
    for name, group in visitor_urls(targets).items():
        if group and client.get(group[0]).status_code == 200:
            urls[name] = group
        else:
            log(f"load test leaves out {name}")
    members = member_sessions(MEMBER_SESSIONS)
    path = OUT_DIR / "locust_targets.json"
    path.write_text(json.dumps({"urls": urls, "members": members, "weights": VISITOR_WEIGHTS}))
    variety = {
        "searches_and_filters": sum(
            len(urls.get(name, []))
            for name in (
                "directory_search",
                "directory_filters",
                "marketplace_search",
                "marketplace_filters",
            )
        ),
        "profiles_and_opportunities": len(urls.get("opportunity_page", []))
        + len(urls.get("organization_page", [])),
        "member_sessions": len(members),
    }
    return path, variety, urls


def url_shares(urls: dict[str, list[str]]) -> dict[str, float]:
    """The share of the visitors' requests each URL gets (locust picks a kind of page by its
    weight, then one of its URLs evenly)."""
    total = sum(VISITOR_WEIGHTS[name] for name in urls)
    shares: dict[str, float] = {}
    for name, group in urls.items():
        for url in group:
            shares[url] = shares.get(url, 0.0) + VISITOR_WEIGHTS[name] / total / len(group)
    return shares


def url_lifetime(url: str) -> int:
    """How long the page cache keeps this URL's page (core/page_cache.py)."""
    from django.conf import settings
    from django.urls import resolve

    from core.page_cache import AGGREGATE_PAGE_SECONDS, SHORT_LIVED_PAGES

    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if resolve(urlsplit(url).path).view_name in SHORT_LIVED_PAGES:
        return min(seconds, AGGREGATE_PAGE_SECONDS)
    return seconds


def cached_share(rate: float, lifetime: int) -> float:
    """The share of time a page requested `rate` times a second (Poisson) is in a cache whose
    entries live `lifetime` seconds from the miss that stored them: a miss, then `lifetime`
    stored, then on average 1/rate until the next request (which is a miss again). It is
    also the page's hit rate."""
    return rate * lifetime / (1 + rate * lifetime)


def steady_hit_rate(shares: dict[str, float], visitor_rps: float) -> float:
    """The hit rate a running portal has at `visitor_rps` visitor requests a second."""
    return sum(
        share * cached_share(share * visitor_rps, url_lifetime(url))
        for url, share in shares.items()
    )


def steady_state_pages(shares: dict[str, float], seed: int) -> list[str]:
    """The pages a running portal's cache holds at STEADY_STATE_RPS: each URL with the
    probability that it is stored at a random moment (a seeded draw: the same pages for
    every step and run)."""
    rng = random.Random(seed)
    chosen = [
        url
        for url, share in sorted(shares.items())
        if rng.random() < cached_share(share * STEADY_STATE_RPS, url_lifetime(url))
    ]
    # The short-lived pages (home, /stats/) last: stored at the end of the warming.
    return sorted(chosen, key=lambda url: -url_lifetime(url))


def prewarm(host: str, pages: list[str], snapshot: dict[str, tuple[int, Any]]) -> dict:
    """Retire every stored page (a new generation, as after a listing change), then store
    `pages` as a sessionless visitor gets them: each step starts from the same steady state
    (the previous step's pages are not carried over). The first step requests each page once
    and keeps what it stored in `snapshot`; the next ones store the same entries again under
    the new generation (the same bytes, without rendering ~3,000 pages again)."""
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from django.conf import settings
    from django.core.cache import cache

    from core.page_cache import AGGREGATE_PAGE_SECONDS, GENERATION_KEY, invalidate_public_pages

    invalidate_public_pages()
    generation = cache.get(GENERATION_KEY, 0)
    began = time.monotonic()
    if snapshot:
        for lifetime in {lifetime for lifetime, _ in snapshot.values()}:
            cache.set_many(
                {
                    key: (generation, *entry[1:])
                    for key, (entry_lifetime, entry) in snapshot.items()
                    if entry_lifetime == lifetime
                },
                lifetime,
            )
        return {"pages": len(snapshot), "errors": 0, "seconds": 0.0, "restored": True}

    def fetch(url: str) -> int:
        try:
            with urllib.request.urlopen(host + url, timeout=60) as response:  # noqa: S310
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(PREWARM_CLIENTS) as pool:
        statuses = list(pool.map(fetch, pages))
    seconds = round(time.monotonic() - began, 1)
    keys = cache.keys("public-page:*")
    for key, entry in cache.get_many(keys).items():
        if entry[0] == generation:
            short = (cache.ttl(key) or 0) <= AGGREGATE_PAGE_SECONDS  # home, /stats/
            lifetime = AGGREGATE_PAGE_SECONDS if short else settings.PUBLIC_PAGE_CACHE_SECONDS
            snapshot[key] = (lifetime, entry)
    return {
        "pages": len(pages),
        "stored": len(snapshot),
        "errors": sum(status != 200 for status in statuses),
        "seconds": seconds,
    }


def run_locust(
    host: str,
    visitors: int,
    members: int,
    seconds: int,
    targets_file: Path,
    *,
    warmup: int,
    server_pgid: int,
    paced: bool = False,
) -> dict:
    from django.conf import settings

    name = f"locust_{visitors}v_{members}m" + ("_paced" if paced else "")
    out = OUT_DIR / f"{name}.json"
    out.unlink(missing_ok=True)
    users = visitors + members
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
        f"{warmup + seconds}s",
        "--stop-timeout",
        "5",
        "--host",
        host,
        "--loglevel",
        "WARNING",
    ]
    env = {
        **os.environ,
        "BENCH_LOCUST_TARGETS": str(targets_file),
        "BENCH_LOCUST_OUT": str(out),
        "BENCH_VISITORS": str(visitors),
        "BENCH_MEMBERS": str(members),
        "BENCH_WARMUP": str(warmup),
        "BENCH_SERVER_PGID": str(server_pgid),
        "BENCH_DATABASE": settings.DATABASES["default"]["NAME"],
    }
    if paced:  # each user's share of its kind's target rate, and 5 % to spare
        env["BENCH_VISITOR_PACE"] = str(PACE_MARGIN * VISITOR_TARGET["rps"] / visitors)
        env["BENCH_MEMBER_PACE"] = str(PACE_MARGIN * MEMBER_TARGET["rps"] / members)
    run = subprocess.run(  # noqa: S603 - our own venv's locust, fixed arguments
        command,
        env=env,
        cwd=ROOT,
        check=False,
        capture_output=True,
        timeout=warmup + seconds + 90,
    )
    if not out.exists():
        tail = run.stderr.decode(errors="replace")[-500:]
        return {
            "visitors": visitors,
            "members": members,
            "paced": paced,
            "status": "error",
            "error": tail,
        }
    result = json.loads(out.read_text())
    kinds = result["kinds"]
    verdict = {}
    for kind, target in (("visitor", VISITOR_TARGET), ("member", MEMBER_TARGET)):
        figures = kinds.get(kind, {"requests": 0})
        verdict[kind] = bool(
            figures.get("requests")
            and figures["errors"] == 0
            and figures["rps"] >= target["rps"]
            and figures["p95_ms"] <= target["p95_ms"]
        )
    cache = result.get("response_cache") or {}
    looked_up = cache.get("hit", 0) + cache.get("miss", 0)
    return {
        "visitors": visitors,
        "members": members,
        "paced": paced,
        "status": "ok",
        "seconds": result["seconds"],
        "warmup": result.get("warmup"),
        "kinds": kinds,
        "pages": result["pages"],
        "response_cache_hit_rate": round(cache.get("hit", 0) / looked_up, 3) if looked_up else None,
        "cpu": cpu_per_request(result),
        "server_cpu_ms": result.get("server_cpu_ms", {}),
        "meets_targets": verdict,
    }


def cpu_per_request(result: dict) -> dict:
    """CPU ms per request (all kinds) of the server, Postgres and locust in the measured period,
    and the share of the machine's cores each took."""
    requests = sum(figures.get("requests", 0) for figures in result["kinds"].values())
    cores = os.cpu_count() or 1
    out = {"requests": requests, "cores": cores}
    for part, cpu in (result.get("cpu_seconds") or {}).items():
        out[part] = {
            "ms_per_request": round(cpu * 1000 / requests, 2) if requests else None,
            "share_of_cores": round(cpu / (result["seconds"] * cores), 3),
        }
    return out


def server_config(env: dict[str, str]) -> str:
    """The worker class and counts gunicorn runs with, read from its configuration file."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        config = runpy.run_path(str(ROOT / "wlscc" / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    described = f"{config['worker_class']}, {config['workers']} processes"
    if config["worker_class"] == "gthread":
        described += f" x {config['threads']} threads"
    if not config.get("keepalive", 2):
        described += ", no keep-alive"
    if config.get("preload_app"):
        described += ", preloaded"
    return described


def load_test(
    targets: Targets,
    steps: list[tuple[int, int, bool]],
    seconds: int,
    workers: int,
    warmup: int,
) -> dict:
    from django.conf import settings

    if not (VENV_BIN / "locust").exists():
        return {"status": "missing", "error": "locust is not installed (pip install '.[bench]')"}
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    targets_file, variety, urls = write_locust_targets(targets)
    shares = url_shares({name: urls[name] for name in VISITOR_WEIGHTS if name in urls})
    steady_pages = steady_state_pages(shares, seed=17)
    snapshot: dict[str, tuple[int, Any]] = {}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
        "BENCH_CPU_HEADER": "1",  # each answer's CPU time, per page in the results
    }
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    log_file = (OUT_DIR / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "wlscc" / "gunicorn.conf.py"), "wlscc.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    results = []
    try:
        if not wait_for(f"{host}/healthz"):
            return {"status": "error", "error": "gunicorn did not answer /healthz"}
        for visitors, members, paced in steps:
            warmed = prewarm(host, steady_pages, snapshot)
            log(
                f"load {visitors}+{members}: page cache warmed to the steady state of "
                f"{STEADY_STATE_RPS:.0f} visitor req/s, {warmed['pages']} of {len(shares)} "
                f"pages in {warmed['seconds']} s"
            )
            result = run_locust(
                host,
                visitors,
                members,
                seconds,
                targets_file,
                warmup=warmup,
                server_pgid=server.pid,  # its own session: the process group of its workers
                paced=paced,
            )
            result["prewarm"] = warmed
            if result.get("status") == "ok":
                visitor_rps = result["kinds"].get("visitor", {}).get("rps", 0.0)
                result["steady_hit_rate"] = round(steady_hit_rate(shares, visitor_rps), 3)
                result["load_average"] = [round(value, 2) for value in os.getloadavg()]
            results.append(result)
            if result.get("status") == "ok":
                log("load, " + step_line(result))
            else:
                log(f"load {visitors}+{members}: {result.get('error')}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log_file.close()
    good = [r for r in results if r.get("status") == "ok" and all(r["meets_targets"].values())]
    return {
        "status": "ok",
        "server": f"gunicorn -c wlscc/gunicorn.conf.py wlscc.wsgi ({server_config(env)}), "
        "bench settings",
        "client": "locust headless (FastHttpUser; no think time, or paced where a step says so), "
        "same machine",
        "warmup_seconds": warmup,
        "steady_state": {
            "rps": STEADY_STATE_RPS,
            "pages": len(steady_pages),
            "urls": len(shares),
            "lifetime": settings.PUBLIC_PAGE_CACHE_SECONDS,
        },
        "variety": variety,
        "steps": results,
        "best": max(good, key=lambda r: r["kinds"]["visitor"]["rps"]) if good else None,
        "meets_target": bool(good),
    }


def step_line(step: dict) -> str:
    parts = []
    for kind, target in (("visitor", VISITOR_TARGET), ("member", MEMBER_TARGET)):
        figures = step["kinds"].get(kind, {})
        if not figures.get("requests"):
            continue
        verdict = "met" if step["meets_targets"][kind] else "missed"
        parts.append(
            f"{kind}s {figures['rps']} req/s, p95 {figures['p95_ms']:.0f} ms, "
            f"{figures['errors']} errors (target ≥ {target['rps']:.0f} req/s, "
            f"p95 ≤ {target['p95_ms']:.0f} ms: {verdict})"
        )
    hit_rate = step.get("response_cache_hit_rate")
    cache = f"; response-cache hit rate {hit_rate:.0%}" if hit_rate is not None else ""
    if hit_rate is not None and step.get("steady_hit_rate") is not None:
        cache += f" (a running portal's at this rate: {step['steady_hit_rate']:.0%})"
    cpu = step.get("cpu") or {}
    if "server" in cpu:
        cpu_parts = [
            f"{label} {cpu[part]['ms_per_request']} ms ({cpu[part]['share_of_cores']:.0%})"
            for part, label in (
                ("server", "gunicorn"),
                ("database", "Postgres"),
                ("locust", "locust"),
            )
            if part in cpu and cpu[part]["ms_per_request"] is not None
        ]
        cache += "; CPU per request (share of the cores): " + ", ".join(cpu_parts)
    if step.get("load_average"):
        cache += "; load average " + ", ".join(str(value) for value in step["load_average"])
    users = f"{step['visitors']} visitors + {step['members']} members"
    if step.get("paced"):
        users += (
            f" paced to offer {PACE_MARGIN * VISITOR_TARGET['rps']:.0f} + "
            f"{PACE_MARGIN * MEMBER_TARGET['rps']:.0f} req/s (the targets and 5 %)"
        )
    return users + ": " + "; ".join(parts) + cache


def server_cpu_line(per_page: dict) -> str:
    """Mean gunicorn CPU per request (its X-Bench-CPU-Ms header), costliest first."""
    ordered = sorted(per_page.items(), key=lambda item: -item[1]["ms"] * item[1]["requests"])
    return "server CPU per request (mean ms, requests): " + ", ".join(
        f"{name} {figures['ms']} ({figures['requests']})" for name, figures in ordered
    )


def lines(load: dict) -> list[str]:
    if load.get("status") != "ok":
        return [f"- Load test: {load.get('status')} {load.get('error', '')}"]
    variety = load.get("variety", {})
    warmup = load.get("warmup_seconds")
    steady = load.get("steady_state")
    warm = (
        f"each step starts from the page cache of a portal serving {steady['rps']:.0f} visitor "
        f"req/s since its last listing change ({steady['pages']} of the {steady['urls']} pages, "
        f"each stored with the share of time it stays stored, r·T/(1 + r·T) for r requests/s "
        f"and entries of T = {steady['lifetime']} s, 60 s for home and /stats/; the same "
        "seeded draw each step); "
        if steady
        else ""
    )
    warm += f"an unmeasured {warmup} s warm-up of the same traffic; " if warmup else ""
    out = [
        f"- Load test ({load['server']}; {load['client']}; {warm}"
        f"{variety.get('searches_and_filters')} different searches and filters, "
        f"{variety.get('profiles_and_opportunities')} profiles and opportunities, "
        f"{variety.get('member_sessions')} member sessions):"
    ]
    for step in load["steps"]:
        if step.get("status") == "ok":
            out.append(f"  - {step['seconds']:.0f} s, " + step_line(step))
            if step.get("server_cpu_ms"):
                out.append("    - " + server_cpu_line(step["server_cpu_ms"]))
        else:
            out.append(f"  - {step.get('visitors')}+{step.get('members')}: {step.get('error')}")
    best = load.get("best")
    out.append(
        "- Both targets met at once: "
        + (
            f"**yes**, at {best['visitors']} visitors + {best['members']} members."
            if best
            else "**no**."
        )
    )
    return out


def parse_step(text: str) -> tuple[int, int, bool]:
    """ "4+2" (without think time) or "20+20p" (paced to offer the targets' rates)."""
    paced = text.endswith("p")
    visitors, members = (int(n) for n in text.removesuffix("p").split("+"))
    return visitors, members, paced


@section("load", "Load test", order=90, lines=lines)
def measure(ctx: Context) -> dict:
    if ctx.args.no_load:
        return {"status": "skipped"}
    steps = DEFAULT_STEPS
    if ctx.args.load_users:
        steps = [parse_step(step) for step in ctx.args.load_users.split(",")]
    return load_test(
        ctx.targets, steps, ctx.args.load_seconds, ctx.args.workers, ctx.args.load_warmup
    )
