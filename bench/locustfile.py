"""The load test's traffic (run by bench/sections/load.py against gunicorn on 127.0.0.1; bounded
by --users and --run-time): visitors reading the public pages and signed-in members working,
in the same run. URLs and member sessions come from the bench database through
$BENCH_LOCUST_TARGETS; each request's time is recorded per kind of user and written to
$BENCH_LOCUST_OUT when locust stops (percentiles per kind, errors, response-cache hits).

The first $BENCH_WARMUP seconds are a warm-up with the same users and the same traffic, not
measured (the page cache was brought to its steady state before: bench/sections/load.py), so
the hit rate (and every figure) is that of the measured period only. The CPU seconds spent in
the measured period by the web server ($BENCH_SERVER_PGID: gunicorn's process group), the bench
database's Postgres backends ($BENCH_DATABASE) and locust itself are read from /proc at its
start and end (see _cpu_seconds)."""

import json
import os
import random
import resource
import time
from collections import defaultdict
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, constant_throughput, events, task

with open(os.environ["BENCH_LOCUST_TARGETS"]) as handle:
    TARGETS: dict = json.load(handle)
URLS: dict[str, list[str]] = TARGETS["urls"]
MEMBERS: list[dict] = TARGETS["members"]

# How often a visitor opens each kind of page, relative to the others (bench/sections/load.py:
# its steady-state model of the page cache uses the same weights).
VISITOR_WEIGHTS: dict[str, int] = TARGETS["weights"]
# Response-cache verdict headers (the public-page cache, when present).
CACHE_HEADERS = ("X-Cache", "X-Cache-Status")

WARMUP_SECONDS = float(os.environ.get("BENCH_WARMUP", "0"))
SERVER_PGID = int(os.environ.get("BENCH_SERVER_PGID", "0"))
DATABASE = os.environ.get("BENCH_DATABASE", "")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# A paced step (bench/sections/load.py): requests a second each user offers; 0: no think time.
VISITOR_PACE = float(os.environ.get("BENCH_VISITOR_PACE", "0"))
MEMBER_PACE = float(os.environ.get("BENCH_MEMBER_PACE", "0"))


def pace(rate: float):
    return constant_throughput(rate) if rate else constant(0)


_times: dict[str, list[float]] = defaultdict(list)
_errors: dict[str, int] = defaultdict(int)
_cache: dict[str, int] = defaultdict(int)
_pages: dict[str, list[float]] = defaultdict(list)
_server_cpu: dict[str, list[float]] = defaultdict(list)  # X-Bench-CPU-Ms per page and verdict
_warmup_requests = 0
_measuring = False
_started = time.monotonic()
_stopped: float | None = None
_cpu_start: dict[str, dict[int, float]] = {}
_cpu_end: dict[str, dict[int, float]] = {}
_cpu_seen: dict[int, float] = {}  # the database backends' last sampled CPU seconds
SAMPLE_SECONDS = 2.0


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _process_cpu() -> dict[str, dict[int, float]]:
    """CPU seconds per process of the web server (with what it reaped: recycled workers) and of
    the bench database's Postgres backends."""
    server: dict[int, float] = {}
    database: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if SERVER_PGID and int(fields[2]) == SERVER_PGID:
                ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
                server[int(entry.name)] = ticks / CLOCK_TICKS
            elif DATABASE:
                title = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                )
                if title.startswith("postgres: ") and f" {DATABASE} " in title:
                    database[int(entry.name)] = sum(map(int, fields[11:13])) / CLOCK_TICKS
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile, or not ours to read
    return {"server": server, "database": database, "locust": {0: _self_cpu()}}


def _cpu_seconds() -> dict[str, float]:
    """CPU seconds each part spent in the measured period.

    The server's figure is the process group's total at the end less its total at the start:
    a worker that gunicorn recycled meanwhile (max_requests) is gone from the end, but its
    whole life is in the master's reaped-children time, so its CPU before the period must be
    taken off too (leaving it in counted a recycled worker's whole life: "272 % of 2 cores").
    A Postgres backend that ended meanwhile (a recycled worker's connection) counts up to
    its last sample (every SAMPLE_SECONDS)."""
    seconds = {
        "server": sum(_cpu_end["server"].values()) - sum(_cpu_start["server"].values()),
        "locust": _cpu_end["locust"][0] - _cpu_start["locust"][0],
    }
    database = {**_cpu_seen, **_cpu_end["database"]}
    seconds["database"] = sum(
        cpu - _cpu_start["database"].get(pid, 0.0) for pid, cpu in database.items()
    )
    return {part: round(value, 2) for part, value in seconds.items()}


def _sample_database() -> None:
    while _measuring:
        _cpu_seen.update(_process_cpu()["database"])
        gevent.sleep(SAMPLE_SECONDS)


