"""RowGenerator: every table's rows as plain tuples, without touching the database."""

import random
from collections.abc import Iterator, Mapping

from .rows_claims import ClaimSideRows
from .rows_sources import SourceSideRows
from .spec import TABLES, Config, TableSpec
from .text import TextPools


class RowGenerator(SourceSideRows, ClaimSideRows):
    """Generates the rows of every table for one configuration.

    `bases` maps a table key (see spec.TABLES) to the id the run starts after, usually the
    table's current maximum; the run's ids are base + 1, base + 2, ... and foreign keys are
    computed from the bases, so nothing is read back from the database. Given the same
    config and bases the rows are identical, value for value: each table draws from its own
    Random(f"{seed}/{table}") and the text pools from Random(f"{seed}/pools").

    Values are database-neutral: str, int, bool or None; timestamps are UTC text
    ("YYYY-MM-DD HH:MM:SS"), dates "YYYY-MM-DD", JSON as text.

    Row generators are lazy and hold one row at a time, except that the outlets' domains are
    kept in memory for the sources' URLs. Iterate the tables in `tables()` order or call
    `rows(key)` for any one of them.
    """

    def __init__(self, config: Config, bases: Mapping[str, int] | None = None) -> None:
        self.config = config
        self.bases: dict[str, int] = {
            spec.key: int((bases or {}).get(spec.key, 0)) for spec in TABLES
        }
        self.pools = TextPools(random.Random(f"{config.seed}/pools"))
        self._hosts: list[list[str]] | None = None

    def rng(self, key: str) -> random.Random:
        """The random stream of one table (or of any other named part of the data)."""
        return random.Random(f"{self.config.seed}/{key}")

    def rows(self, key: str) -> Iterator[tuple]:
        """The rows of the table `key`, in id order, each a tuple in the order of spec.fields."""
        return getattr(self, f"{key}_rows")()

    def expected(self, spec: TableSpec) -> int | None:
        """How many rows the table gets, when the config fixes it (else None)."""
        return getattr(self.config, spec.key) if spec.exact else None

    def tables(self) -> Iterator[tuple[TableSpec, Iterator[tuple]]]:
        """Each table with its rows, parents before children."""
        for spec in TABLES:
            yield spec, self.rows(spec.key)
