#!/usr/bin/env python
"""Load: the product under gunicorn (production settings) on PostgreSQL, many connections.

    .venv/bin/python bench/load.py [--connections 64] [--seconds 60] [--workers 2]

Drives `--connections` keep-alive clients for `--seconds` (at most --max-requests in all) over
the claim list, claim details, searches and creates (with Idempotency-Key), on 127.0.0.1 only,
against the benchmark database (bench/_setup.py; generate it first, e.g. with bench/search.py).
Prints, per operation, requests, non-2xx answers, p50 and p99, and as its last line one JSON
object. Target (issue 7): no non-2xx answer.
"""

import argparse
import json
import time

from _server import Tally, drive, editor_token, sample_paths, start_gunicorn, stop
from _setup import DEFAULT_URL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    token, speaker_id = editor_token(args.database_url)
    paths = sample_paths(args.database_url)
    server = start_gunicorn(args.database_url, args.port, args.workers, args.threads)
    tally = Tally()
    started = time.monotonic()
    try:
        drive(
            args.port,
            token,
            speaker_id,
            paths,
            connections=args.connections,
            seconds=args.seconds,
            tally=tally,
            run_id=f"load{int(time.time())}",
            max_requests=args.max_requests,
        )
    finally:
        stop(server)
    elapsed = time.monotonic() - started
    report = tally.report()
    total = sum(r["requests"] for r in report.values())
    print(
        f"{total:,} requests in {elapsed:.1f} s ({total / elapsed:,.0f}/s), "
        f"{args.connections} connections, {args.workers} workers x {args.threads} threads"
    )
    print(f"{'operation':<8} {'requests':>9} {'non-2xx':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for op, r in report.items():
        print(f"{op:<8} {r['requests']:>9,} {r['non_2xx']:>8} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    print(f"connection errors: {dict(tally.errors) or 0}")
    print(
        json.dumps(
            {
                "requests": total,
                "seconds": round(elapsed, 1),
                "operations": report,
                "connection_errors": dict(tally.errors),
            }
        )
    )


if __name__ == "__main__":
    main()
