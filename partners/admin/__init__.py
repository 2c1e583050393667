"""The admin of organizations, of the people in them, and of clusters (which count them)."""

from . import clusters, organizations, users

__all__ = ["clusters", "organizations", "users"]
