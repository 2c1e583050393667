"""Reads asked on every signed-in request, their SQL compiled by the ORM once per process.

Why: the user's roles and the navigation's unread count are read on every signed-in page, and
compiling a queryset (lookups, joins, quoting) costs the CPU several times what running it
does: ~0.4-0.9 ms against ~0.1-0.2 ms each. A `PrecompiledQuery` keeps the rule a queryset
(no table or column name written by hand) and compiles it once per database, since the SQL
differs by vendor (PostgreSQL in production, SQLite in the zero-setup demo); each request then
runs that SQL with its own parameters.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet


class PrecompiledQuery:
    """`build(*placeholders)` returns the queryset; `rows(*params)` runs its SQL with `params`
    in the placeholders' places and returns the rows as the database gives them (no field
    converters: select plain columns).

    Compiling checks that the queryset's parameters are exactly `placeholders`, in order, and
    refuses any other (a constant of the queryset's own, a placeholder used twice or not at
    all): its SQL would run with the wrong values. Pick placeholders that no real parameter
    equals and that the ORM passes to the database unchanged (e.g. 0 for an id).
    """

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], *placeholders: object) -> None:
        self._build = build
        self._placeholders = placeholders
        self._sql: dict[tuple[str, str], str] = {}

    def sql(self, using: str = DEFAULT_DB_ALIAS) -> str:
        key = (using, connections[using].vendor)
        sql = self._sql.get(key)
        if sql is None:
            query = self._build(*self._placeholders).query
            sql, params = query.get_compiler(using=using).as_sql()
            if tuple(params) != self._placeholders:
                raise ValueError(
                    f"The queryset compiles the parameters {tuple(params)!r}, "
                    f"not exactly the placeholders {self._placeholders!r}"
                )
            self._sql[key] = sql
        return sql

    def rows(self, *params: object, using: str = DEFAULT_DB_ALIAS) -> Sequence[tuple[Any, ...]]:
        if len(params) != len(self._placeholders):
            raise TypeError(f"{len(self._placeholders)} parameter(s) expected, got {len(params)}")
        sql = self.sql(using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
