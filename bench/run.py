"""`make bench`: build the consortium-scale dataset, measure the portal on it, print a report
and write `bench/results.json`.

    python -m bench.run                     # everything (about 10 minutes on 2 cores)
    python -m bench.run --skip-build        # re-measure the existing bench database
    python -m bench.run --scale 0.1 --requests 50 --load-seconds 5   # a quick smoke run
    python -m bench.run --skip-build --only pages --pages home,stats  # a few pages
    python -m bench.run --list              # the sections

What is measured is a list of sections (`bench/sections/`, one module each, registered with
`@section`; see that package's docstring to add one). Server times are measured in-process with
Django's test `Client` against the bench database (bench settings: DEBUG off, manifest static
files, Redis cache), queries per request with `CaptureQueriesContext`. The load test runs
gunicorn (`wlscc.wsgi`, as deployed) and a bounded headless locust on 127.0.0.1.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
# One BLAS thread, as in the portal's own processes (wlscc/__init__.py sets it before numpy
# loads): the sections below import pandas, hence numpy, before Django imports wlscc.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bench.common import clear_cache, log
from bench.sections import Context, Section, all_sections

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
RESULTS = BENCH_DIR / "results.json"


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


def selected(sections: list[Section], only: str, skip: str) -> list[Section]:
    names = {key.strip() for key in only.split(",") if key.strip()}
    left_out = {key.strip() for key in skip.split(",") if key.strip()}
    known = {s.key for s in sections}
    unknown = (names | left_out) - known
    if unknown:
        raise SystemExit(f"unknown section(s): {', '.join(sorted(unknown))}; see --list")
    if names:
        return [s for s in sections if s.key in names and s.key not in left_out]
    return [s for s in sections if s.default and s.key not in left_out]


def run_section(item: Section, ctx: Context) -> dict:
    log(f"== {item.title} ({item.key})")
    began = time.perf_counter()
    try:
        result = item.measure(ctx)
    except Exception as error:
        traceback.print_exc()
        result = {"status": "error", "error": repr(error)}
    log(f"== {item.key} done in {time.perf_counter() - began:.1f} s")
    return result


def report_lines(results: dict, sections: list[Section] | None = None) -> list[str]:
    """The report of every section present in `results`, in Markdown (README-ready)."""
    sections = sections if sections is not None else all_sections()
    machine_ = results.get("machine", {})
    load = ", ".join(str(value) for value in machine_.get("load_average_1_5_15", []))
    end = ", ".join(str(value) for value in machine_.get("load_average_at_end", []))
    out = [
        f"Run of {results.get('date', '')[:16].replace('T', ' ')} UTC on {machine_.get('cpus')} "
        f"cores ({machine_.get('cpu')}), {machine_.get('memory')}, Postgres "
        f"{machine_.get('postgres')}, Python {machine_.get('python')}; load average "
        f"(1, 5, 15 min) at the start {load}, at the end {end}; scale {results.get('scale')}."
    ]
    build = results.get("build")
    if build:
        out.append(
            f"Dataset built in {build.get('seconds'):.0f} s: "
            + ", ".join(f"{name} {count:,}" for name, count in build.get("rows", {}).items())
            + "."
        )
    for item in sections:
        if item.key not in results:
            continue
        result = results[item.key]
        out.append("")
        out.append(f"**{item.title}**")
        out.append("")
        if isinstance(result, dict) and result.get("status") in ("error", "missing", "skipped"):
            out.append(f"- {result['status']}: {result.get('error', '')}")
        elif item.lines:
            try:
                out += item.lines(result)
            except Exception as error:
                out.append(f"- (report failed: {error!r})")
    out.append("")
    out.append(f"Total {results.get('total_seconds')} s.")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the bench dataset and measure the portal.")
    parser.add_argument("--skip-build", action="store_true", help="reuse the bench database")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument("--only", default="", help="comma-separated section keys (see --list)")
    parser.add_argument("--skip", default="", help="comma-separated section keys to leave out")
    parser.add_argument("--list", action="store_true", help="list the sections and exit")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--pages", default="", help="comma-separated page keys to measure")
    parser.add_argument(
        "--load-users",
        default="",
        help="load steps: visitors+members,... (4+2,8+4); a trailing p paces the step to offer the "
        "targets' rates (20+20p)",
    )
    parser.add_argument(
        "--load-seconds",
        type=int,
        default=60,
        help="measured seconds of each load step (60: ~900 member requests for their p95)",
    )
    parser.add_argument(
        "--load-warmup",
        type=int,
        default=30,
        help="unmeasured seconds of the same traffic before each load step (after the page "
        "cache is brought to its steady state: warm workers and connections)",
    )
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: as deployed)")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    args = parser.parse_args(argv)

    sections = all_sections()
    if args.list:
        for item in sections:
            print(f"{item.key:<20} {item.title}{'' if item.default else '  (only with --only)'}")
        return 0
    chosen = selected(sections, args.only, args.skip)

    started = time.perf_counter()
    OUT_DIR.mkdir(exist_ok=True)
    results: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "requests": args.requests,
        "scale": args.scale,
    }
    if not args.skip_build:
        from bench.build_dataset import build

        results["build"] = build(scale=args.scale)
    import django

    django.setup()
    results["machine"] = machine()
    log(f"collectstatic {collectstatic()}")
    clear_cache()
    ctx = Context(args=args, results=results)
    for item in chosen:
        results[item.key] = run_section(item, ctx)
        if not args.only:  # what is measured so far survives a crash or an interruption
            RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    if args.only and RESULTS.exists():
        # A partial run updates its sections in the last full results.
        with contextlib.suppress(ValueError):
            previous = json.loads(RESULTS.read_text())
            previous.update({item.key: results[item.key] for item in chosen})
            run = {"date": results["date"], "sections": [item.key for item in chosen]}
            previous["partial_runs"] = [*previous.get("partial_runs", []), run]
            RESULTS.write_text(json.dumps(previous, indent=2, default=str) + "\n")
            print("\n" + "\n".join(report_lines(results, chosen)), flush=True)
            return 0
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print("\n" + "\n".join(report_lines(results, chosen)), flush=True)
    shutil.rmtree(OUT_DIR / "media", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
