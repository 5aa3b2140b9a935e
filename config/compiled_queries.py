"""Querysets compiled to SQL once per database, then run again with new values.

A small read (one claim by id, its evidence, its links) spends most of its Python time building
and compiling the ORM queryset: resolving field paths, setting up joins, writing the SQL. The
SQL is the same on every request; only a value or two changes. `CompiledQuery` builds the
queryset once per database alias with stand-in values, keeps the compiled SQL and parameters,
and on each run puts the real values in place of the stand-ins, executes through the
connection's own cursor (so query logging, counting and execute wrappers still see it) and
applies the ORM's converters to the rows. The SQL is still the ORM's: a model or queryset
change reaches it on the next process start.

Stand-ins are integers (ids) or date-times (a cursor's position); anything that changes the
query's shape (which filters apply, who may see what, the ordering) belongs in the cache key,
as a separate `CompiledQuery` or a `variant`. A page's window (LIMIT and OFFSET) is written
into the SQL, at its end or, for a query built with the `WINDOW` slice, where that slice is.
"""

import copy
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import orjson
from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import DateTimeField, Field, JSONField, QuerySet
from django.db.models.expressions import Col

from config.pooled_reads import read_cursor

# Large negative numbers: no id, count or constant of ours takes them, so a stand-in found in
# the compiled parameters is one of ours (compilation checks that each one is found).
FIRST_STAND_IN = -987_654_321_000
_stand_ins = count(FIRST_STAND_IN, -1)
EPOCH_OF_STAND_INS = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)
_stand_ins_lock = threading.Lock()
# A slice no page asks for. A query built with it (a subquery sliced `[WINDOW]`) has its
# LIMIT and OFFSET in the compiled SQL, where `rows()` writes the page's own.
WINDOW = slice(900_000_001, 1_800_000_003)


@dataclass(frozen=True, eq=False)  # identity: a key of the per-connection converters
class _Compiled:
    compiler: Any
    sql: str
    params: tuple
    # For each parameter position, the name of the value that replaces it (None: keep).
    slots: tuple[str | None, ...]
    names: tuple[str, ...]
    # The SQL of the `WINDOW` slice, when the query was built with it.
    window: str | None = None


