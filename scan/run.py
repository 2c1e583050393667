"""`make scan`: outside scanners against the portal, as a habit before each release.

    python -m scan.run                 # everything (about 10 minutes)
    python -m scan.run --skip-wapiti   # Lighthouse and the HEAD check only
    python -m scan.run --budget 1200   # give wapiti more time (whole run, in seconds)
    python -m scan.run --keep-database # scan the database of the last run again (no re-seeding)

1. Rebuilds the database `wlscc_scan`, migrates it and seeds the demo data (`seed_demo`, which
   needs DEBUG: run with the dev settings on that database).
2. Serves it with gunicorn under `scan.settings` (the production settings, plain HTTP on
   127.0.0.1), after `collectstatic` as a deployment does.
3. Sends HEAD and GET to the public pages (same status, no body: what monitors rely on).
4. Lighthouse (npm, pinned in scan/package-lock.json) with Debian's Chromium on a few pages.
5. wapiti (Debian's package) with the modules in WAPITI_MODULES, in the time left of the run's
   budget (at least WAPITI_MIN_SECONDS): at the bound it is interrupted the way a person would
   (Ctrl+C, "next module") so that it still writes its report of what it found.
6. Prints findings by module and Lighthouse scores per page; writes scan/out/summary.json.
   Exit status 1 if a finding is not in EXPLAINED (each one is explained in the README,
   "Scanners") or a Lighthouse score is under its floor.

Every request stays on 127.0.0.1. Both tools get a proxy on a closed loopback port for
everything but 127.0.0.1, so a request to any other host fails on the machine instead of
leaving it; the wapiti modules that need an outside callback host (ssrf, xxe) or download
their data (nikto, wapp) are not run, the callback endpoint points at loopback anyway, and
wapiti's automatic bug reports are off. Neither tool checks for updates here: wapiti only
updates with `--update`, Lighthouse has none, and Chromium runs with background networking
and component updates disabled.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scan" / "out"
VENV_BIN = ROOT / ".venv" / "bin"
LIGHTHOUSE = ROOT / "scan" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
WAPITI = "/usr/bin/wapiti"
DATABASE = "wlscc_scan"
# Nothing listens there: a request through this proxy fails at once, on the machine.
DEAD_PROXY = "http://127.0.0.1:9"

# Default modules of wapiti 3.0.4 without ssrf (its payloads name an outside callback host)
# and blindsql (time-based: each payload makes the database sleep, which alone outlasts the
# time bound; the error-based sql module runs), plus the header, cookie, CSRF, CRLF and
# HTTP-method checks.
WAPITI_MODULES = (
    "cookieflags,crlf,csp,csrf,exec,file,http_headers,methods,permanentxss,redirect,sql,xss"
)
# The whole run (seeding included) aims at this many seconds; wapiti gets what is left after the
# HEAD check and Lighthouse, but never less than WAPITI_MIN_SECONDS.
BUDGET_SECONDS = 600
WAPITI_MIN_SECONDS = 180
# Crawl bound, and each module's bound. wapiti checks the module bound only between the
# original requests it attacks (one request's payloads can take minutes on a loaded machine),
# so the run's own deadline interrupts it: SIGINT, answered "n" (wapiti 3.0.4's "r" does the
# same: its check compares the answer with "1"), until no module is left and it writes the report.
WAPITI_SCAN_SECONDS = 120
WAPITI_ATTACK_SECONDS = 30
WAPITI_INTERRUPT_EVERY_SECONDS = 3
WAPITI_GRACE_SECONDS = 120
LAUNCHING_MODULE = re.compile(r"Launching module (\w+)")

LIGHTHOUSE_PAGES = {
    "home": "/",
    "directory": "/organizations/",
    "marketplace": "/opportunities/",
    "statistics": "/stats/",
    "log in": "/accounts/login/",
}
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Accessibility, best practices and SEO scored 100 in the first outside run (issue 22); the
# performance score of a 2-core machine shared with the test suite moves with its load.
LIGHTHOUSE_FLOORS = {"performance": 50, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    f"--proxy-server={DEAD_PROXY}",
)

HEAD_PAGES = ("/", "/healthz", "/organizations/", "/clusters/", "/opportunities/", "/stats/")
HEAD_PAGES += ("/stats/members.csv", "/accounts/login/", "/accounts/signup/")

# What wapiti reports on purpose-built settings of this scan, and why it is fine (README,
# "Scanners"): (category, info text).
EXPLAINED = {
    ("Cross Site Request Forgery", "Lack of anti CSRF token"): (
        "wapiti 3.0.4 does not know Django's field name csrfmiddlewaretoken; every POST without"
        " it is refused (tests/security/test_csrf.py)"
    ),
    ("HTTP Secure Headers", "Strict-Transport-Security is not set"): (
        "plain HTTP on loopback; production sends HSTS over HTTPS (test_prod_settings.py)"
    ),
    ("HTTP Secure Headers", "X-XSS-Protection is not set"): (
        "deliberately not sent: browsers removed the XSS auditor; the CSP forbids inline script"
    ),
    ("Secure Flag cookie", "Secure flag is not set in the cookie : csrftoken"): (
        "plain HTTP on loopback; production cookies are Secure (test_prod_settings.py)"
    ),
    ("Secure Flag cookie", "Secure flag is not set in the cookie : sessionid"): (
        "plain HTTP on loopback; production cookies are Secure (test_prod_settings.py)"
    ),
    ("Secure Flag cookie", "Secure flag is not set in the cookie : django_language"): (
        "plain HTTP on loopback; production cookies are Secure (test_prod_settings.py)"
    ),
}


def log(message: str) -> None:
    print(f"[scan {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def loopback_only_environment(**extra: str) -> dict[str, str]:
    """The environment of a scanner: every host but 127.0.0.1 goes to the dead proxy."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
    }
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        environment[name] = DEAD_PROXY
    environment["no_proxy"] = environment["NO_PROXY"] = "127.0.0.1"
    environment.update(extra)
    return environment


