"""Matching one new opportunity against every alert and organization, and the daily digests
(bench/matching_data.py; both in a transaction that is rolled back)."""

from bench import matching_data
from bench.sections import Context, section

MATCHING_TARGET_MS = 200.0
MATCHING_MIN_RATIO = 40.0


def matching_lines(matching: dict) -> list[str]:
    if matching.get("status") != "ok":
        return [f"- Matching: {matching.get('status')} {matching.get('error', '')}"]
    met = matching["set_based_ms"] <= MATCHING_TARGET_MS and matching["ratio"] >= MATCHING_MIN_RATIO
    out = [
        f"- Matching one new opportunity against {matching['alerts']:,} active alerts and "
        f"{matching['organizations']:,} organizations: **{matching['set_based_ms']} ms** "
        f"(median of {matching['runs']}; first {matching['first_ms']} ms; "
        f"{matching['queries']} queries), {matching['alert_matches']:,} alert and "
        f"{matching['organization_matches']} organization matches. Naive Python loop over "
        f"the alerts: {matching['naive_ms']:.0f} ms ({matching['naive_alert_matches']:,} "
        f"matches): **{matching['ratio']:.0f}×** (target ≤ {MATCHING_TARGET_MS:.0f} ms and "
        f"≥ {MATCHING_MIN_RATIO:.0f}×: {'met' if met else '**missed**'}). Whole publication "
        f"step (matches saved, people notified): {matching['publish_pipeline_ms']:.0f} ms."
    ]
    if "cjk_set_based_ms" in matching:
        out.append(
            f"- Matching the same offer written in Chinese ({matching['cjk_keyword_alerts']:,} "
            f"alerts with CJK keywords): {matching['cjk_set_based_ms']:.1f} ms, "
            f"{matching['cjk_alert_matches']:,} alert matches: "
            f"{matching['cjk_added_share']:+.0%} against English (target ≤ +10 %)."
        )
    return out


@section("matching", "Matching", order=30, lines=matching_lines)
def measure_matching(ctx: Context) -> dict:
    return matching_data.measure_matching(ctx.targets)


def digest_lines(digests: dict) -> list[str]:
    if digests.get("status") != "ok":
        return [f"- Digests: {digests.get('status')} {digests.get('error', '')}"]
    return [
        f"- Daily digests: {digests['digests']:,} e-mails listing "
        f"{digests['notifications']:,} notifications in {digests['seconds']:.1f} s "
        f"({digests['ms_per_digest']} ms each)"
        + ("." if digests.get("complete", True) else ", stopped at the time budget.")
    ]


@section("digests", "Daily digests", order=31, lines=digest_lines)
def measure_digests(ctx: Context) -> dict:
    return matching_data.measure_digests()
