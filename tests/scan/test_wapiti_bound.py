"""`make scan` keeps wapiti within the run's time bound and still gets its report.

wapiti 3.0.4 checks its own per-module bound only between the requests it attacks, so the scan
interrupts it at the deadline as a person would: Ctrl+C, answered "n" (next module) until no
module is left. A stand-in with wapiti's prompt, module banner and report checks that loop.
"""

import json
import sys
import time

import pytest

from scan import run

FAKE_WAPITI = """
import json, os, sys, time
output = sys.argv[sys.argv.index("-o") + 1]
for module in ("crlf", "sql", "xss"):
    print(f"[*] Launching module {module}", flush=True)
    try:
        time.sleep(float(os.environ["FAKE_MODULE_SECONDS"]))
    except KeyboardInterrupt:
        print("Attack process was interrupted. Do you want to:", flush=True)
        answer = input("? ").strip()
        assert answer == "n", answer
json.dump({"infos": {"version": "fake"}, "vulnerabilities": {}, "anomalies": {}}, open(output, "w"))
"""


@pytest.fixture
def fake_wapiti(tmp_path, monkeypatch):
    script = tmp_path / "wapiti"
    script.write_text(f"#!{sys.executable}\n{FAKE_WAPITI}")
    script.chmod(0o755)
    monkeypatch.setattr(run, "WAPITI", str(script))
    monkeypatch.setattr(run, "OUT", tmp_path)
    monkeypatch.setattr(run, "WAPITI_INTERRUPT_EVERY_SECONDS", 0.5)
    monkeypatch.setenv("FAKE_MODULE_SECONDS", "60")
    return script


def test_it_interrupts_the_modules_left_at_the_deadline_and_keeps_the_report(fake_wapiti):
    started = time.monotonic()

    report = run.run_wapiti("http://127.0.0.1:9", deadline=time.monotonic() + 1)

    assert report["infos"]["version"] == "fake"
    assert report["modules_run"] == ["crlf", "sql", "xss"]
    assert report["cut_short"] == ["crlf", "sql", "xss"]
    assert time.monotonic() - started < 30
    assert json.loads((run.OUT / "wapiti.json").read_text())["infos"]["version"] == "fake"


def test_a_scan_that_ends_in_time_is_not_cut(fake_wapiti, monkeypatch):
    monkeypatch.setenv("FAKE_MODULE_SECONDS", "0")

    report = run.run_wapiti("http://127.0.0.1:9", deadline=time.monotonic() + 30)

    assert report["modules_run"] == ["crlf", "sql", "xss"]
    assert report["cut_short"] == []
