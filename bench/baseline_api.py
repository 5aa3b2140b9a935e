"""Bench-only baseline for bench/api.py: the API's four benchmarked reads, hand-written.

    gunicorn -c config/gunicorn.conf.py bench.baseline_api:application   (bench/api.py does it)

A plain WSGI application (no Django, no DRF) answering the same URLs with the same JSON as the
product, from hand-written SQL through psycopg (a connection pool per worker) and orjson:

  GET /api/v1/claims/?page_size=N[&cursor=..]  W1: a page of published claims, newest first
                                               (cursor envelope, speaker, outlet, topics,
                                               credibility, verdict, evidence counts)
  GET /api/v1/claims/<id>/                     W2: one published claim with its evidence
                                               (sources, outlets) and links to other claims,
                                               in one statement
  GET /api/v1/search/?q=..                     W3: every kind, ranked, with snippets
  GET /api/v1/claimreview/[?cursor=..]         W4: the ClaimReview JSON-LD feed
  GET /healthz

It answers as an anonymous reader (published claims only) and knows only what the benchmark
sends: forward cursors, no filters, no ordering parameter; anything else is a 400. It never
ships with the product; its only job is to be the ceiling the product is measured against, so
it does the same work: the same rows, the same nested objects, the same snippets (the
product's own pure-Python `parse` and `highlight` from sources.search.query, which need no
Django set-up), the same cursor links.
"""

import os
import re
import threading
from base64 import b64decode, b64encode
from datetime import UTC, datetime, timedelta
from urllib import parse

import orjson
from psycopg.types.json import set_json_loads
from psycopg_pool import ConnectionPool

from sources.search.query import highlight
from sources.search.query import parse as parse_query

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrail_bench")
POOL_SIZE = int(os.environ.get("GUNICORN_THREADS", "4"))
REVIEWER = os.environ.get("CLAIMREVIEW_AUTHOR", "Claimtrail")

# Labels as the product's choices give them (claims/models/claim.py): checked by the
# equality check in bench/api.py, not imported (that would need Django).
CREDIBILITY = {
    1: "1: confirmed by independent sources",
    2: "2: probably true",
    3: "3: possibly true",
    4: "4: doubtful",
    5: "5: improbable",
    6: "6: truth cannot be judged",
}
VERDICT = {
    "true": "true",
    "mostly_true": "mostly true",
    "mixed": "half true",
    "mostly_false": "mostly false",
    "false": "false",
    "unverifiable": "unverifiable",
}
RATING = {"true": 5, "mostly_true": 4, "mixed": 3, "mostly_false": 2, "false": 1}
RELATIONS = ("appears_in", "corroborates", "conflicts")
SEARCH_CONFIGS = ["simple", "english", "russian", "german", "french", "spanish", "turkish"]
SEARCH_KINDS = {  # kind -> (URL segment, fuzzy names, order)
    "claim": ("claims", False, 0),
    "source": ("sources", False, 1),
    "speaker": ("speakers", True, 2),
    "outlet": ("outlets", True, 3),
}
CANDIDATES = 2000
MAX_PAGE_SIZE = 200

# JSON and JSONB columns decoded by orjson, as the product decodes its JSON columns.
set_json_loads(orjson.loads)

_pool: ConnectionPool | None = None
_pool_lock = threading.Lock()


def pool() -> ConnectionPool:
    """The worker's pool, opened on first use (after gunicorn forks, never before)."""
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                _pool = ConnectionPool(
                    DATABASE_URL,
                    min_size=POOL_SIZE,
                    max_size=POOL_SIZE,
                    kwargs={"autocommit": True, "options": "-c jit=off -c TimeZone=UTC"},
                    open=True,
                )
    return _pool


class BadRequest(Exception):
    pass


# --- SQL ----------------------------------------------------------------------------------

