"""Issue 20's figures: the cluster KPI page for a 12-month range, the CSV/XLSX download of a
cluster's members, and the daily nudge task over every introduction (in a transaction that is
rolled back, so the bench database stays as built)."""

import datetime
import statistics
import time

from bench.common import log
from bench.sections import Context, section
from bench.sections.pages import Page, measure_page

KPI_TARGET_MS = 100.0
DOWNLOAD_TARGET_MS = 2000.0
NUDGE_TARGET_S = 60.0


class _Rollback(Exception):
    pass


def _downloads(ctx: Context) -> dict:
    from django.db.models import Count

    from bench.sections.pages import page_client
    from clusters.models import ClusterStaff

    staff = ClusterStaff.objects.filter(user_id=ctx.targets.staff_user_id).first()
    members = (
        staff.cluster.organizations.filter(is_active=True).aggregate(n=Count("pk"))["n"]
        if staff
        else 0
    )
    client = page_client(ctx.targets.staff_user_id)
    result: dict = {"cluster_members": members}
    for fmt in ("csv", "xlsx"):
        times = []
        size = 0
        for _ in range(3):
            began = time.perf_counter()
            response = client.get(f"/stats/cluster/members.{fmt}")
            body = (
                b"".join(response.streaming_content)
                if getattr(response, "streaming", False)
                else response.content
            )
            times.append((time.perf_counter() - began) * 1000)
            size = len(body)
            if response.status_code != 200:
                return {"status": "error", "error": f"{fmt}: HTTP {response.status_code}"}
        median = statistics.median(times)
        # Another range than the last 12 months (which the beat keeps computed), as long but
        # ending yesterday: its first request computes the figures.
        end = datetime.date.today() - datetime.timedelta(days=1 + ["csv", "xlsx"].index(fmt))
        other = {"start": (end - datetime.timedelta(days=364)).isoformat(), "end": end.isoformat()}
        began = time.perf_counter()
        response = client.get(f"/stats/cluster/members.{fmt}", other)
        b"".join(response.streaming_content) if response.streaming else response.content
        cold = (time.perf_counter() - began) * 1000
        result[fmt] = {
            "median_ms": round(median, 1),
            "cold_range_ms": round(cold, 1),
            "bytes": size,
            "meets_target": max(median, cold) <= DOWNLOAD_TARGET_MS,
        }
        log(f"cluster members .{fmt}: {median:.0f} ms, another range {cold:.0f} ms, {size:,} bytes")
    return result


def _nudges() -> dict:
    from django.db import transaction

    from followups.services import nudges_send_due
    from opportunities.models import ExpressionOfInterest, InterestStatus

    introductions = ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED).count()
    result: dict = {"introductions": introductions}
    try:
        with transaction.atomic():
            began = time.perf_counter()
            result["nudged"] = nudges_send_due()
            result["seconds"] = round(time.perf_counter() - began, 2)
            raise _Rollback
    except _Rollback:
        pass
    result["ms_per_nudge"] = round(1000 * result["seconds"] / max(1, result["nudged"]), 2)
    # The target is for 2,000 due nudges: judged on the time per nudge at smaller scales.
    result["meets_target"] = max(result["seconds"], result["ms_per_nudge"] * 2) <= NUDGE_TARGET_S
    log(
        f"daily nudges: {result['nudged']:,} of {introductions:,} introductions in "
        f"{result['seconds']} s"
    )
    return result


def lines(result: dict) -> list[str]:
    out = []
    kpi = result.get("kpi_page", {})
    if kpi.get("status") == "ok":
        out.append(
            f"- Cluster KPI page, 12 months (staff of the largest cluster): p50 {kpi['p50_ms']} "
            f"ms, p95 **{kpi['p95_ms']} ms**, SQL share {kpi['sql_share']:.0%}, "
            f"{kpi['queries_max']} queries (target p95 ≤ {KPI_TARGET_MS:.0f} ms: "
            f"{'met' if kpi['meets_target'] else '**missed**'})."
        )
    else:
        out.append(f"- Cluster KPI page: {kpi.get('status')} {kpi.get('error', '')}")
    downloads = result.get("downloads", {})
    for fmt in ("csv", "xlsx"):
        if fmt in downloads:
            figures = downloads[fmt]
            out.append(
                f"- Members download .{fmt} ({downloads['cluster_members']:,} members): "
                f"**{figures['median_ms']:.0f} ms** (median of 3, {figures['bytes']:,} bytes), "
                f"another range than the last 12 months (computed by its first request) "
                f"**{figures.get('cold_range_ms', 0):.0f} ms** ("
                f"target ≤ {DOWNLOAD_TARGET_MS:.0f} ms: "
                f"{'met' if figures['meets_target'] else '**missed**'})."
            )
    nudges = result.get("nudges", {})
    if "seconds" in nudges:
        out.append(
            f"- Daily nudge task: {nudges['nudged']:,} follow-ups nudged among "
            f"{nudges['introductions']:,} introductions in **{nudges['seconds']} s**, "
            f"{nudges.get('ms_per_nudge', '?')} ms per nudge, so "
            f"{nudges.get('ms_per_nudge', 0) * 2:.1f} s for 2,000 (target ≤ "
            f"{NUDGE_TARGET_S:.0f} s: {'met' if nudges['meets_target'] else '**missed**'})."
        )
    return out


@section("followups", "Follow-ups and cluster KPIs (issue 20)", order=50, lines=lines)
def measure(ctx: Context) -> dict:
    page = Page(
        "cluster_kpi",
        "Cluster KPI page, 12 months",
        "staff_user_id",
        lambda t, i: "/stats/cluster/",
        KPI_TARGET_MS,
    )
    result: dict = {"kpi_page": measure_page(page, ctx.targets, min(ctx.args.requests, 100))}
    kpi = result["kpi_page"]
    if kpi.get("status") == "ok":
        log(f"cluster KPI page: p50 {kpi['p50_ms']} ms, p95 {kpi['p95_ms']} ms")
    result["downloads"] = _downloads(ctx)
    result["nudges"] = _nudges()
    return result
