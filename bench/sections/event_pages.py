"""Issue 18's page targets: on an event of 2,000 participants and 20,000 requests (scaled,
bench/event_data.py), the participant catalogue (first page, deep pages, filters, search),
a busy participant's agenda and their `.ics` feed, each p95 ≤ 50 ms with a fixed number of
queries. The event is written and measured in a transaction that is rolled back."""

import random
from urllib.parse import urlencode

from bench import event_data, vocab
from bench.common import Targets, log
from bench.sections import Context, section
from bench.sections.pages import PAGE_P95_TARGET_MS, Page, measure_page
from bench.sections.pages import lines as page_lines


class _Rollback(Exception):
    pass


def _pages(slug: str, token: str, last_page: int) -> list[Page]:
    base = f"/events/{slug}/participants/"

    def deep(t: Targets, i: int) -> str:
        return f"{base}?page={1 + (i * 7) % max(1, last_page)}"

    def filters(t: Targets, i: int) -> str:
        rng = random.Random(i)
        choices = {
            "cluster": rng.choice(t.cluster_slugs),
            "country": rng.choice(t.countries),
            "kind": rng.choice(t.kinds),
            "area": rng.choice(t.area_slugs),
        }
        chosen = rng.sample(sorted(choices), rng.randint(1, 2))
        return f"{base}?{urlencode({name: choices[name] for name in chosen})}"

    def search(t: Targets, i: int) -> str:
        term = vocab.SEARCH_TERMS[i % len(vocab.SEARCH_TERMS)]
        field = ("q", "q", "offers", "seeks")[i % 4]
        return f"{base}?{urlencode({field: term})}"

    return [
        Page("catalogue", "Participant catalogue, first page", "busy_user_id", lambda t, i: base),
        Page("catalogue_deep", "Participant catalogue, any page", "busy_user_id", deep),
        Page("catalogue_filters", "Participant catalogue, 1-2 filters", "busy_user_id", filters),
        Page("catalogue_search", "Participant catalogue, search", "busy_user_id", search),
        Page(
            "agenda",
            "Agenda, busy participant",
            "busy_user_id",
            lambda t, i: f"/events/{slug}/agenda/",
        ),
        Page(
            "feed",
            "Calendar feed (.ics), busy participant",
            None,
            lambda t, i: f"/events/{slug}/agenda.ics?{urlencode({'token': token})}",
        ),
    ]


def lines(result: dict) -> list[str]:
    event = result.get("event", {})
    out = []
    if event:
        out.append(
            f"- Event: {event['participants']:,} participants ({event['approved']:,} approved), "
            f"{event['requests']:,} requests, {event['meetings']:,} meetings in "
            f"{event['slots']} slots ({event['tables']} tables); the busy participant has "
            f"{event['busy_meetings']} meetings. Generated in {event['seconds']} s "
            f"(rolled back afterwards). Target p95 ≤ {PAGE_P95_TARGET_MS:.0f} ms each."
        )
        out.append("")
    return out + page_lines(result.get("pages", {}))


@section("event_pages", "Partnering events: catalogue, agenda and calendar feed", order=84,
         lines=lines)  # fmt: skip
def measure(ctx: Context) -> dict:
    from django.db import transaction
    from django.test.utils import override_settings

    from events.selectors import feed_token
    from events.views import PARTICIPANTS_PER_PAGE

    result: dict = {}
    try:
        with transaction.atomic():
            event = event_data.build(scale=ctx.args.scale, busy_user_id=ctx.targets.busy_user_id)
            registration = event.pop("busy_registration")
            result["event"] = event
            log(
                f"event: {event['participants']:,} participants, {event['requests']:,} "
                f"requests, {event['meetings']:,} meetings in {event['seconds']} s"
            )
            last_page = -(-(event["approved"] - 1) // PARTICIPANTS_PER_PAGE)
            pages = _pages(event["slug"], feed_token(registration), last_page)
            result["pages"] = {}
            with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
                for page in pages:
                    measured = measure_page(page, ctx.targets, ctx.args.requests)
                    result["pages"][page.key] = measured
                    if measured.get("status") == "ok":
                        log(
                            f"{page.label}: p50 {measured['p50_ms']} ms, p95 "
                            f"{measured['p95_ms']} ms, {measured['queries_min']}-"
                            f"{measured['queries_max']} queries, SQL {measured['sql_share']:.0%}"
                        )
                    else:
                        log(f"{page.label}: {measured}")
            raise _Rollback
    except _Rollback:
        pass
    return result
