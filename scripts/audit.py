"""Supply-chain and static security checks run by `make audit` (and so by `make test`).

1. pip-audit over the lock exported as a hashed requirements file (the path given as the only
   argument, `make audit` passes `build/requirements-test+bench.txt`): known vulnerabilities
   in the exact versions that are deployed and tested, whatever the virtualenv holds.
2. bandit over the project's own code (configuration: `[tool.bandit]` in pyproject.toml).

Policy (documented in the README, "Security and operations"):

- a known vulnerability that is not listed in IGNORED_VULNERABILITIES below fails;
- a bandit finding fails (accepted ones carry a `# nosec BXXX` with the reason next to it);
- the vulnerability service being unreachable (no network, DNS, proxy, TLS, timeout) or not
  knowing some installed versions only WARNS: an outage of a third-party service must not turn
  CI red, and it does not mean a vulnerability was found. The warning says how many
  dependencies were really checked. `AUDIT_STRICT=1` turns those warnings into failures (for
  a release pipeline with a reliable connection);
- pip-audit failing for any other reason (a bug, a bad option) fails.
"""

import json
import os
import subprocess  # nosec B404 - runs the two audit tools with fixed argv, no shell
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Vulnerability id -> why it does not apply to this project. Every entry needs a reason and
# should be removed as soon as a fixed version can be installed.
IGNORED_VULNERABILITIES: dict[str, str] = {}

NETWORK_ERROR_MARKERS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "ProxyError",
    "SSLError",
    "Max retries exceeded",
    "Name or service not known",
    "Temporary failure in name resolution",
    "Connection refused",
    "Network is unreachable",
    "timed out",
)


def strict() -> bool:
    return os.environ.get("AUDIT_STRICT", "") not in ("", "0", "false", "no")


def is_network_failure(stderr: str) -> bool:
    return any(marker in stderr for marker in NETWORK_ERROR_MARKERS)


def judge_pip_audit(report: dict) -> tuple[list[str], list[str], int]:
    """(failures, warnings, number of dependencies checked) for a pip-audit JSON report."""
    failures, skipped = [], []
    checked = 0
    for dependency in report.get("dependencies", []):
        name = dependency["name"]
        if "skip_reason" in dependency:
            skipped.append(name)
            continue
        checked += 1
        for vulnerability in dependency.get("vulns", []):
            ids = [vulnerability["id"], *vulnerability.get("aliases", [])]
            if any(vuln_id in IGNORED_VULNERABILITIES for vuln_id in ids):
                continue
            fixes = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version yet"
            failures.append(
                f"{name} {dependency['version']}: {vulnerability['id']} (fixed in: {fixes})"
            )
    warnings = []
    if skipped:
        warnings.append(
            f"the vulnerability service had no data for {len(skipped)} of "
            f"{len(skipped) + checked} locked distributions, which were not checked: "
            + ", ".join(sorted(skipped))
        )
    return failures, warnings, checked


def pip_audit_command(requirements: Path, output: Path) -> list[str]:
    """Audit the lock as written (hashed, fully pinned): no pip, no resolution, no venv."""
    command = [
        str(BIN / "pip-audit"),
        "--requirement",
        str(requirements),
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        "--output",
        str(output),
        "--timeout",
        os.environ.get("PIP_AUDIT_TIMEOUT", "15"),
    ]
    for vuln_id in IGNORED_VULNERABILITIES:
        command += ["--ignore-vuln", vuln_id]
    return command


def run_pip_audit(requirements: Path) -> tuple[list[str], list[str], str]:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "pip-audit.json"
        command = pip_audit_command(requirements, output)
        result = subprocess.run(  # noqa: S603  # nosec B603 - fixed argv, no shell
            command, capture_output=True, text=True, cwd=ROOT, check=False
        )
        report_text = output.read_text() if output.exists() else ""
    if report_text:
        failures, warnings, checked = judge_pip_audit(json.loads(report_text))
        return failures, warnings, f"pip-audit: {checked} distributions checked"
    tail = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
    if is_network_failure(result.stderr):
        return [], [f"the vulnerability service could not be reached: {tail}"], "pip-audit"
    return [f"pip-audit failed (exit {result.returncode}): {tail}"], [], "pip-audit"


def run_bandit() -> tuple[list[str], str]:
    command = [
        str(BIN / "bandit"),
        "--configfile",
        "pyproject.toml",
        "--recursive",
        ".",
        "--format",
        "json",
        "--quiet",
    ]
    result = subprocess.run(  # noqa: S603  # nosec B603 - fixed argv, no shell
        command, capture_output=True, text=True, cwd=ROOT, check=False
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return [f"bandit failed (exit {result.returncode}): {result.stderr.strip()}"], "bandit"
    failures = [
        f"{item['filename']}:{item['line_number']} {item['test_id']} "
        f"({item['issue_severity']}): {item['issue_text']}"
        for item in report["results"]
    ]
    failures += [
        f"bandit could not scan {item['filename']}: {item['reason']}" for item in report["errors"]
    ]
    totals = report["metrics"]["_totals"]
    summary = (
        f"bandit: {len(report['metrics']) - 1} files, {totals['loc']} lines scanned, "
        f"{totals['nosec'] + totals.get('skipped_tests', 0)} accepted with # nosec"
    )
    return failures, summary


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: audit.py REQUIREMENTS (the lock exported with hashes)", file=sys.stderr)
        return 2
    audit_failures, audit_warnings, audit_summary = run_pip_audit(Path(sys.argv[1]))
    bandit_failures, bandit_summary = run_bandit()
    failures = audit_failures + bandit_failures
    if strict():
        failures += [f"(strict) {warning}" for warning in audit_warnings]
        audit_warnings = []
    for warning in audit_warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    print(f"{audit_summary}; {bandit_summary}; {len(failures)} findings")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
