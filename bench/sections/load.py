"""Load test: gunicorn as deployed (`wlscc.wsgi`) and a bounded headless locust on 127.0.0.1."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Targets, log
from bench.sections import Context, section

BENCH_DIR = Path(__file__).resolve().parent.parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
VENV_BIN = Path(sys.executable).parent
LOAD_P95_TARGET_MS = 150.0


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


def lines(load: dict) -> list[str]:
    if load.get("status") != "ok":
        return [f"- Load test: {load.get('status')} {load.get('error', '')}"]
    steps = ", ".join(
        f"{step['users']} users: {step['rps']} req/s, p95 {step['p95_ms']:.0f} ms, "
        f"{step['errors']} errors"
        for step in load["steps"]
        if step.get("status") == "ok"
    )
    best = load.get("best_sustainable")
    return [
        f"- Load test ({load['server']}; {load['client']}): {steps}.",
        f"- Highest sustainable rate (0 errors, p95 ≤ {LOAD_P95_TARGET_MS:.0f} ms): "
        + (f"**{best['rps']} req/s** ({best['users']} users)." if best else "**none**."),
    ]


@section("load", "Load test", order=90, lines=lines)
def measure(ctx: Context) -> dict:
    if ctx.args.no_load:
        return {"status": "skipped"}
    steps = [int(users) for users in (ctx.args.load_users or "2,4,8").split(",") if users.strip()]
    return load_test(ctx.targets, steps, ctx.args.load_seconds, ctx.args.workers or 3)