CLAIM_COLUMNS = """
    c.id, c.text, c.quote_kind, c.language, c.stated_on, c.status, c.credibility,
    c.credibility_computed, c.credibility_override, c.credibility_override_reason,
    c.support_lines, c.conflict_lines, c.credibility_reasons, c.verdict, c.verdict_explanation,
    c.retraction_reason, c.created_at, c.updated_at, c.published_at, c.retracted_at, c.version,
    sp.id, sp.name, sp.kind, sp.role, o.id, o.name, o.kind, o.reliability,
    ARRAY(SELECT t.slug FROM claims_claim_topics ct JOIN claims_topic t ON t.id = ct.topic_id
          WHERE ct.claim_id = c.id ORDER BY t.name),
    ev.n_appears_in, ev.n_corroborates, ev.n_conflicts
"""
CLAIM_FROM = """
    FROM claims_claim c
    JOIN claims_speaker sp ON sp.id = c.speaker_id
    LEFT JOIN sources_outlet o ON o.id = c.outlet_id
    CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE e.relation = 'appears_in') AS n_appears_in,
               count(*) FILTER (WHERE e.relation = 'corroborates') AS n_corroborates,
               count(*) FILTER (WHERE e.relation = 'conflicts') AS n_conflicts
        FROM claims_evidence e WHERE e.claim_id = c.id
    ) ev
"""
LIST_SQL = f"""
    SELECT {CLAIM_COLUMNS} {CLAIM_FROM}
    WHERE c.status = 'published' {{position}}
    ORDER BY c.updated_at DESC, c.id DESC LIMIT %s OFFSET %s
"""
# Deep in a run of equal updated_at, the page's ids first, then only its rows worked out, as
# the product does from the same offsets (WINDOW_FIRST_FROM in claims/api/listing.py and
# claims/api/feed.py): the offset's rows are skipped in the index alone. LIMIT and OFFSET
# are written in, as the product writes them.
LIST_WINDOW_FIRST_FROM = 16
FEED_WINDOW_FIRST_FROM = 100
LIST_IDS_FIRST_SQL = f"""
    SELECT {CLAIM_COLUMNS} {CLAIM_FROM}
    WHERE c.id IN (SELECT c.id FROM claims_claim c WHERE c.status = 'published' {{position}}
                   ORDER BY c.updated_at DESC, c.id DESC {{window}})
    ORDER BY c.updated_at DESC, c.id DESC
"""
# The claim with its evidence and links in one statement, as the product reads it on
# PostgreSQL (claims/api/detail.py): rows as JSON arrays, date-times as epoch microseconds.
EPOCH_US = "(EXTRACT(EPOCH FROM {}) * 1000000)::bigint"
DETAIL_SQL = f"""
    SELECT {CLAIM_COLUMNS},
      (SELECT json_agg(json_build_array(
                e.id, e.claim_id, e.relation, e.excerpt, e.note, {EPOCH_US.format("e.created_at")},
                {EPOCH_US.format("e.updated_at")}, e.version, s.id, s.title, s.url, s.kind,
                {EPOCH_US.format("s.published_at")}, so.id, so.name, so.kind, so.reliability)
              ORDER BY e.relation, e.id)
       FROM claims_evidence e
       JOIN sources_source s ON s.id = e.source_id
       LEFT JOIN sources_outlet so ON so.id = s.outlet_id
       WHERE e.claim_id = c.id),
      (SELECT json_agg(json_build_array(
                l.id, l.kind, l.note, l.from_claim_id = c.id, lc.id, lc.text, lc.status,
                lc.credibility, lsp.id, lsp.name, lsp.kind, lsp.role)
              ORDER BY l.id)
       FROM claims_claimlink l
       JOIN claims_claim lc
         ON lc.id = CASE WHEN l.from_claim_id = c.id THEN l.to_claim_id ELSE l.from_claim_id END
       JOIN claims_speaker lsp ON lsp.id = lc.speaker_id
       WHERE (l.from_claim_id = c.id OR l.to_claim_id = c.id) AND lc.status = 'published')
    {CLAIM_FROM} WHERE c.id = %s AND c.status = 'published'
"""
EVIDENCE_DATETIMES = (5, 6, 12)  # positions of the evidence arrays' date-times
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FEED_SQL = """
    SELECT c.id, c.text, c.stated_on, c.verdict, c.verdict_explanation, c.verdict_at,
           c.published_at, c.updated_at, sp.name, sp.kind, sp.role
    FROM claims_claim c JOIN claims_speaker sp ON sp.id = c.speaker_id
    WHERE c.status = 'published' AND c.verdict <> '' AND c.verdict <> 'unverifiable' {position}
    ORDER BY c.updated_at DESC, c.id DESC LIMIT %s OFFSET %s
"""
FEED_IDS_FIRST_SQL = """
    SELECT c.id, c.text, c.stated_on, c.verdict, c.verdict_explanation, c.verdict_at,
           c.published_at, c.updated_at, sp.name, sp.kind, sp.role
    FROM claims_claim c JOIN claims_speaker sp ON sp.id = c.speaker_id
    WHERE c.id IN (SELECT c.id FROM claims_claim c
                   WHERE c.status = 'published' AND c.verdict <> ''
                     AND c.verdict <> 'unverifiable' {position}
                   ORDER BY c.updated_at DESC, c.id DESC {window})
    ORDER BY c.updated_at DESC, c.id DESC
"""
APPEARANCES_SQL = """
    SELECT e.claim_id, s.title, s.url, s.published_at, o.name
    FROM claims_evidence e
    JOIN sources_source s ON s.id = e.source_id
    LEFT JOIN sources_outlet o ON o.id = s.outlet_id
    WHERE e.claim_id = ANY(%s) AND e.relation = 'appears_in'
    ORDER BY e.claim_id, s.published_at NULLS LAST, e.id
"""
# One word or phrase under every configuration, OR-ed (as the product's PostgreSQL engine).
ATOM_SQL = (
    "(SELECT COALESCE(string_agg(DISTINCT '(' || f::text || ')', ' | ')::tsquery, ''::tsquery) "
    "FROM unnest(%s::regconfig[]) AS c(cfg), phraseto_tsquery(c.cfg, search_fold(%s)) AS f "
    "WHERE f::text <> '')"
)


