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

from _server import (
    Tally,
    add_load_arguments,
    drive,
    editor_token,
    print_operations,
    sample_paths,
    start_gunicorn,
    stop,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_load_arguments(parser, port=8931)
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
    print_operations(report, tally)
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
