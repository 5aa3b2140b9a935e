#!/usr/bin/env python
"""Benchmark: full-text search over 1,000,000 generated claims and 200,000 sources on PostgreSQL.

    .venv/bin/python bench/search.py [--claims 1000000] [--runs 30] [--no-rebuild]

Generates the data if missing (manage.py generate_data), rebuilds the index
(rebuild_search_index), then runs a fixed set of queries, each `--runs` times:
  - the product: search() over every kind (full text + fuzzy names + snippets), and
    search(kinds=("claim",));
  - the baseline: one hand-written SQL statement over the same index doing the claims search's
    job (the 20 best of at most 2,000 candidates, titles, ts_headline snippets, capped total;
    no fuzzy names), with the query under every language configuration the product matches
    (the ratio's denominator) and under English only (for reference).
Prints p50 and p99 per group (selective, common, phrases, with filters) and their ratio.
Targets (issue 5): selective p50 <= 30 ms, p99 <= 150 ms; common words p99 <= 300 ms; the
product within 1.25x of the hand-written SQL.
"""

import argparse
import statistics
import time

from _setup import DEFAULT_URL, ensure_claims, setup_django

QUERIES = {
    "selective": ["457 prisoners", "691", "prosecutor 622", "convoy 314 -drones"],
    "common": ["telegram", "agreement", "the convoy reached", "drones OR prisoners"],
    "phrase": ['"press briefing"', '"no agreement had been reached"', '"central bank" warned'],
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn, runs: int) -> list[float]:
    fn()  # warm the cache once
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    setup_django(args.database_url)
    ensure_claims(args.claims)

    from django.core.management import call_command
    from django.db import connection

    from sources.search import search
    from sources.search.engines import PG_CONFIGS

    if not args.no_rebuild:
        started = time.perf_counter()
        call_command("rebuild_search_index")
        print(f"rebuild: {time.perf_counter() - started:.1f} s")

    with connection.cursor() as cursor:
        cursor.execute("SELECT outlet_id, speaker_id FROM claims_claim WHERE id = 1000")
        outlet, speaker = cursor.fetchone()
    import datetime as dt

    filtered = [
        ("telegram", {"outlet": outlet}),
        ("agreement", {"speaker": speaker}),
        ("drones", {"date_from": dt.date(2024, 1, 1), "date_to": dt.date(2024, 3, 31)}),
        ("prisoners", {"credibility_max": 3}),
    ]

    # The same job as search(kinds=("claim",)) done by hand in one statement: the 20 best of at
    # most 2,000 candidates, with their titles, highlighted snippets and the (capped) total.
    # Two versions: the query under English only, and under every language the index holds
    # (what the product matches: a word counts under any document language's dictionary).
    def baseline_sql(tsquery: str) -> str:
        return f"""
        WITH query AS MATERIALIZED (SELECT {tsquery} AS q),
        matches AS (
            SELECT e.object_id, e.title, e.body,
                   ts_rank('{{0.05, 0.2, 0.4, 1.0}}', e.document, query.q) AS score
            FROM search_entry e, query
            WHERE e.kind = 'claim' AND e.public AND e.document @@ query.q
            LIMIT 2000
        )
        SELECT m.object_id, m.title, m.score,
               ts_headline('english', m.body, (SELECT q FROM query),
                           'StartSel=<mark>, StopSel=</mark>, MaxFragments=1'),
               (SELECT count(*) FROM matches)
        FROM matches m ORDER BY m.score DESC LIMIT 20
        """

    configs = ["simple", *dict.fromkeys(PG_CONFIGS.values())]
    english_sql = baseline_sql("websearch_to_tsquery('english', search_fold(%s))")
    every_sql = baseline_sql(
        " || ".join(f"websearch_to_tsquery('{c}', search_fold(%s))" for c in configs)
    )

    def baseline(q: str, every_language: bool):
        with connection.cursor() as cursor:
            if every_language:
                cursor.execute(every_sql, [q] * len(configs))
            else:
                cursor.execute(english_sql, [q])
            return cursor.fetchall()

    groups = {name: [(q, None) for q in qs] for name, qs in QUERIES.items()}
    groups["filtered"] = filtered
    print(f"{'group':<10} {'engine':<28} {'p50 ms':>8} {'p99 ms':>8}")
    for name, queries in groups.items():
        product, claims_only, base, base_en = [], [], [], []
        for q, filters in queries:
            product += timed(lambda q=q, f=filters: search(q, filters=f), args.runs)
            claims_only += timed(
                lambda q=q, f=filters: search(q, kinds=("claim",), filters=f), args.runs
            )
            if filters is None:
                base += timed(lambda q=q: baseline(q, True), args.runs)
                base_en += timed(lambda q=q: baseline(q, False), args.runs)
        rows = [("search(), every kind", product), ("search(), claims", claims_only)]
        if base:
            rows.append(("SQL, claims, every language", base))
            rows.append(("SQL, claims, English only", base_en))
        for label, values in rows:
            print(
                f"{name:<10} {label:<28} {statistics.median(values):8.1f} "
                f"{percentile(values, 99):8.1f}"
            )
        if base:
            for label, values in (("every kind", product), ("claims", claims_only)):
                print(
                    f"{name:<10} {'ratio ' + label + '/SQL (p50, p99)':<28} "
                    f"{statistics.median(values) / statistics.median(base):8.2f} "
                    f"{percentile(values, 99) / percentile(base, 99):8.2f}"
                )
    for q, _f in groups["selective"] + groups["common"]:
        result = search(q)
        print(f"{q!r}: total {result.total}{'+' if result.total_is_estimate else ''}")


if __name__ == "__main__":
    main()