def _find_sql(kind: str) -> str:
    return f"""(
        SELECT '{kind}', 0, m.id, m.object_id, m.title, m.body, m.score::text, m.total
        FROM (
            SELECT e.id, e.object_id, e.title, e.body,
                   ts_rank('{{0.05, 0.2, 0.4, 1.0}}', cand.document, (SELECT q FROM q)) AS score,
                   count(*) OVER () AS total
            FROM (SELECT e.id, e.document FROM search_entry e
                  WHERE e.kind = '{kind}' AND e.document @@ (SELECT q FROM q) AND e.public
                  LIMIT {CANDIDATES}) cand
            JOIN search_entry e ON e.id = cand.id
            ORDER BY score DESC, e.id LIMIT %(limit)s
        ) m)"""


def _fuzzy_sql(kind: str) -> str:
    return f"""(
        SELECT '{kind}', 1, m.id, m.object_id, m.title, m.body, m.score::text, 0
        FROM (
            SELECT e.id, e.object_id, e.title, e.body,
                   word_similarity(n.t, e.names) * 0.5 AS score
            FROM search_entry e, n
            WHERE e.kind = '{kind}' AND n.t <%% e.names AND e.public
            ORDER BY score DESC, e.id LIMIT %(limit)s
        ) m)"""


# --- JSON ---------------------------------------------------------------------------------


def _speaker(sid, name, kind, role) -> dict:
    return {"id": sid, "name": name, "kind": kind, "role": role}


def _outlet(oid, name, kind, reliability) -> dict | None:
    if oid is None:
        return None
    return {"id": oid, "name": name, "kind": kind, "reliability": reliability}


def _claim(row, base: str) -> dict:
    (cid, text, quote_kind, language, stated_on, status, credibility, computed, override,
     override_reason, support, conflict, reasons, verdict, explanation, retraction_reason,
     created_at, updated_at, published_at, retracted_at, version, sp_id, sp_name, sp_kind,
     sp_role, o_id, o_name, o_kind, o_reliability, topics, n_appears, n_corr,
     n_conf) = row  # fmt: skip
    return {
        "id": cid,
        "url": f"{base}/api/v1/claims/{cid}/",
        "text": text,
        "quote_kind": quote_kind,
        "language": language,
        "stated_on": stated_on,
        "speaker": _speaker(sp_id, sp_name, sp_kind, sp_role),
        "outlet": _outlet(o_id, o_name, o_kind, o_reliability),
        "status": status,
        "credibility": {
            "grade": credibility,
            "label": CREDIBILITY[credibility],
            "computed": computed,
            "override": (
                {"grade": override, "reason": override_reason} if override is not None else None
            ),
            "lines": {"support": support, "conflict": conflict},
            "reasons": reasons,
        },
        "verdict": (
            {"rating": verdict, "label": VERDICT[verdict], "explanation": explanation}
            if verdict
            else None
        ),
        "topics": topics,
        "retraction_reason": retraction_reason,
        "evidence_counts": {
            "appears_in": n_appears,
            "corroborates": n_corr,
            "conflicts": n_conf,
        },
        "created_at": created_at,
        "updated_at": updated_at,
        "published_at": published_at,
        "retracted_at": retracted_at,
        "version": version,
    }


