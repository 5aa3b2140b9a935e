"""Writing generated rows: COPY on PostgreSQL, batched executemany elsewhere."""

import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import batched
from typing import TextIO

from django.core.management.color import no_style
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from tqdm import tqdm

from .rows import RowGenerator
from .spec import TABLES, Config, GenerationError, TableSpec

# Small tables whose unique values are checked against existing rows before writing, for a
# clear error instead of an IntegrityError (larger tables carry the new id in their values).
CHECKED_UNIQUE = {
    "outlets": ("slug", "match_key"),
    "outlet_domains": ("domain",),
    "topics": ("name", "slug"),
}


@dataclass
class TableReport:
    """Rows written to one table and the time it took (generating and writing)."""

    key: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return f"{self.key}: {self.rows} rows in {self.seconds:.2f} s ({self.rate:,.0f} rows/s)"


@dataclass
class Report:
    """What a run wrote: the ids it started after, and rows and time per table."""

    bases: dict[str, int]
    tables: list[TableReport] = field(default_factory=list)

    @property
    def total(self) -> TableReport:
        return TableReport(
            "total", sum(t.rows for t in self.tables), sum(t.seconds for t in self.tables)
        )

    def rows(self, key: str) -> int:
        return next((t.rows for t in self.tables if t.key == key), 0)

    def lines(self) -> list[str]:
        return [t.line() for t in [*self.tables, self.total]]


def last_ids(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Per table, the id new rows start after: the largest id in the table or handed out by
    its sequence (so ids of deleted rows, which history may still mention, are not reused)."""
    qn = connection.ops.quote_name
    result = {}
    with connection.cursor() as cursor:
        for spec in TABLES:
            table, pk = spec.db_table, spec.pk_column()
            cursor.execute(f"SELECT MAX({qn(pk)}) FROM {qn(table)}")
            last = cursor.fetchone()[0] or 0
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s))", [qn(table), pk]
                )
                last = max(last, cursor.fetchone()[0] or 0)
            elif connection.vendor == "sqlite":
                try:
                    with transaction.atomic(using=connection.alias):
                        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                        row = cursor.fetchone()
                except DatabaseError:  # no AUTOINCREMENT table has had a row yet
                    row = None
                last = max(last, row[0] if row else 0)
            result[spec.key] = last
    return result


def _check_unique(spec: TableSpec, batch: tuple[tuple, ...]) -> None:
    """Fail before writing if a generated unique value already exists in the table."""
    for name in CHECKED_UNIQUE.get(spec.key, ()):
        position = spec.fields.index(name)
        values = [row[position] for row in batch]
        for start in range(0, len(values), 500):
            taken = list(
                spec.model._base_manager.filter(
                    **{f"{name}__in": values[start : start + 500]}
                ).values_list(name, flat=True)[:3]
            )
            if taken:
                raise GenerationError(
                    f"{spec.db_table}.{name} already has {taken}: use another seed."
                )


def _write_batch(
    connection: BaseDatabaseWrapper, spec: TableSpec, batch: tuple[tuple, ...]
) -> None:
    """Write one batch in its own transaction (a savepoint when one is already open)."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(column) for column in spec.columns())
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Timestamps are generated as UTC text; COPY reads them in the session time zone.
            cursor.execute("SET LOCAL TIME ZONE 'UTC'")
            sql = f"COPY {qn(spec.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                write_row = copy.write_row
                for row in batch:
                    write_row(row)
        else:
            marks = ", ".join(["%s"] * len(spec.fields))
            sql = f"INSERT INTO {qn(spec.db_table)} ({columns}) VALUES ({marks})"
            cursor.executemany(sql, batch)


def write_table(
    connection: BaseDatabaseWrapper,
    spec: TableSpec,
    rows: Iterable[tuple],
    *,
    batch_size: int,
    expected: int | None = None,
    progress: bool = True,
    progress_file: TextIO | None = None,
) -> TableReport:
    """Write `rows` to the table in batches of `batch_size`, with a progress bar."""
    spec.columns()  # fail early if the model has changed under the generator
    written = 0
    started = time.perf_counter()
    with tqdm(
        total=expected,
        desc=spec.key,
        unit=" rows",
        unit_scale=True,
        file=progress_file or sys.stderr,
        disable=not progress,
        leave=True,
    ) as bar:
        for batch in batched(rows, batch_size):
            _check_unique(spec, batch)
            _write_batch(connection, spec, batch)
            written += len(batch)
            bar.update(len(batch))
    return TableReport(spec.key, written, time.perf_counter() - started)


def reset_sequences(connection: BaseDatabaseWrapper, specs: Iterable[TableSpec] = TABLES) -> None:
    """Move each table's id sequence to its largest id (rows were written with explicit ids).

    On SQLite, AUTOINCREMENT keeps sqlite_sequence up to date by itself.
    """
    statements = connection.ops.sequence_reset_sql(no_style(), [spec.model for spec in specs])
    if statements:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def generate(
    config: Config,
    *,
    using: str = "default",
    bases: Mapping[str, int] | None = None,
    progress: bool = True,
    progress_file: TextIO | None = None,
) -> Report:
    """Generate and write the whole data set; return the rows and time per table.

    Ids continue after the current ones (see last_ids) unless `bases` is given. Each batch
    is committed on its own, so an interrupted run leaves whole batches behind.
    """
    connection = connections[using]
    generator = RowGenerator(config, last_ids(connection) if bases is None else bases)
    report = Report(bases=dict(generator.bases))
    for spec, rows in generator.tables():
        report.tables.append(
            write_table(
                connection,
                spec,
                rows,
                batch_size=config.batch_size,
                expected=generator.expected(spec),
                progress=progress,
                progress_file=progress_file,
            )
        )
    reset_sequences(connection)
    if connection.vendor == "postgresql":
        # COPY leaves the planner's statistics stale; with them a recursive provenance walk
        # was planned ~10x too slow on freshly generated data.
        with connection.cursor() as cursor:
            for spec in TABLES:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(spec.db_table)}")
    return report


def iter_rows(
    config: Config, bases: Mapping[str, int] | None = None
) -> Iterator[tuple[str, tuple]]:
    """Every generated row as (table key, row), without a database: for tests and previews."""
    for spec, rows in RowGenerator(config, bases).tables():
        for row in rows:
            yield spec.key, row
