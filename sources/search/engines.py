"""The two engines behind one interface: PostgreSQL (tsvector, pg_trgm) and SQLite (FTS5).

Each engine compiles a parsed `Query`, finds and ranks one kind's documents, and matches
names fuzzily. Both read the `search_entry` table; PostgreSQL keeps the weighted tsvector in
its `document` column (GIN index per kind), SQLite in the `search_fts` FTS5 table whose rowid
is the entry's id. See migrations/0002_engines.py for the schema.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

from .query import Query, fold, word_similarity
from .registry import DocumentType

# Language (primary subtag) -> PostgreSQL text-search configuration; anything else: 'simple'.
PG_CONFIGS = {
    "en": "english",
    "ru": "russian",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "tr": "turkish",
}
# Common words: rank at most this many matches per kind, picked by the index, not all of them.
CANDIDATES = 2000
FUZZY_WEIGHT = 0.5  # a fuzzy name match scores its similarity times this


@dataclass
class Row:
    """One found index entry."""

    entry_id: int
    object_id: int
    title: str
    body: str
    score: float


@dataclass
class Compiled:
    """A compiled query: an SQL expression (a tsquery on PostgreSQL, an FTS5 MATCH string on
    SQLite) and its parameters."""

    sql: str
    params: list


@dataclass
class Found:
    """One kind's best rows and how many matched (capped at CANDIDATES on PostgreSQL)."""

    rows: list[Row]
    total: int
    capped: bool


def config_case(expression: str) -> str:
    """SQL choosing the text-search configuration for a language tag."""
    whens = " ".join(
        f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in PG_CONFIGS.items()
    )
    return f"CASE split_part(lower({expression}), '-', 1) {whens} ELSE 'simple'::regconfig END"


def _rows(cursor) -> list[Row]:
    return [Row(*row[:5]) for row in cursor.fetchall()]


class PostgresEngine:
    """tsvector documents in the text-search configuration of their language (plus 'simple',
    so that exact words and stop words are found too), folded by unaccent; a query word
    matches if it matches under any configuration."""

    WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"  # D, C, B, A

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    # One word or phrase under every configuration, each distinct form once (fewer
    # alternatives for the index to try); an atom no configuration keeps is left out.
    ATOM_SQL = (
        "(SELECT COALESCE(string_agg(DISTINCT '(' || f::text || ')', ' | ')::tsquery, ''::tsquery) "
        "FROM unnest(%s::regconfig[]) AS c(cfg), phraseto_tsquery(c.cfg, search_fold(%s)) AS f "
        "WHERE f::text <> '')"
    )

    def compile(self, query: Query) -> Compiled | None:
        """A tsquery-valued SQL expression for the query, built by the database in the search's
        own statement (no round trip): each word or phrase under every configuration, OR-ed;
        clauses AND-ed; -clauses negated."""
        if query.is_empty:
            return None
        configs = ["simple", *dict.fromkeys(PG_CONFIGS.values())]
        parts, params = [], []
        for clause in query.clauses:
            joined = "(" + " || ".join(self.ATOM_SQL for _atom in clause.atoms) + ")"
            for atom in clause.atoms:
                params += [configs, atom.text]
            parts.append(f"!!{joined}" if clause.negated else joined)
        return Compiled(" && ".join(parts), params)

    def find(
        self, dtype: DocumentType, compiled: Compiled, where: str, params: Sequence, limit: int
    ) -> Found:
        """Rank one kind's matches: the index picks up to CANDIDATES, ts_rank orders them."""
        sql = f"""
            WITH q AS MATERIALIZED (SELECT {compiled.sql} AS q),
            cand AS MATERIALIZED (
                SELECT e.id, e.document FROM search_entry e
                WHERE e.kind = '{dtype.kind}' AND e.document @@ (SELECT q FROM q) AND {where}
                LIMIT {CANDIDATES}
            )
            SELECT e.id, e.object_id, e.title, e.body,
                   ts_rank('{self.WEIGHTS}', cand.document, (SELECT q FROM q)) AS score,
                   count(*) OVER ()
            FROM cand JOIN search_entry e ON e.id = cand.id
            ORDER BY score DESC, e.id LIMIT %s
        """
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*compiled.params, *params, limit])
            raw = cursor.fetchall()
        total = raw[0][5] if raw else 0
        return Found([Row(*r[:5]) for r in raw], total, total >= CANDIDATES)

    def fuzzy(
        self, dtype: DocumentType, text: str, where: str, params: Sequence, limit: int
    ) -> list[Row]:
        """Names spelled alike (pg_trgm word similarity over the trigram index)."""
        sql = f"""
            WITH n AS (SELECT search_fold(%s) AS t)
            SELECT e.id, e.object_id, e.title, e.body,
                   word_similarity(n.t, e.names) * {FUZZY_WEIGHT} AS score
            FROM search_entry e, n
            WHERE e.kind = '{dtype.kind}' AND n.t <%% e.names AND {where}
            ORDER BY score DESC, e.id LIMIT %s
        """
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [text, *params, limit])
            return _rows(cursor)


