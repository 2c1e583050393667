"""Reads asked on every request of a kind, their SQL compiled by the ORM once per process.

Why: the user's roles and the navigation's unread count are read on every signed-in page, an
API key on every API request, and compiling a queryset (lookups, joins, subqueries, quoting)
costs the CPU several times what running it does: ~0.4-1 ms against ~0.1-0.2 ms each. A
`PrecompiledQuery` keeps the rule a queryset (no table or column name written by hand) and
compiles it once per database, since the SQL differs by vendor (PostgreSQL in production,
SQLite in the zero-setup demo); each call then runs that SQL with its own parameters.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet


class PrecompiledQuery:
    """`build(*placeholders)` returns the queryset; `rows(*params)` (or `dicts`) runs its SQL
    with each of `params` where its placeholder was, and returns the rows as the database
    gives them (no field converters: select plain columns, or read them as the driver gives).

    Compiling finds each placeholder among the queryset's parameters and refuses the queryset
    unless each stands there exactly once: missing, its value would not reach the SQL; twice,
    a constant of the queryset's own equals it and would be replaced too. The queryset's other
    parameters (its constants) are kept as compiled. Pick placeholders that no constant
    equals and that the ORM passes to the database unchanged (e.g. 0 for an id).
    """

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], *placeholders: object) -> None:
        self._build = build
        self._placeholders = placeholders
        # (alias, vendor): (sql, compiled params, index of the placeholder at each or None)
        self._compiled: dict[tuple[str, str], tuple[str, list[object], list[int | None]]] = {}
        # (alias, vendor): (model, its columns' attnames, converters by position), for `first`
        self._loaders: dict[tuple[str, str], tuple[type[Model], list[str], dict]] = {}

    def _compile(self, using: str) -> tuple[str, list[object], list[int | None]]:
        key = (using, connections[using].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            query = self._build(*self._placeholders).query
            sql, params = query.get_compiler(using=using).as_sql()
            slots = [self._slot(value) for value in params]
            for index, placeholder in enumerate(self._placeholders):
                if slots.count(index) != 1:
                    raise ValueError(
                        f"The placeholder {placeholder!r} stands {slots.count(index)} times among "
                        f"the queryset's parameters {tuple(params)!r}, not once"
                    )
            compiled = self._compiled[key] = (sql, list(params), slots)
        return compiled

    def _slot(self, value: object) -> int | None:
        for index, placeholder in enumerate(self._placeholders):
            if type(value) is type(placeholder) and value == placeholder:
                return index
        return None

    def sql(self, using: str = DEFAULT_DB_ALIAS) -> str:
        return self._compile(using)[0]

    def statement(self, *params: object, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list[object]]:
        """The SQL and its parameters, each placeholder's replaced by its value in `params`
        (e.g. for a `RawSQL` subquery of another queryset)."""
        if len(params) != len(self._placeholders):
            raise TypeError(f"{len(self._placeholders)} parameter(s) expected, got {len(params)}")
        sql, compiled, slots = self._compile(using)
        values = [
            value if slot is None else params[slot]
            for value, slot in zip(compiled, slots, strict=True)
        ]
        return sql, values

    def rows(self, *params: object, using: str = DEFAULT_DB_ALIAS) -> Sequence[tuple[Any, ...]]:
        sql, values = self.statement(*params, using=using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.fetchall()

    def first(self, *params: object, using: str = DEFAULT_DB_ALIAS) -> Model | None:
        """The first row as an instance of the queryset's model, loaded as the ORM loads it
        (the model's columns, each through its field's converters), or None. For a queryset
        of whole rows of one model: no `values()`, `only()`, `select_related()` or annotation
        (refused when compiled)."""
        sql, values = self.statement(*params, using=using)
        model, attnames, converters = self._loader(using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, (functions, expression) in converters.items():
            for convert in functions:
                row[position] = convert(row[position], expression, connection)
        return model.from_db(using, attnames, row)

    def _loader(self, using: str) -> tuple[type[Model], list[str], dict]:
        key = (using, connections[using].vendor)
        loader = self._loaders.get(key)
        if loader is None:
            queryset = self._build(*self._placeholders)
            compiler = queryset.query.get_compiler(using=using)
            compiler.setup_query()
            fields = queryset.model._meta.concrete_fields
            columns = [column for column, _, _ in compiler.select]
            whole = [getattr(column, "target", None) for column in columns] == list(fields)
            if compiler.klass_info is None or not whole or compiler.annotation_col_map:
                raise ValueError(f"{queryset.query} does not select whole {queryset.model} rows")
            converters = compiler.get_converters(columns)
            loader = self._loaders[key] = (queryset.model, [f.attname for f in fields], converters)
        return loader

    def dicts(self, *params: object, using: str = DEFAULT_DB_ALIAS) -> list[dict[str, Any]]:
        """The rows as {column name: value} (a `values()` queryset's names)."""
        sql, values = self.statement(*params, using=using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, values)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
