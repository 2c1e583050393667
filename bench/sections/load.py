"""Load test: gunicorn as deployed (`wlscc/gunicorn.conf.py`: gthread, one process per core) and
a bounded headless locust on 127.0.0.1, visitors and signed-in members in the same run
(bench/locustfile.py), in steps of more users; the best step meeting both targets is reported.

Each step begins with an unmeasured warm-up (--load-warmup seconds, the same users and the same
traffic): production serves from a warm page cache, so the figures and the cache hit rate are
those of the measured period after it. Each step also reports the CPU milliseconds per request
of the web server, of the bench database's Postgres backends and of locust itself (from /proc,
over the measured period): on a shared machine they compare configurations better than the
rates do."""

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
from urllib.parse import quote

from bench.common import Targets, log
from bench.sections import Context, section

BENCH_DIR = Path(__file__).resolve().parent.parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
VENV_BIN = Path(sys.executable).parent

VISITOR_TARGET = {"rps": 150.0, "p95_ms": 150.0}
MEMBER_TARGET = {"rps": 40.0, "p95_ms": 250.0}
# (visitors, members) per step.
DEFAULT_STEPS = [(4, 2), (8, 4), (12, 6)]
MEMBER_SESSIONS = 60


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


def write_locust_targets(targets: Targets) -> tuple[Path, dict]:
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
    path.write_text(json.dumps({"urls": urls, "members": members}))
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
    return path, variety


def run_locust(
    host: str,
    visitors: int,
    members: int,
    seconds: int,
    targets_file: Path,
    *,
    warmup: int,
    server_pgid: int,
) -> dict:
    from django.conf import settings

    name = f"locust_{visitors}v_{members}m"
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
        return {"visitors": visitors, "members": members, "status": "error", "error": tail}
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
    if config.get("preload_app"):
        described += ", preloaded"
    return described


def load_test(
    targets: Targets, steps: list[tuple[int, int]], seconds: int, workers: int, warmup: int
) -> dict:
    if not (VENV_BIN / "locust").exists():
        return {"status": "missing", "error": "locust is not installed (pip install '.[bench]')"}
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    targets_file, variety = write_locust_targets(targets)
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
        for visitors, members in steps:
            result = run_locust(
                host,
                visitors,
                members,
                seconds,
                targets_file,
                warmup=warmup,
                server_pgid=server.pid,  # its own session: the process group of its workers
            )
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
        "client": "locust headless (FastHttpUser, no think time), same machine",
        "warmup_seconds": warmup,
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
    return f"{step['visitors']} visitors + {step['members']} members: " + "; ".join(parts) + cache


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
    warm = (
        f"each step after an unmeasured {warmup} s warm-up of the same traffic; " if warmup else ""
    )
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


@section("load", "Load test", order=90, lines=lines)
def measure(ctx: Context) -> dict:
    if ctx.args.no_load:
        return {"status": "skipped"}
    steps = DEFAULT_STEPS
    if ctx.args.load_users:
        steps = [
            tuple(int(n) for n in step.split("+"))  # type: ignore[misc]
            for step in ctx.args.load_users.split(",")
        ]
    return load_test(
        ctx.targets, steps, ctx.args.load_seconds, ctx.args.workers, ctx.args.load_warmup
    )