class SqliteEngine:
    """FTS5 with the porter stemmer over text folded in Python (fold()); bm25 ranking with
    column weights; fuzzy names compared in Python (SQLite has no trigram similarity)."""

    BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 0.5)"  # columns a, b, c, d
    FUZZY_THRESHOLD = 0.6

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    @staticmethod
    def _atom(atom) -> str:
        return '"' + " ".join(atom.words).replace('"', '""') + '"'

    def compile(self, query: Query) -> Compiled | None:
        """The FTS5 MATCH expression for the query, or None when nothing is left."""
        if query.is_empty:
            return None
        positive = " AND ".join(
            "(" + " OR ".join(self._atom(a) for a in clause.atoms) + ")"
            for clause in query.positive
        )
        negative = [self._atom(a) for clause in query.negative for a in clause.atoms]
        if negative:
            positive = f"({positive}) NOT ({' OR '.join(negative)})"
        return Compiled("%s", [positive])

    def find(
        self, dtype: DocumentType, compiled: Compiled, where: str, params: Sequence, limit: int
    ) -> Found:
        """Every match ranked by bm25 (SQLite databases are small)."""
        sql = f"""
            WITH m AS MATERIALIZED (
                SELECT search_fts.rowid AS id, -{self.BM25} AS score
                FROM search_fts WHERE search_fts MATCH {compiled.sql}
            )
            SELECT e.id, e.object_id, e.title, e.body, m.score, count(*) OVER ()
            FROM m JOIN search_entry e ON e.id = m.id
            WHERE e.kind = '{dtype.kind}' AND {where}
            ORDER BY m.score DESC, e.id LIMIT %s
        """
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*compiled.params, *params, limit])
            raw = cursor.fetchall()
        return Found([Row(*r[:5]) for r in raw], raw[0][5] if raw else 0, False)

    def fuzzy(
        self, dtype: DocumentType, text: str, where: str, params: Sequence, limit: int
    ) -> list[Row]:
        """Names spelled alike: trigram word similarity computed in Python over the names."""
        sql = f"""
            SELECT e.id, e.object_id, e.title, e.body, e.names FROM search_entry e
            WHERE e.kind = '{dtype.kind}' AND {where}
        """
        needle = fold(text)
        found = []
        with self.connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            for entry_id, object_id, title, body, names in cursor.fetchall():
                score = word_similarity(needle, names)
                if score >= self.FUZZY_THRESHOLD:
                    found.append(Row(entry_id, object_id, title, body, score * FUZZY_WEIGHT))
        found.sort(key=lambda r: (-r.score, r.entry_id))
        return found[:limit]


def engine_for(connection: BaseDatabaseWrapper) -> PostgresEngine | SqliteEngine:
    """The engine for a database connection."""
    if connection.vendor == "postgresql":
        return PostgresEngine(connection)
    if connection.vendor == "sqlite":
        return SqliteEngine(connection)
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {connection.vendor}.")