class CompiledQuery:
    """A `values()` queryset compiled once per database alias (and variant), run many times.

    `build(variant, **values)` returns the queryset; it is called once per alias and variant
    with stand-ins for `values`. `rows(using=..., variant=..., **values)` then runs the
    compiled SQL with the real values and returns the rows as dicts, as `values()` would.

    Values are integers unless `fields` names the model field a value is compared with (a
    `DateTimeField` for a cursor's position): such a value is then prepared for the database
    as the ORM prepares a lookup's value, and a value the field refuses raises its
    ValidationError. `limit` and `offset` are written into the SQL as the ORM writes them
    (integers only): at its end, or in place of the `WINDOW` slice when the query has one
    (such a query needs a `limit`).
    """

    def __init__(
        self, build: Callable[..., QuerySet], *value_names: str, fields: dict | None = None
    ) -> None:
        self.build = build
        self.value_names = value_names
        self.fields: dict[str, Field] = fields or {}
        self._compiled: dict[tuple[str, Hashable], _Compiled] = {}

    def rows(
        self,
        *,
        using: str,
        variant: Hashable = None,
        limit: int | None = None,
        offset: int = 0,
        **values: Any,
    ) -> list[dict]:
        """The rows for these values, as dicts keyed like `values()`."""
        compiled = self._compiled.get((using, variant))
        if compiled is None:
            compiled = self._compiled[using, variant] = self._compile(using, variant)
        connection = connections[using]
        prepared = {
            name: _prepared(self.fields[name], value, connection) if name in self.fields else value
            for name, value in values.items()
        }
        params = [
            value if name is None else prepared[name]
            for value, name in zip(compiled.params, compiled.slots, strict=True)
        ]
        sql = compiled.sql
        if limit is not None:
            # Written into the SQL, as the ORM writes them: as parameters, PostgreSQL's
            # generic plan for a prepared statement cannot count on a small LIMIT (a page
            # took 1.5 ms instead of 1.0).
            window = f"LIMIT {int(limit)} OFFSET {int(offset)}"
            if compiled.window is None:
                sql = f"{sql} {window}"
            else:
                sql = sql.replace(compiled.window, window)
        elif compiled.window is not None:
            raise ValueError(f"{self.build.__qualname__}: a windowed query needs a limit")
        # Django's cursor, or one borrowed from the pool for this statement (pooled_reads).
        with read_cursor(connection) as (cursor, driver):
            _load_utc_natively(connection, driver)
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if not fetched:
            return []
        converters = _converters(compiled, connection)
        names = compiled.names
        if not converters:
            return [dict(zip(names, row, strict=True)) for row in fetched]
        out = []
        for fetched_row in fetched:
            row = list(fetched_row)
            for position, (functions, expression) in converters:
                value = row[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[position] = value
            out.append(dict(zip(names, row, strict=True)))
        return out

    def _compile(self, using: str, variant: Hashable) -> _Compiled:
        connection = connections[using]
        with _stand_ins_lock:
            stand_ins = {name: _stand_in(self.fields.get(name)) for name in self.value_names}
        queryset = self.build(variant, **stand_ins).using(using)
        query = queryset.query
        if query.is_sliced:
            raise ValueError(f"{self.build.__qualname__}: pass limit and offset to rows()")
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        by_value = {
            _prepared(self.fields[name], value, connection) if name in self.fields else value: name
            for name, value in stand_ins.items()
        }
        slots = tuple(by_value.get(param) if _hashable(param) else None for param in params)
        missing = set(self.value_names) - set(slots)
        if missing or any(str(value) in sql for value in by_value):
            raise ValueError(
                f"{self.build.__qualname__}: the values {sorted(missing) or list(by_value)} are "
                "not parameters of the compiled SQL; they cannot be replaced"
            )
        window = connection.ops.limit_offset_sql(WINDOW.start, WINDOW.stop)
        found = sql.count(window)
        if found > 1:
            raise ValueError(f"{self.build.__qualname__}: the WINDOW slice is used {found} times")
        # As ValuesIterable names the columns.
        if query.selected:
            names = tuple(query.selected)
        else:
            names = (*query.extra_select, *query.values_select, *query.annotation_select)
        return _Compiled(compiler, sql, tuple(params), slots, names, window if found else None)


def _converters(compiled: _Compiled, connection) -> list[tuple[int, tuple]]:
    """The ORM's converters of the compiled query's columns, as `results_iter` applies them.

    They are bound to a connection wrapper, and each thread has its own, so they are kept on
    the wrapper (one list per compiled query) rather than shared.
    """
    kept = connection.__dict__.setdefault("_compiled_query_converters", {})
    converters = kept.get(compiled)
    if converters is None:
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connection
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = kept[compiled] = [
            (position, (tuple(_faster(f, expression) for f in functions), expression))
            for position, (functions, expression) in compiler.get_converters(fields).items()
        ]
    return converters


def _load_utc_natively(connection, cursor) -> None:
    """Register psycopg's own date-time loader on `cursor` (a driver cursor) where it reads
    what Django's does (`_utc_timestamp_loader`)."""
    loader = _utc_timestamp_loader(connection, cursor)
    if loader is not None:
        cursor.adapters.register_loader("timestamptz", loader)


def _utc_timestamp_loader(connection, cursor) -> type | None:
    """psycopg's own date-time loader, when it reads what Django's does: on PostgreSQL, with
    the ORM's time zone and the session's both UTC, the same aware UTC date-times.

    Django loads every `timestamptz` through a Python wrapper around psycopg's loader (it puts
    the connection's time zone on each value); a list page of 50 claims loads 150 date-times,
    and the wrapper was a sixth of the page's time. Otherwise None: Django's loader stays.
    """
    if connection.vendor != "postgresql":
        return None
    kept = connection.__dict__.get("_compiled_query_timestamp_loader", False)
    if kept is not False:
        return kept
    from psycopg import adapters, postgres  # only on PostgreSQL
    from psycopg.pq import Format

    # Every connection of an alias is set to the same session time zone (Django sets it as
    # the connection opens), so the first one seen answers for the wrapper.
    session_zone = cursor.connection.info.parameter_status("TimeZone")
    loader = None
    if connection.timezone is UTC and session_zone == "UTC":
        oid = postgres.types["timestamptz"].oid
        loader = adapters.get_loader(oid, Format.TEXT)
    connection.__dict__["_compiled_query_timestamp_loader"] = loader
    return loader


def _faster(convert: Callable, expression: Any) -> Callable:
    """`convert`, or an equivalent that runs faster: a JSON column with the standard decoder is
    decoded by orjson (a list page decodes 50 credibility reasons; json.loads was a fifth of
    the page's conversion time), and so is an array of JSON (the detail's evidence and links
    on PostgreSQL), falling back to the field's own converter for anything orjson refuses
    (integers beyond 64 bits), so the values are always those of the ORM."""
    field = getattr(convert, "__self__", None)
    function = getattr(convert, "__func__", None)
    if (
        function is JSONField.from_db_value
        and field.decoder is None
        and isinstance(expression, Col)
    ):

        def from_db_value(value, expression, connection):
            if value is None:
                return None
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                return convert(value, expression, connection)

        return from_db_value
    if (
        function is ArrayField._from_db_value
        and type(field.base_field) is JSONField
        and field.base_field.decoder is None
    ):

        def array_from_db_value(value, expression, connection):
            if value is None:
                return None
            try:
                return [None if item is None else orjson.loads(item) for item in value]
            except orjson.JSONDecodeError:
                return convert(value, expression, connection)

        return array_from_db_value
    return convert


def _stand_in(field: Field | None) -> Any:
    """A value no real request carries: a large negative integer, or a date-time in 1901."""
    number = next(_stand_ins)
    if field is None:
        return number
    if isinstance(field, DateTimeField):
        return EPOCH_OF_STAND_INS + timedelta(microseconds=number - FIRST_STAND_IN)
    raise TypeError(f"no stand-in for a {type(field).__name__}")


def _prepared(field: Field, value: Any, connection) -> Any:
    """`value` as the ORM passes it to the database when comparing it with `field`."""
    return field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)


def _hashable(value: Any) -> bool:
    return isinstance(value, int | str | datetime)
