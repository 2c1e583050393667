"""The visitors' shared pages are retired when what they list changes (registered in
HomeConfig.ready). Changes without a domain event (a cluster's description, the beat's
expiry of interests...) show within PUBLIC_PAGE_CACHE_SECONDS (core/page_cache.py)."""

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
)


def retire_public_pages(**payload: object) -> None:
    # After the commit: a page rendered before it would otherwise be stored again as new.
    transaction.on_commit(invalidate_public_pages)


for _name in LISTING_CHANGES:
    subscribe(_name)(retire_public_pages)
