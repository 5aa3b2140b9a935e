"""Writing new rows and their history fast: COPY on PostgreSQL, bulk_create elsewhere.

Ids are reserved before writing (`reserve_ids`), so rows can be written with COPY and still be
referred to (by evidence, topics, history and the search index) straight away.

History rows are written here rather than with claims.bulk.history_bulk_create because these
are creations: simple_history's history_type is "+" for them, where history_bulk_create records
"~" (an update).
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import connection, models
from psycopg.types.json import Jsonb

HEAD = ("history_date", "history_user", "history_type", "history_change_reason")


def postgres() -> bool:
    return connection.vendor == "postgresql"


def concrete(model: type[models.Model]) -> list[models.Field]:
    """The model's columns, primary key first (the order of every row handled here)."""
    fields = list(model._meta.concrete_fields)
    assert fields[0].primary_key, f"{model.__name__}: the primary key is not the first field"
    return fields


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new ids for the model's table, in one statement or two.

    PostgreSQL: from the table's sequence. SQLite: by raising the table's AUTOINCREMENT
    counter, which also takes the database's write lock, so no other writer can hand out the
    same ids before this transaction ends.
    """
    if not count:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [qn(table), pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("UPDATE sqlite_sequence SET seq = seq + %s WHERE name = %s", [count, table])
        if not cursor.rowcount:
            cursor.execute(f"SELECT COALESCE(MAX({qn(pk)}), 0) FROM {qn(table)}")
            last = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last + count]
            )
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        top = cursor.fetchone()[0]
        return list(range(top - count + 1, top + 1))


def _copy(table: str, columns: Sequence[str], rows) -> None:
    qn = connection.ops.quote_name
    statement = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write_row = copy.write_row
        for row in rows:
            write_row(row)


_PLAIN = (str, int, float, bool, dt.date, Decimal, type(None))  # datetimes are dates too
# Fields whose Python values COPY takes as they are (exact types: a subclass such as
# django-countries' CountryField may hold something else).
_PLAIN_FIELDS = {
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.ForeignKey,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.TextField,
    models.URLField,
}


def _adapter(field: models.Field):
    """How a value of the field goes to COPY: JSON wrapped, anything else that is not a plain
    value (a django-countries Country...) through the field's own get_db_prep_save."""
    if isinstance(field, models.JSONField):
        return lambda value: Jsonb(value)

    def adapt(value):
        return value if isinstance(value, _PLAIN) else field.get_db_prep_save(value, connection)

    return adapt


def _copy_fields(table: str, fields: Sequence[models.Field], rows) -> None:
    """COPY rows of Python values; only the columns that need it are adapted."""
    special = [(i, _adapter(f)) for i, f in enumerate(fields) if type(f) not in _PLAIN_FIELDS]

    def adapted(row):
        row = list(row)
        for i, adapt in special:
            row[i] = adapt(row[i])
        return row

    _copy(table, [f.column for f in fields], (map(adapted, rows) if special else rows))


def insert_plain(model: type[models.Model], rows: list[list]) -> None:
    """Insert rows of values in `concrete(model)` order, ids included (see reserve_ids).
    Fast path for claims, evidence and topic links."""
    if not rows:
        return
    fields = concrete(model)
    if postgres():
        _copy_fields(model._meta.db_table, fields, rows)
        return
    names = [f.attname for f in fields]
    model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows])


def insert_objects(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert unsaved model instances (speakers, outlets, sources); their pks are set."""
    if not objs:
        return
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    if not postgres():
        model.objects.bulk_create(objs)
        return
    fields = concrete(model)
    _copy_fields(
        model._meta.db_table, fields, ([getattr(o, f.attname) for f in fields] for o in objs)
    )


def history_plain(model: type[models.Model], rows: list[list], *, now, user, reason) -> None:
    """History rows ("+", created) for rows written by insert_plain."""
    history = model.history.model
    if not postgres():
        names = [f.attname for f in concrete(model)]
        objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
        _bulk_history(model, objs, now=now, user=user, reason=reason)
        return
    fields = concrete(model)
    index = {f.attname: i for i, f in enumerate(fields)}
    tracked = list(history.tracked_fields)
    positions = [index[f.attname] for f in tracked]
    meta = history._meta
    head_fields = [meta.get_field(n) for n in HEAD]
    head = [now, user.pk if user is not None else None, "+", reason]
    _copy_fields(
        meta.db_table,
        [*head_fields, *(meta.get_field(f.name) for f in tracked)],
        ([*head, *(row[p] for p in positions)] for row in rows),
    )


def history_objects(model: type[models.Model], objs: list, *, now, user, reason) -> None:
    """History rows ("+", created) for instances written by insert_objects."""
    if not objs:
        return
    if not postgres():
        _bulk_history(model, objs, now=now, user=user, reason=reason)
        return
    history = model.history.model
    meta = history._meta
    tracked = list(history.tracked_fields)
    head = [now, user.pk if user is not None else None, "+", reason]
    _copy_fields(
        meta.db_table,
        [*(meta.get_field(n) for n in HEAD), *(meta.get_field(f.name) for f in tracked)],
        ([*head, *(getattr(o, f.attname) for f in tracked)] for o in objs),
    )


def _bulk_history(model, objs, *, now, user, reason) -> None:
    model.history.bulk_history_create(
        objs, default_user=user, default_change_reason=reason, default_date=now
    )
