"""Cursor pages in the order rows last changed: a sync can stop and resume at any page."""

from rest_framework.pagination import CursorPagination

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class SyncCursorPagination(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("updated_at", "id")


class IdCursorPagination(SyncCursorPagination):
    """For rows listed in the order they were written (tombstones)."""

    ordering = ("id",)
