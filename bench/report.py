"""Markdown of `bench/results.json` for the README: `python -m bench.report`."""

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def markdown(results: dict) -> str:
    machine = results.get("machine", {})
    load = machine.get("load_average_1_5_15", [])
    lines = [
        f"Run of {results['date'][:10]} on {machine.get('cpus')} cores ({machine.get('cpu')}), "
        f"{machine.get('memory')}, Postgres {machine.get('postgres')} (default settings: 128 MB "
        f"shared_buffers), Python {machine.get('python')}; load average at the start "
        f"{', '.join(str(value) for value in load)}.",
    ]
    build = results.get("build")
    if build:
        lines.append(f"Dataset built in {build['seconds']:.0f} s.")
    lines += [
        "",
        "| page | p50 ms | p95 ms | max ms | queries | target p95 |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for page in results.get("pages", {}).values():
        if page.get("status") != "ok":
            lines.append(f"| {page['label']} | {page.get('status')} | | | | |")
            continue
        queries = page["queries_max"]
        if page["queries_min"] != queries:
            queries = f"{page['queries_min']}–{queries}"
        verdict = "met" if page["meets_target"] else "**missed**"
        lines.append(
            f"| {page['label']} | {page['p50_ms']} | {page['p95_ms']} | {page['max_ms']} | "
            f"{queries} | ≤ {page['target_p95_ms']:.0f} ms: {verdict} |"
        )
    matching = results.get("matching", {})
    lines.append("")
    if matching.get("status") == "ok":
        lines.append(
            f"- Matching one new opportunity against {matching['alerts']:,} active alerts and "
            f"{matching['organizations']:,} organizations: **{matching['set_based_ms']} ms** "
            f"(median of {matching['runs']}; first {matching['first_ms']} ms; "
            f"{matching['queries']} queries), {matching['alert_matches']:,} alert and "
            f"{matching['organization_matches']} organization matches. Naive Python loop over "
            f"the alerts: {matching['naive_ms']:.0f} ms ({matching['naive_alert_matches']:,} "
            f"matches): **{matching['ratio']:.0f}×**. Whole publication step (matches saved, "
            f"people notified): {matching['publish_pipeline_ms']:.0f} ms."
        )
    digests = results.get("digests", {})
    if digests.get("status") == "ok":
        lines.append(
            f"- Daily digests: {digests['digests']:,} e-mails listing "
            f"{digests['notifications']:,} notifications in {digests['seconds']:.1f} s "
            f"({digests['ms_per_digest']} ms each)"
            + ("." if digests.get("complete", True) else ", stopped at the time budget.")
        )
    for label, cold in results.get("cold_aggregates", {}).items():
        if "median_ms" in cold:
            lines.append(
                f"- {label[0].upper()}{label[1:]} computed without the cache (one request per "
                f"expiry pays it): {cold['median_ms']} ms."
            )
    load_test = results.get("load", {})
    if load_test.get("status") == "ok":
        steps = ", ".join(
            f"{step['users']} users: {step['rps']} req/s, p95 {step['p95_ms']:.0f} ms, "
            f"{step['errors']} errors"
            for step in load_test["steps"]
            if step.get("status") == "ok"
        )
        best = load_test.get("best_sustainable")
        lines.append(f"- Load test ({load_test['server']}; {load_test['client']}): {steps}.")
        lines.append(
            "- Highest sustainable rate (0 errors, p95 ≤ 150 ms): "
            + (f"**{best['rps']} req/s** ({best['users']} users)." if best else "**none**.")
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(json.loads(RESULTS.read_text())))