def _page_size(params: dict) -> int:
    raw = params.get("page_size")
    if raw is None:
        return 50
    try:
        size = int(raw)
    except ValueError:
        raise BadRequest("page_size") from None
    if size < 1:
        raise BadRequest("page_size")
    return min(size, MAX_PAGE_SIZE)


def _cursor(params: dict) -> tuple[int, str | None]:
    """(offset, position) of a forward cursor; reverse cursors are not benchmarked."""
    encoded = params.get("cursor")
    if encoded is None:
        return 0, None
    try:
        tokens = parse.parse_qs(b64decode(encoded.encode("ascii")).decode("ascii"))
        offset = max(0, min(int(tokens.get("o", ["0"])[0]), 1000))
    except ValueError:
        raise BadRequest("cursor") from None
    if tokens.get("r", ["0"])[0] != "0":
        raise BadRequest("reverse cursors are not part of the benchmark")
    return offset, tokens.get("p", [None])[0]


def _link(url: str, offset: int, reverse: bool, position: str | None) -> str:
    """DRF's CursorPagination.encode_cursor."""
    tokens = {}
    if offset:
        tokens["o"] = str(offset)
    if reverse:
        tokens["r"] = "1"
    if position is not None:
        tokens["p"] = position
    encoded = b64encode(parse.urlencode(tokens).encode("ascii")).decode("ascii")
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    query_dict = parse.parse_qs(query, keep_blank_values=True)
    query_dict["cursor"] = [encoded]
    query = parse.urlencode(sorted(query_dict.items()), doseq=True)
    return parse.urlunsplit((scheme, netloc, path, query, fragment))


def _position(updated_at, claim_id: int) -> str:
    """A row's cursor position as the product writes it: its updated_at and its id."""
    return f"{updated_at.astimezone(UTC)}|{claim_id}"


def _envelope(url, page_size, offset, current, page, following, positions) -> dict:
    """next/previous as DRF's CursorPagination computes them for a forward cursor."""
    has_next = following is not None
    has_previous = current is not None or offset > 0
    nxt = prev = None
    if has_next:
        compare, off, unique, position = following, 0, False, None
        for position in reversed(positions):
            if position != compare:
                unique = True
                break
            compare = position
            off += 1  # noqa: SIM113 (DRF's loop, as written there)
        if page and not unique:
            if not has_previous:
                off, position = page_size, None
            else:
                off, position = offset + page_size, current
        if not page:
            position = following
        nxt = _link(url, off, False, position)
    if has_previous:
        compare = positions[0] if (page and offset != 0) else current
        off, unique, position = 0, False, None
        for position in positions:
            if position != compare:
                unique = True
                break
            compare = position
            off += 1  # noqa: SIM113 (DRF's loop, as written there)
        if page and not unique:
            if not has_next:
                off, position = page_size, None
            else:
                off, position = 0, following
        if not page:
            position = current
        prev = _link(url, off, True, position)
    return {"next": nxt, "previous": prev, "results": page}


def _after(position: str | None) -> tuple[str, list]:
    """The condition and arguments for the rows after a cursor's position: a keyset position
    ("updated_at|id", as the product writes them, config/api/pagination.py) or a plain one."""
    if position is None:
        return "", []
    value, _, pk = position.rpartition("|")
    if value and pk.isdigit():
        # One row comparison, an index seek, as the product writes it (RowComparison).
        return "AND (c.updated_at, c.id) < (%s, %s)", [value, int(pk)]
    return "AND c.updated_at < %s", [position]


def _paged(
    cur, sqls: tuple[str, str, int], params: dict, extra: list
) -> tuple[list, int, int, str | None]:
    """A page by `sqls`: the plain statement, or the ids-first one from the offset given."""
    page_size = _page_size(params)
    offset, position = _cursor(params)
    where, after = _after(position)
    args = [*extra, *after]
    plain, ids_first, window_first_from = sqls
    if offset >= window_first_from:
        window = f"LIMIT {int(page_size) + 1} OFFSET {int(offset)}"
        cur.execute(ids_first.format(position=where, window=window), args)
    else:
        cur.execute(plain.format(position=where), [*args, page_size + 1, offset])
    return cur.fetchall(), page_size, offset, position


def claim_list(cur, params: dict, base: str, url: str) -> dict:
    rows, page_size, offset, current = _paged(
        cur, (LIST_SQL, LIST_IDS_FIRST_SQL, LIST_WINDOW_FIRST_FROM), params, []
    )
    following = (
        _position(rows[page_size][17], rows[page_size][0]) if len(rows) > page_size else None
    )
    rows = rows[:page_size]
    page = [_claim(row, base) for row in rows]
    positions = [_position(row[17], row[0]) for row in rows]
    return _envelope(url, page_size, offset, current, page, following, positions)


