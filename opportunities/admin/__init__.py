"""Opportunities in the admin: the list and the moderation queue, interests and their log,
and the published-opportunity count on the organizations' list."""

from . import interests, moderation, opportunities, organizations

__all__ = ["interests", "moderation", "opportunities", "organizations"]