@events.request.add_listener
def record(name, response_time, exception, context, response=None, **kwargs) -> None:
    global _warmup_requests
    if not _measuring:
        _warmup_requests += 1
        return
    kind = (context or {}).get("kind", "other")
    _times[kind].append(response_time)
    _pages[f"{kind}:{name}"].append(response_time)
    if exception:
        _errors[kind] += 1
    headers = (getattr(response, "headers", None) or {}) if response is not None else {}
    cached = ""
    if kind == "visitor":
        for header in CACHE_HEADERS:
            verdict = headers.get(header)
            if verdict:
                cached = "hit" if "HIT" in verdict.upper() else "miss"
                _cache[cached] += 1
                break
    cpu = headers.get("X-Bench-CPU-Ms")
    if cpu:
        _server_cpu[":".join(filter(None, (kind, name, cached)))].append(float(cpu))


def _measure() -> None:
    global _measuring, _started
    _cpu_start.update(_process_cpu())
    _started = time.monotonic()
    _measuring = True
    gevent.spawn(_sample_database)


@events.test_start.add_listener
def started(**kwargs) -> None:
    gevent.spawn_later(WARMUP_SECONDS, _measure)


@events.test_stop.add_listener
def stopped(**kwargs) -> None:
    global _measuring, _stopped
    if _measuring:
        _cpu_end.update(_process_cpu())
        _measuring = False
    _stopped = time.monotonic()


@events.quitting.add_listener
def write(environment, **kwargs) -> None:
    out = os.environ.get("BENCH_LOCUST_OUT")
    if not out or not _cpu_end:
        return
    seconds = max((_stopped or time.monotonic()) - _started, 1e-9)

    def summary(values: list[float]) -> dict:
        ordered = sorted(values)
        if not ordered:
            return {"requests": 0}

        def at(share: float) -> float:
            return round(ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))], 1)

        return {"requests": len(ordered), "p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": at(1)}

    with open(out, "w") as handle:
        json.dump(
            {
                "seconds": round(seconds, 1),
                "kinds": {
                    kind: {
                        **summary(values),
                        "errors": _errors[kind],
                        "rps": round(len(values) / seconds, 1),
                    }
                    for kind, values in _times.items()
                },
                "pages": {name: summary(values) for name, values in sorted(_pages.items())},
                "response_cache": dict(_cache),
                "warmup": {"seconds": WARMUP_SECONDS, "requests": _warmup_requests},
                "cpu_seconds": _cpu_seconds(),
                "server_cpu_ms": {
                    name: {"ms": round(sum(values) / len(values), 1), "requests": len(values)}
                    for name, values in sorted(_server_cpu.items())
                },
            },
            handle,
        )


def visit(name: str):
    def view(user: FastHttpUser) -> None:
        user.client.get(random.choice(URLS[name]), name=name, context={"kind": "visitor"})

    view.__name__ = name
    return view


class Visitor(FastHttpUser):
    """A visitor browsing without think time (the measure is the server's capacity), or paced."""

    fixed_count = int(os.environ.get("BENCH_VISITORS", "1"))
    wait_time = pace(VISITOR_PACE)
    tasks = {visit(name): weight for name, weight in VISITOR_WEIGHTS.items() if URLS.get(name)}


class Member(FastHttpUser):
    """A signed-in member: dashboard, searches, opportunity pages, and now and then an
    expression of interest (a POST that writes, with its CSRF token)."""

    fixed_count = int(os.environ.get("BENCH_MEMBERS", "1"))
    wait_time = pace(MEMBER_PACE)

    def on_start(self) -> None:
        self.member = random.choice(MEMBERS)
        self.cookies = f"sessionid={self.member['session']}; csrftoken={self.member['csrf']}"

    def get(self, url: str, name: str) -> None:
        self.client.get(
            url, name=name, headers={"Cookie": self.cookies}, context={"kind": "member"}
        )

    @task(3)
    def dashboard(self) -> None:
        self.get("/dashboard/", "dashboard")

    @task(3)
    def marketplace_search(self) -> None:
        self.get(random.choice(URLS["marketplace_search"]), "marketplace_search")

    @task(1)
    def directory_search(self) -> None:
        self.get(random.choice(URLS["directory_search"]), "directory_search")

    @task(4)
    def opportunity_page(self) -> None:
        self.get(random.choice(URLS["opportunity_page"]), "opportunity_page")

    @task(1)
    def express_interest(self) -> None:
        url = random.choice(URLS["opportunity_page"])
        self.client.post(
            f"{url}interest/",
            data={
                "organization": self.member["organization"],
                "message": "We would like to discuss a licence or a co-development.",
                "csrfmiddlewaretoken": self.member["csrf"],
            },
            headers={"Cookie": self.cookies, "Referer": f"{self.host}{url}"},
            name="express_interest",
            context={"kind": "member"},
            allow_redirects=False,  # 302 back to the page: done (or refused with a message)
        )