def portal_environment(settings_module: str) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "CACHE_", "EMAIL_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        DJANGO_MEDIA_ROOT=str(OUT / "media"),
        CACHE_KEY_PREFIX="wlscc-scan",
        DJANGO_LOG_LEVEL="WARNING",
        SITE_URL="http://127.0.0.1",
    )
    return environment


def manage(*args: str, settings_module: str, **extra: str) -> None:
    environment = {**portal_environment(settings_module), **extra}
    subprocess.run(  # noqa: S603 - our own venv's python, fixed arguments
        [str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=environment, check=True
    )


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres", host="127.0.0.1", user="postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def prepare_portal(*, keep_database: bool) -> None:
    if keep_database:
        log(f"database {DATABASE}: kept as the last run left it")
    else:
        log(f"database {DATABASE}: drop, create, migrate, seed the demo data")
        recreate_database()
        shutil.rmtree(OUT / "media", ignore_errors=True)
        manage("migrate", "--noinput", "-v", "0", settings_module="scan.settings")
        # seed_demo refuses to run without DEBUG (it creates demo accounts): the dev settings,
        # on the scan database.
        manage("seed_demo", settings_module="wlscc.settings.dev", DJANGO_DEBUG="true")
    manage("collectstatic", "--noinput", "-v", "0", settings_module="scan.settings")


def wait_for(url: str, timeout: float = 180.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # A worker's first request loads the URLconf and the apps: slow on a busy machine.
            with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def start_portal(
    port: int, environment: dict[str, str] | None = None, log_path: Path = OUT / "gunicorn.log"
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port` (scan settings, or the given environment: `make bench`)."""
    log(f"gunicorn on http://127.0.0.1:{port}")
    return subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        [
            str(VENV_BIN / "gunicorn"),
            "wlscc.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment or portal_environment("scan.settings"),
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_portal(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def status_and_body(method: str, url: str) -> tuple[int, int]:
    request = urllib.request.Request(url, method=method)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())


def head_check(base: str) -> list[str]:
    """Pages whose HEAD does not answer like their GET (status), or answers a body."""
    wrong = []
    for path in HEAD_PAGES:
        head, get = status_and_body("HEAD", base + path), status_and_body("GET", base + path)
        if head[0] != get[0] or head[1]:
            wrong.append(f"{path}: HEAD {head[0]} ({head[1]} bytes), GET {get[0]}")
    return wrong


def run_wapiti(base: str, deadline: float) -> dict:
    report = OUT / "wapiti.json"
    seconds = round(deadline - time.monotonic())
    log(f"wapiti: modules {WAPITI_MODULES}, about {seconds} s")
    report.unlink(missing_ok=True)
    command = [
        WAPITI,
        "-u",
        base + "/",
        "--scope",
        "folder",
        "-m",
        WAPITI_MODULES,
        "--flush-session",
        "--store-session",
        str(OUT / "wapiti-session"),
        "--store-config",
        str(OUT / "wapiti-config"),
        "--max-scan-time",
        str(min(WAPITI_SCAN_SECONDS, seconds // 2)),
        "--max-attack-time",
        str(WAPITI_ATTACK_SECONDS),
        "--depth",
        "4",
        "--max-links-per-page",
        "20",
        "--max-files-per-dir",
        "20",
        "--endpoint",
        DEAD_PROXY + "/",
        "--no-bugreport",
        "-f",
        "json",
        "-o",
        str(report),
        "-v",
        "0",
    ]
    process = subprocess.Popen(  # noqa: S603 - Debian's wapiti, fixed arguments
        command,
        env=loopback_only_environment(PYTHONUNBUFFERED="1"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    modules: list[str] = []
    reader = threading.Thread(target=_echo_wapiti, args=(process, modules), daemon=True)
    reader.start()
    cut_short, stopped = _stop_at(process, deadline, modules)
    reader.join(timeout=10)
    if not stopped:
        return {"error": "wapiti did not stop when interrupted and was killed (no report)"}
    if not report.exists():
        return {"error": "wapiti wrote no report (its output is above)"}
    return {**json.loads(report.read_text()), "modules_run": modules, "cut_short": cut_short}


def _echo_wapiti(process: subprocess.Popen, modules: list[str]) -> None:
    """Print wapiti's output as it comes and note each module it launches."""
    for line in process.stdout:
        print(line, end="", flush=True)
        launched = LAUNCHING_MODULE.search(line)
        if launched:
            modules.append(launched.group(1))


def _stop_at(
    process: subprocess.Popen, deadline: float, modules: list[str]
) -> tuple[list[str], bool]:
    """Let wapiti run until the deadline, then skip its remaining modules.

    Returns the modules cut short, and whether wapiti ended by itself (then it wrote its report).
    """
    try:
        process.wait(timeout=max(deadline - time.monotonic(), 1))
        return [], True
    except subprocess.TimeoutExpired:
        log("wapiti: time is up, interrupting the remaining modules")
    cut_short = modules[-1:]
    killed_at = time.monotonic() + WAPITI_GRACE_SECONDS
    while process.poll() is None and time.monotonic() < killed_at:
        process.send_signal(signal.SIGINT)
        with contextlib.suppress(BrokenPipeError):
            process.stdin.write("n\n")
            process.stdin.flush()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=WAPITI_INTERRUPT_EVERY_SECONDS)
        if modules and modules[-1] not in cut_short:
            cut_short.append(modules[-1])
    if process.poll() is None:
        process.kill()
        process.wait()
        return cut_short, False
    return cut_short, True


def wapiti_findings(report: dict) -> list[dict]:
    findings = []
    for kind in ("vulnerabilities", "anomalies"):
        for category, entries in report.get(kind, {}).items():
            for entry in entries:
                findings.append(
                    {
                        "kind": kind,
                        "category": category,
                        "info": entry.get("info", ""),
                        "path": entry.get("path", ""),
                        "method": entry.get("method", ""),
                        "parameter": entry.get("parameter", ""),
                    }
                )
    return findings


def run_lighthouse(
    base: str, pages: dict[str, str] = LIGHTHOUSE_PAGES, out: Path = OUT
) -> dict[str, dict[str, int]]:
    """Scores per page; `make bench` (bench/sections/lighthouse.py) runs it on its own pages too."""
    scores = {}
    for name, path in pages.items():
        report = out / f"lighthouse-{name.replace(' ', '-')}.json"
        log(f"Lighthouse: {path}")
        subprocess.run(  # noqa: S603 - the pinned Lighthouse, fixed arguments
            [
                str(LIGHTHOUSE),
                base + path,
                f"--chrome-path={CHROMIUM}",
                f"--chrome-flags={' '.join(CHROME_FLAGS)}",
                f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                "--no-enable-error-reporting",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            env=loopback_only_environment(CHROME_PATH=CHROMIUM),
            check=True,
            timeout=180,
        )
        categories = json.loads(report.read_text())["categories"]
        scores[name] = {
            category: round((categories[category]["score"] or 0) * 100)
            for category in LIGHTHOUSE_CATEGORIES
        }
    return scores


def print_summary(summary: dict) -> list[str]:
    """Print the summary; return what needs a look (unexplained findings, low scores)."""
    problems = []
    print("\n=== make scan: summary ===")
    print(f"HEAD like GET on {len(HEAD_PAGES)} public pages: ", end="")
    print("yes" if not summary["head"] else "NO")
    for line in summary["head"]:
        print(f"  {line}")
        problems.append(f"HEAD: {line}")
    if "wapiti" in summary:
        wapiti = summary["wapiti"]
        print(f"\n{wapiti['version']}")
        if wapiti["error"]:
            print(f"  {wapiti['error']}")
            problems.append(f"wapiti: {wapiti['error']}")
        by_category: dict[str, list[dict]] = {}
        for finding in wapiti["findings"]:
            by_category.setdefault(finding["category"], []).append(finding)
        print(f"  modules run: {', '.join(wapiti['modules_run']) or '-'}")
        if wapiti["cut_short"]:
            print(
                f"  cut short by the time bound: {', '.join(wapiti['cut_short'])}"
                " (`python -m scan.run --budget 1200` gives wapiti more time)"
            )
        if not by_category:
            print("  no finding")
        for category, findings in sorted(by_category.items()):
            print(f"  {category}: {len(findings)}")
            for finding in findings:
                explained = (finding["category"], finding["info"]) in EXPLAINED
                mark = "explained" if explained else "UNEXPLAINED"
                print(f"    [{mark}] {finding['method']} {finding['path']} {finding['info']}")
                if not explained:
                    problems.append(f"wapiti {category}: {finding['info']} ({finding['path']})")
    print("\nLighthouse 12.2.3 (Debian's Chromium; its default mobile emulation and throttling):")
    print(f"  {'page':<14}" + "".join(f"{category:>16}" for category in LIGHTHOUSE_CATEGORIES))
    for page, scores in summary["lighthouse"].items():
        print(f"  {page:<14}" + "".join(f"{scores[c]:>16}" for c in LIGHTHOUSE_CATEGORIES))
        for category, floor in LIGHTHOUSE_FLOORS.items():
            if scores[category] < floor:
                problems.append(f"Lighthouse {page} {category}: {scores[category]} < {floor}")
    print("\n" + ("Nothing beyond what the README explains." if not problems else "Look at:"))
    for problem in problems:
        print(f"  - {problem}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-wapiti", action="store_true", help="Lighthouse and HEAD only")
    parser.add_argument(
        "--budget",
        type=int,
        default=BUDGET_SECONDS,
        help="seconds for the whole run; wapiti gets what is left after seeding and Lighthouse",
    )
    parser.add_argument(
        "--keep-database", action="store_true", help="scan the last run's database again"
    )
    arguments = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make scan` (npm ci in scan/)")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    prepare_portal(keep_database=arguments.keep_database)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_portal(port)
    try:
        if not wait_for(f"{base}/healthz"):
            raise SystemExit("gunicorn did not answer /healthz (scan/out/gunicorn.log)")
        summary: dict = {"head": head_check(base)}
        summary["lighthouse"] = run_lighthouse(base)
        if not arguments.skip_wapiti:
            deadline = max(started + arguments.budget, time.monotonic() + WAPITI_MIN_SECONDS)
            report = run_wapiti(base, deadline)
            summary["wapiti"] = {
                "version": report.get("infos", {}).get("version", "?"),
                "error": report.get("error", ""),
                "findings": wapiti_findings(report),
                "modules_run": report.get("modules_run", []),
                "cut_short": report.get("cut_short", []),
            }
    finally:
        stop_portal(server)
    summary["seconds"] = round(time.monotonic() - started)
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2))
    problems = print_summary(summary)
    print(f"\n{summary['seconds']} s; reports in scan/out/ (wapiti.json, lighthouse-*.json)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
