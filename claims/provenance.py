"""The citation graph, walked in one recursive query: what each source relays, and its origins.

A source's **origins** are the sources reached by following its citations (quotes, republishes,
cites) that cite nothing further; a source that cites nothing is its own origin. Cycles end (a
walk never revisits a source on its own path) and depth is bounded. Where a walk stops without
reaching a source that cites nothing (a cycle, or the depth limit), every source on that path
counts as an origin: we would rather merge two lines than count one twice.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from sources.models import Citation, Outlet, Source

MAX_DEPTH = 20


@dataclass(frozen=True)
class SourceInfo:
    """What reasons and diagrams show of a source."""

    id: int
    title: str
    outlet_id: int | None
    outlet_name: str
    reliability: str  # the outlet's grade A-F; F when the source has no outlet


@dataclass
class Walk:
    """Everything reached from one source by following citations."""

    start: int
    reached: set[int] = field(default_factory=set)  # excluding the start itself
    origins: set[int] = field(default_factory=set)
    edges: set[tuple[int, int, str]] = field(default_factory=set)  # (citing, cited, kind)


@dataclass
class Graph:
    """The walks from a set of sources, and what is known of every source they touch."""

    walks: dict[int, Walk]
    sources: dict[int, SourceInfo]


def _walk_sql(n_ids: int) -> str:
    source = connection.ops.quote_name(Source._meta.db_table)
    citation = connection.ops.quote_name(Citation._meta.db_table)
    outlet = connection.ops.quote_name(Outlet._meta.db_table)
    if connection.vendor == "postgresql":
        # One array parameter instead of thousands of placeholders; and each step looks up
        # the citations and the source of the rows it has by index (LATERAL ... OFFSET 0 keeps
        # PostgreSQL from flattening it). Estimating the walk badly, the planner otherwise
        # merge-joins every citation at every step and hashes every source: 0.8 s for a batch
        # of 1,000 claims at 1,000,000 claims, against a few ms walked by index. The same goes
        # for whether a source cites anything (a hash of every citation otherwise).
        starts = "s.id = ANY(%s)"
        step = f"""FROM walk w CROSS JOIN LATERAL (
                SELECT cited_id, kind FROM {citation} WHERE citing_id = w.source_id OFFSET 0
            ) c"""
        node = f"""CROSS JOIN LATERAL (
            SELECT title, outlet_id FROM {source} WHERE id = w.source_id OFFSET 0
        ) s"""
        cites = f"""EXISTS (
            SELECT 1 FROM {citation} c2 WHERE c2.citing_id = w.source_id LIMIT 1 OFFSET 0
        )"""
    else:
        starts = f"s.id IN ({', '.join(['%s'] * n_ids)})"
        step = f"FROM walk w JOIN {citation} c ON c.citing_id = w.source_id"
        node = f"JOIN {source} s ON s.id = w.source_id"
        cites = f"EXISTS (SELECT 1 FROM {citation} c2 WHERE c2.citing_id = w.source_id)"
    # Paths are "/id/id/.../" strings so that one LIKE both stops cycles and works on
    # PostgreSQL and SQLite alike.
    return f"""
        WITH RECURSIVE walk(start_id, parent_id, source_id, kind, depth, path) AS (
            SELECT s.id, CAST(NULL AS BIGINT), s.id, CAST('' AS VARCHAR(20)), 0,
                   '/' || CAST(s.id AS TEXT) || '/'
            FROM {source} s WHERE {starts}
          UNION ALL
            SELECT w.start_id, w.source_id, c.cited_id, c.kind, w.depth + 1,
                   w.path || CAST(c.cited_id AS TEXT) || '/'
            {step}
            WHERE w.depth < %s
              AND w.path NOT LIKE '%%/' || CAST(c.cited_id AS TEXT) || '/%%'
        )
        SELECT w.start_id, w.parent_id, w.source_id, w.kind, w.path, {cites},
               s.title, s.outlet_id, o.name, o.reliability
        FROM walk w
        {node}
        LEFT JOIN {outlet} o ON o.id = s.outlet_id
    """


def walk_sources(source_ids: Iterable[int], max_depth: int = MAX_DEPTH) -> Graph:
    """Walk the citation graph from each source, in one query."""
    ids = sorted(set(source_ids))
    if not ids:
        return Graph(walks={}, sources={})
    with connection.cursor() as cursor:
        params = [ids] if connection.vendor == "postgresql" else ids
        cursor.execute(_walk_sql(len(ids)), [*params, max_depth])
        rows = cursor.fetchall()

    walks = {i: Walk(start=i) for i in ids}
    sources: dict[int, SourceInfo] = {}
    paths_by_start: dict[int, list[tuple[str, int, bool]]] = {}
    for start, parent, node, kind, path, cites, title, outlet_id, outlet_name, grade in rows:
        sources[node] = SourceInfo(node, title, outlet_id, outlet_name or "", grade or "F")
        walk = walks[start]
        if parent is not None:
            walk.reached.add(node)
            walk.edges.add((parent, node, kind))
        paths_by_start.setdefault(start, []).append((path, node, bool(cites)))

    for start, paths in paths_by_start.items():
        walks[start].origins = _origins(paths)
    return Graph(walks=walks, sources=sources)


def _origins(paths: list[tuple[str, int, bool]]) -> set[int]:
    """Origins of one walk, from its paths: the ends of the paths that go no further."""
    continued = {path[: path.rstrip("/").rfind("/") + 1] for path, _node, _cites in paths}
    origins: set[int] = set()
    for path, node, cites in paths:
        if path in continued:
            continue
        if cites:
            # Stopped by a cycle or the depth limit: the whole chain is one origin.
            origins.update(int(part) for part in path.strip("/").split("/"))
        else:
            origins.add(node)
    return origins
