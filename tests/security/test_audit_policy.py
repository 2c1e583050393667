"""scripts/audit.py: a vulnerability fails, an unreachable vulnerability service only warns."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent.parent / "scripts" / "audit.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("wlscc_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vulnerable(vuln_id="PYSEC-2099-1", aliases=()):
    return {
        "name": "django",
        "version": "5.2.0",
        "vulns": [{"id": vuln_id, "aliases": list(aliases), "fix_versions": ["5.2.1"]}],
    }


def test_a_known_vulnerability_fails(audit):
    failures, _, _ = audit.judge_pip_audit({"dependencies": [vulnerable()]})

    assert failures == ["django 5.2.0: PYSEC-2099-1 (fixed in: 5.2.1)"]


def test_an_ignored_vulnerability_does_not_fail(audit, monkeypatch):
    monkeypatch.setitem(audit.IGNORED_VULNERABILITIES, "GHSA-xxxx", "not reachable: reason")

    failures, _, _ = audit.judge_pip_audit({"dependencies": [vulnerable(aliases=["GHSA-xxxx"])]})

    assert failures == []


def test_dependencies_the_service_does_not_know_only_warn(audit):
    report = {
        "dependencies": [
            {"name": "celery", "skip_reason": "Dependency not found on PyPI"},
            {"name": "django", "version": "5.2.0", "vulns": []},
        ]
    }

    failures, warnings, checked = audit.judge_pip_audit(report)

    assert (failures, checked) == ([], 1)
    assert "1 of 2" in warnings[0]


def test_it_audits_the_lock_not_the_virtualenv(audit, tmp_path):
    lock = tmp_path / "requirements.txt"

    command = audit.pip_audit_command(lock, tmp_path / "out.json")

    assert command[command.index("--requirement") + 1] == str(lock)
    assert "--disable-pip" in command


@pytest.mark.parametrize(
    "stderr",
    [
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443)",
        "requests.exceptions.ProxyError: Max retries exceeded with url: /pypi/amqp/5.4.2/json",
        "socket.gaierror: [Errno -3] Temporary failure in name resolution",
        "requests.exceptions.ReadTimeout: HTTPSConnectionPool(...): Read timed out.",
    ],
)
def test_network_failures_are_recognised(audit, stderr):
    assert audit.is_network_failure(stderr)


def test_other_pip_audit_crashes_are_not_taken_for_network_failures(audit):
    assert not audit.is_network_failure("pip-audit: error: unrecognized arguments: --bogus")


def test_strict_mode_is_off_unless_asked(audit, monkeypatch):
    monkeypatch.delenv("AUDIT_STRICT", raising=False)
    assert not audit.strict()

    monkeypatch.setenv("AUDIT_STRICT", "1")
    assert audit.strict()
