"""The visitors' shared pages are retired when what they show changes (registered in
HomeConfig.ready): an organization, an opportunity, an event, a cluster's page (edited by its
staff). What changes without a domain event shows within the pages' lifetime
(core/page_cache.py): admin edits (the taxonomy, a new cluster) within
PUBLIC_PAGE_CACHE_SECONDS (10 min), the beat-refreshed aggregates of the home page and
`/stats/` within a minute (those pages live no longer). Changes that no public page shows
(interests, meetings, memberships, accounts) retire nothing."""

from django.db import transaction

from core.domain_events import subscribe
from core.page_cache import invalidate_public_pages

LISTING_CHANGES = (
    "organization.created",
    "organization.updated",
    "organization.hidden",
    "opportunity.published",
    "opportunity.edited",
    "opportunity.renewed",
    "opportunity.closed",
    "opportunity.expired",
    "event.published",
    "event.updated",
    "event.closed",
    "cluster.updated",
)


def retire_public_pages(**payload: object) -> None:
    # After the commit: a page rendered before it would otherwise be stored again as new.
    transaction.on_commit(invalidate_public_pages)


for _name in LISTING_CHANGES:
    subscribe(_name)(retire_public_pages)
