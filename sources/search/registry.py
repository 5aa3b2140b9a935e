"""What is searchable: one `DocumentType` per kind, registered by the app that owns the model.

A document type describes its documents as one SQL SELECT over its own tables, so that the
whole index is rebuilt set-based (INSERT ... SELECT, no row goes through the ORM) and a single
object is refreshed by the very same query restricted to its id. The sources app registers
sources and outlets; the claims app registers claims and speakers from its ready(), so this
package never imports claims.

The SELECT returns these columns, in this order (see `COLUMNS`):

    object_id, title, body, language, a, b, c, d, names,
    outlet_id, speaker_id, obj_kind, date, status, public

`a`-`d` are the texts by weight (a: names and titles, d: least important); `body` is the text
snippets are cut from; `names` is matched fuzzily (speakers and outlets).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.backends.base.base import BaseDatabaseWrapper

COLUMNS = (
    "object_id",
    "title",
    "body",
    "language",
    "a",
    "b",
    "c",
    "d",
    "names",
    "outlet_id",
    "speaker_id",
    "obj_kind",
    "date",
    "status",
    "public",
)


class Dialect:
    """The few SQL spellings that differ between PostgreSQL and SQLite."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.vendor = connection.vendor
        self.qn = connection.ops.quote_name

    def string_agg(self, expression: str) -> str:
        """Concatenate a column's values with spaces (an aggregate)."""
        if self.vendor == "postgresql":
            return f"string_agg({expression}, ' ')"
        return f"group_concat({expression}, ' ')"

    def to_date(self, expression: str) -> str:
        """The date of a timestamp column (UTC)."""
        if self.vendor == "postgresql":
            return f"(({expression}) AT TIME ZONE 'UTC')::date"
        return f"date({expression})"

    def true(self) -> str:
        return "TRUE" if self.vendor == "postgresql" else "1"


@dataclass(frozen=True)
class DocumentType:
    """One kind of searchable object.

    - `select(dialect, where)`: the SELECT described in the module docstring, with `where` (a
      condition on the main table's alias, or "TRUE") applied.
    - `table`, `alias`: the main table and the alias `select` gives it, for id conditions.
    - `filters`: filter key -> SQL condition on the index row `e` with one %s placeholder.
      A search with a filter key a kind does not list leaves that kind out.
    - `follows`: other kind -> column of this kind's main table that refers to it; when an
      object of the other kind changes, the documents of this kind that refer to it change too
      (a claim carries its speaker's name).
    - `fuzzy`: whether `names` is matched by similarity (speakers, outlets).
    """

    kind: str
    table: str
    alias: str
    select: Callable[[Dialect, str], str]
    filters: dict[str, str] = field(default_factory=dict)
    follows: dict[str, str] = field(default_factory=dict)
    fuzzy: bool = False
    order: int = 0


_TYPES: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> None:
    """Make a kind searchable (idempotent: registering again replaces it)."""
    _TYPES[document_type.kind] = document_type


def document_types() -> list[DocumentType]:
    """Every registered kind, in a stable order."""
    return sorted(_TYPES.values(), key=lambda t: (t.order, t.kind))


def document_type(kind: str) -> DocumentType:
    """The registered type of a kind; ValueError for an unknown kind."""
    try:
        return _TYPES[kind]
    except KeyError:
        raise ValueError(f"Unknown search kind {kind!r}; known: {sorted(_TYPES)}") from None
