"""Full-text search over claims, sources, speakers and outlets: one interface, two engines.

    from sources.search import search, search_ids, SearchHit
    results = search('"peace talks" kremlin -ceasefire', kinds=("claim",), filters={...})

- Syntax: words (all must match), "quoted phrases", OR between words, -word to exclude.
- Matching ignores case and accents ("Ciragan" finds "Çırağan"); speaker and outlet names
  also match when spelled alike ("Zelenskiy" finds "Zelensky").
- Ranking: names and titles weigh more than body text.
- Filters (keys): outlet, speaker, kind, credibility_max, credibility_min, date_from,
  date_to, status. A kind that has no such attribute is left out of the results (a filter
  on speaker returns claims only). Unpublished claims are found only with
  include_unpublished=True.
- Snippets are safe HTML: the text escaped, matched words in <mark>.

PostgreSQL: weighted tsvectors in each document's language with GIN indexes, pg_trgm for
names. SQLite: FTS5. The index is written by `search_index_update` (called by the services)
and rebuilt by `manage.py rebuild_search_index`. Apps register their documents (registry.py).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections

from .engines import CANDIDATES, Row, engine_for
from .indexer import rebuild, search_index_update
from .query import Query, highlight, parse
from .registry import DocumentType, document_type, register

__all__ = [
    "SearchHit",
    "SearchResults",
    "rebuild",
    "register",
    "search",
    "search_ids",
    "search_index_update",
]

KINDS = ("claim", "source", "speaker", "outlet")
FILTER_KEYS = frozenset(
    {
        "outlet",
        "speaker",
        "kind",
        "credibility_max",
        "credibility_min",
        "date_from",
        "date_to",
        "status",
    }
)


@dataclass
class SearchHit:
    """One result. `snippet` is safe HTML: escaped text, matched words in <mark>."""

    kind: str
    object_id: int
    title: str
    snippet: str
    score: float


@dataclass
class SearchResults:
    """A page of hits and how many matched; the count stops at a cap for common words
    (`total_is_estimate` then says it is a lower bound)."""

    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False


def _where(
    dtype: DocumentType, filters: dict | None, include_unpublished: bool, connection
) -> tuple[str, list] | None:
    """SQL conditions on the entry `e` for the filters; None when the kind cannot match."""
    conditions, params = [], []
    if not include_unpublished:
        conditions.append("e.public")
    for key, value in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise ValueError(f"Unknown search filter {key!r}; known: {sorted(FILTER_KEYS)}")
        if value is None or value == "":
            continue
        if key not in dtype.filters:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            value = connection.ops.adapt_datefield_value(value)
        conditions.append(dtype.filters[key])
        params.append(getattr(value, "pk", value))
    return " AND ".join(conditions) or "1 = 1", params


def _find(
    query: Query,
    kinds: Sequence[str],
    filters: dict | None,
    include_unpublished: bool,
    limit: int,
    using: str,
) -> tuple[list[tuple[DocumentType, Row]], int, bool]:
    """The best `limit` rows of each kind (full-text and fuzzy name matches merged)."""
    connection = connections[using]
    engine = engine_for(connection)
    compiled = engine.compile(query) if not query.is_empty else None
    fuzzy_text = query.fuzzy_text()
    found: list[tuple[DocumentType, Row]] = []
    total, capped = 0, False
    for kind in dict.fromkeys(kinds):
        dtype = document_type(kind)
        where = _where(dtype, filters, include_unpublished, connection)
        if where is None:
            continue
        rows: dict[int, Row] = {}
        if compiled:
            result = engine.find(dtype, compiled, *where, limit)
            rows = {row.entry_id: row for row in result.rows}
            total += result.total
            capped = capped or result.capped
        if dtype.fuzzy and fuzzy_text:
            for row in engine.fuzzy(dtype, fuzzy_text, *where, limit):
                if row.entry_id in rows:
                    rows[row.entry_id].score = max(rows[row.entry_id].score, row.score)
                else:
                    rows[row.entry_id] = row
                    total += 1
        found.extend((dtype, row) for row in rows.values())
    found.sort(key=lambda pair: (-pair[1].score, pair[0].order, pair[1].entry_id))
    return found, total, capped


def search(
    q: str,
    *,
    kinds: Sequence[str] = KINDS,
    filters: dict | None = None,
    include_unpublished: bool = False,
    limit: int = 20,
    offset: int = 0,
    using: str = DEFAULT_DB_ALIAS,
) -> SearchResults:
    """Search every kind in `kinds`; hits ordered by score, best first (see module doc)."""
    query = parse(q)
    if query.is_empty or limit <= 0:
        return SearchResults()
    found, total, capped = _find(query, kinds, filters, include_unpublished, offset + limit, using)
    terms = query.terms()
    hits = [
        SearchHit(
            kind=dtype.kind,
            object_id=row.object_id,
            title=row.title,
            snippet=highlight(row.body or row.title, terms, fuzzy=dtype.fuzzy),
            score=float(row.score),
        )
        for dtype, row in found[offset : offset + limit]
    ]
    return SearchResults(hits=hits, total=total, total_is_estimate=capped)


def search_ids(
    q: str,
    kind: str,
    filters: dict | None = None,
    include_unpublished: bool = False,
    limit: int | None = None,
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> list[int]:
    """Ids of one kind's matches, best first (at most `limit`, or the candidate cap)."""
    query = parse(q)
    if query.is_empty:
        return []
    found, _total, _capped = _find(
        query, [kind], filters, include_unpublished, limit or CANDIDATES, using
    )
    return [row.object_id for _dtype, row in found]