def _evidence(row) -> dict:
    (eid, cid, relation, excerpt, note, created, updated, version, sid, title, url, kind,
     published_at, oid, oname, okind, oreliability) = row  # fmt: skip
    return {
        "id": eid,
        "claim": cid,
        "relation": relation,
        "excerpt": excerpt,
        "note": note,
        "source": {
            "id": sid,
            "title": title,
            "url": url,
            "kind": kind,
            "published_at": published_at,
            "outlet": _outlet(oid, oname, okind, oreliability),
        },
        "created_at": created,
        "updated_at": updated,
        "version": version,
    }


def _claim_link(row) -> dict:
    (lid, kind, note, outgoing, oid, text, status, credibility, sp_id, sp_name, sp_kind,
     sp_role) = row  # fmt: skip
    return {
        "id": lid,
        "kind": kind,
        "direction": "outgoing" if outgoing else "incoming",
        "claim": {
            "id": oid,
            "text": text,
            "speaker": _speaker(sp_id, sp_name, sp_kind, sp_role),
            "status": status,
            "credibility": credibility,
        },
        "note": note,
    }


def _dated(item: list) -> list:
    for position in EVIDENCE_DATETIMES:
        if item[position] is not None:
            item[position] = EPOCH + timedelta(microseconds=item[position])
    return item


def claim_detail(cur, claim_id: int, base: str) -> dict | None:
    cur.execute(DETAIL_SQL, [claim_id])
    row = cur.fetchone()
    if row is None:
        return None
    *claim_row, evidence, links = row
    claim = _claim(claim_row, base)
    claim["evidence"] = [_evidence(_dated(item)) for item in evidence or ()]
    claim["links"] = [_claim_link(item) for item in links or ()]
    return claim


def _date(value) -> str | None:
    if value is None:
        return None
    return value.date().isoformat() if hasattr(value, "date") else value.isoformat()


def _appearance(title, url, published_at, outlet) -> dict:
    work = {"@type": "CreativeWork", "headline": title}
    if url:
        work["url"] = url
    if published_at:
        work["datePublished"] = _date(published_at)
    if outlet is not None:
        work["publisher"] = {"@type": "Organization", "name": outlet}
    return work


def claimreview_feed(cur, params: dict, base: str, url: str) -> dict:
    rows, page_size, offset, current = _paged(
        cur,
        (FEED_SQL, FEED_IDS_FIRST_SQL, FEED_WINDOW_FIRST_FROM),
        {**params, "page_size": None},
        [],
    )
    following = _position(rows[page_size][7], rows[page_size][0]) if len(rows) > page_size else None
    rows = rows[:page_size]
    appearances: dict[int, list] = {}
    if rows:
        cur.execute(APPEARANCES_SQL, [[row[0] for row in rows]])
        for claim_id, *rest in cur.fetchall():
            appearances.setdefault(claim_id, []).append(_appearance(*rest))
    page = []
    for (cid, text, stated_on, verdict, explanation, verdict_at, published_at, _updated,
         sp_name, sp_kind, sp_role) in rows:  # fmt: skip
        author_type = "Person" if sp_kind == "person" else "Organization"
        found = appearances.get(cid, [])
        item = {
            "@type": "Claim",
            "author": {"@type": author_type, "name": sp_name},
            "appearance": found,
        }
        if stated_on:
            item["datePublished"] = _date(stated_on)
        if sp_role:
            item["author"]["jobTitle" if author_type == "Person" else "description"] = sp_role
        if found:
            item["firstAppearance"] = found[0]
        page.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": f"{base}/claims/{cid}/",
                "claimReviewed": text,
                "datePublished": _date(verdict_at or published_at),
                "author": {"@type": "Organization", "name": REVIEWER, "url": f"{base}/"},
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": RATING[verdict],
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": VERDICT[verdict].capitalize(),
                },
                "reviewBody": explanation,
                "itemReviewed": item,
            }
        )
    positions = [_position(row[7], row[0]) for row in rows]
    return _envelope(url, page_size, offset, current, page, following, positions)


