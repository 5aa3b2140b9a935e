#!/usr/bin/env python
"""Benchmark: recompute the credibility of N generated claims on PostgreSQL.

    .venv/bin/python bench/credibility.py [--claims 100000] [--database-url URL]

Prints, in one run:
  - the product's bulk recompute (batches of 1,000: 4 read queries, 1 bulk update and 1 bulk
    history insert per batch), claims per second, first with every grade written, then again
    with nothing to write;
  - baseline 1, a floor: reading the same inputs with plain SQL (no grading, no writes);
  - baseline 2, the naive way: grading one claim at a time (batch size 1), on a sample.
Target (issue 3): at least 5,000 claims per second for the bulk recompute.
"""

import argparse
import random
import time

from _setup import DEFAULT_URL, ensure_claims, setup_django


def rate(n: int, seconds: float) -> str:
    return f"{n:,} claims in {seconds:.2f} s = {n / seconds:,.0f} claims/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="claims for the naive baseline")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    setup_django(args.database_url)
    ensure_claims(args.claims)

    from django.db import connection

    from claims.models import Claim
    from claims.recompute import credibility_recompute

    ids = list(Claim.objects.order_by("id").values_list("id", flat=True)[: args.claims])
    # Force every grade written. By id range: a list of 100,000 ids is more parameters than a
    # PostgreSQL statement takes with server-side binding.
    Claim.objects.filter(id__gte=ids[0], id__lte=ids[-1]).update(credibility_reasons=[])
    n = len(ids)
    print(f"claims: {n:,}; evidence rows: {Claim.evidence.rel.related_model.objects.count():,}")

    started = time.perf_counter()
    changed = credibility_recompute(claim_ids=ids)
    full = time.perf_counter() - started
    print(f"product, grades written ({changed:,} changed): {rate(n, full)}")

    started = time.perf_counter()
    changed = credibility_recompute(claim_ids=ids)
    unchanged = time.perf_counter() - started
    print(f"product, nothing to write ({changed:,} changed): {rate(n, unchanged)}")

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.claim_id, e.source_id, e.relation, s.outlet_id, o.reliability "
            "FROM claims_evidence e JOIN sources_source s ON s.id = e.source_id "
            "LEFT JOIN sources_outlet o ON o.id = s.outlet_id WHERE e.claim_id = ANY(%s)",
            [ids],
        )
        rows = len(cursor.fetchall())
    floor = time.perf_counter() - started
    print(f"baseline 1, plain SQL read of the inputs ({rows:,} rows): {rate(n, floor)}")

    sample = random.Random(1).sample(ids, min(args.sample, n))
    started = time.perf_counter()
    for claim_id in sample:
        credibility_recompute(claim_ids=[claim_id], batch_size=1)
    naive = time.perf_counter() - started
    print(f"baseline 2, one claim at a time: {rate(len(sample), naive)}")

    print(
        f"bulk recompute vs one at a time: {(n / full) / (len(sample) / naive):.1f}x; "
        f"target 5,000 claims/s: {'met' if n / full >= 5000 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