def search(cur, params: dict, base: str) -> dict:
    """Every kind in one statement: full-text matches per kind, fuzzy names for speakers and
    outlets, merged and ranked here as the product does; snippets by the product's highlight."""
    q = params.get("q", "")
    try:
        limit = int(params.get("limit", 20))
        offset = int(params.get("offset", 0))
    except ValueError:
        raise BadRequest("limit/offset") from None
    if not q or len(q) > 500 or not 1 <= limit <= 100 or not 0 <= offset <= 10_000:
        raise BadRequest("q/limit/offset")
    query = parse_query(q)
    if query.is_empty:
        return {"count": 0, "count_is_estimate": False, "results": []}
    parts, args = [], []
    for clause in query.clauses:
        joined = "(" + " || ".join(ATOM_SQL for _atom in clause.atoms) + ")"
        for atom in clause.atoms:
            args += [SEARCH_CONFIGS, atom.text]
        parts.append(f"!!{joined}" if clause.negated else joined)
    fuzzy_text = query.fuzzy_text()
    selects = [_find_sql(kind) for kind in SEARCH_KINDS]
    if fuzzy_text:
        selects += [_fuzzy_sql(kind) for kind, (_u, fuzzy, _o) in SEARCH_KINDS.items() if fuzzy]
    named = {f"a{n}": value for n, value in enumerate(args)}
    tsquery = " && ".join(parts)
    for n in range(len(args)):
        tsquery = tsquery.replace("%s", f"%(a{n})s", 1)
    sql = (
        f"WITH q AS MATERIALIZED (SELECT {tsquery} AS q), "
        "n AS (SELECT search_fold(%(fuzzy)s) AS t) " + " UNION ALL ".join(selects)
    )
    cur.execute(sql, {**named, "fuzzy": fuzzy_text, "limit": offset + limit})
    raw = cur.fetchall()
    rows: dict[tuple[str, int], list] = {}
    totals: dict[str, int] = {}
    for kind, _fuzzy, entry_id, object_id, title, body, score, kind_total in raw:
        if not _fuzzy:
            rows[kind, entry_id] = [kind, object_id, title, body, float(score), entry_id]
            totals[kind] = kind_total
    total = sum(totals.values())
    capped = any(n >= CANDIDATES for n in totals.values())
    for kind, _fuzzy, entry_id, object_id, title, body, score, _kind_total in raw:
        if _fuzzy:
            if (kind, entry_id) in rows:
                rows[kind, entry_id][4] = max(rows[kind, entry_id][4], float(score))
            else:
                rows[kind, entry_id] = [kind, object_id, title, body, float(score), entry_id]
                total += 1
    found = sorted(rows.values(), key=lambda r: (-r[4], SEARCH_KINDS[r[0]][2], r[5]))
    terms = query.terms()
    return {
        "count": total,
        "count_is_estimate": capped,
        "results": [
            {
                "type": kind,
                "id": object_id,
                "title": title,
                "snippet": str(highlight(body or title, terms, fuzzy=SEARCH_KINDS[kind][1])),
                "score": score,
                "url": f"{base}/api/v1/{SEARCH_KINDS[kind][0]}/{object_id}/",
            }
            for kind, object_id, title, body, score, _entry_id in found[offset : offset + limit]
        ],
    }


# --- WSGI ---------------------------------------------------------------------------------

DETAIL = re.compile(r"^/api/v1/claims/(\d+)/$")
HEADERS = [("Content-Type", "application/json")]


def _respond(start_response, status: str, body: bytes):
    start_response(status, [*HEADERS, ("Content-Length", str(len(body)))])
    return [body]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/healthz":
        return _respond(start_response, "200 OK", b'{"status": "ok"}')
    host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    base = f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
    query_string = environ.get("QUERY_STRING", "")
    params = dict(parse.parse_qsl(query_string, keep_blank_values=True))
    url = base + path + (f"?{query_string}" if query_string else "")
    try:
        with pool().connection() as conn, conn.cursor() as cur:
            if path == "/api/v1/claims/":
                data = claim_list(cur, params, base, url)
            elif path == "/api/v1/claimreview/":
                data = claimreview_feed(cur, params, base, url)
            elif path == "/api/v1/search/":
                data = search(cur, params, base)
            elif match := DETAIL.match(path):
                data = claim_detail(cur, int(match.group(1)), base)
                if data is None:
                    body = b'{"detail": "No Claim matches the given query."}'
                    return _respond(start_response, "404 Not Found", body)
            else:
                return _respond(start_response, "404 Not Found", b'{"detail": "Not found."}')
    except BadRequest as error:
        return _respond(start_response, "400 Bad Request", orjson.dumps({"detail": str(error)}))
    body = orjson.dumps(data, option=orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS)
    return _respond(start_response, "200 OK", body)
