#!/usr/bin/env python
"""Faults: PostgreSQL restarts in the middle of a load; the service recovers by itself.

    .venv/bin/python bench/faults.py [--connections 64] [--seconds 60] [--restart-at 20]

Runs the load of bench/load.py against gunicorn (production settings, 127.0.0.1 only) and,
`--restart-at` seconds in, restarts the PostgreSQL cluster (pg_ctlcluster ... restart). Then:
  - how long until requests succeed again (target: within 10 s), and whether the gunicorn
    workers are the same processes as before (no restart needed);
  - that every create answered 201 exists exactly once (clients retry failed creates with the
    same Idempotency-Key);
  - non-2xx answers and connection errors during the outage, by operation.
Prints the figures and, as its last line, one JSON object. Needs root (it restarts the
database); never run it next to other work on the same cluster.
"""

import argparse
import json
import subprocess
import threading
import time
from pathlib import Path

from _server import (
    Tally,
    add_load_arguments,
    drive,
    editor_token,
    print_operations,
    sample_paths,
    start_gunicorn,
    stop,
    worker_pids,
)


def restart_postgres() -> float:
    """Restart the local cluster; return when the restart command started (monotonic)."""
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
    )
    return started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_load_arguments(parser, port=8932)
    parser.add_argument("--restart-at", type=float, default=20)
    args = parser.parse_args()

    token, speaker_id = editor_token(args.database_url)
    paths = sample_paths(args.database_url)
    from django.db import connection

    connection.close()  # the restart would break this process's own connection
    server = start_gunicorn(args.database_url, args.port, args.workers, args.threads)
    workers_before = worker_pids(server)
    tally = Tally()
    run_id = f"fault{int(time.time())}"
    restart: dict[str, float] = {}

    def fault() -> None:
        time.sleep(args.restart_at)
        restart["at"] = restart_postgres()
        restart["done"] = time.monotonic()

    injector = threading.Thread(target=fault)
    injector.start()
    try:
        drive(
            args.port,
            token,
            speaker_id,
            paths,
            connections=args.connections,
            seconds=args.seconds,
            tally=tally,
            run_id=run_id,
            max_requests=args.max_requests,
        )
        injector.join()
        workers_after = worker_pids(server)
    finally:
        stop(server)

    # Back when: the first moment after the restart from which every request succeeded.
    after = sorted(t for t in tally.timeline if t[0] >= restart["at"])
    last_failure = max((t for t, ok in after if not ok), default=restart["at"])
    recovery = last_failure - restart["at"]

    connection.connect()
    markers = [marker for marker, _id in tally.created]
    ids = [claim_id for _marker, claim_id in tally.created]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, text FROM claims_claim WHERE text LIKE %s",
            [f"Load test statement {run_id}-%"],
        )
        stored = cursor.fetchall()
    stored_ids = [row[0] for row in stored]
    missing = sorted(set(ids) - set(stored_ids))
    per_marker = {}
    for _id, text in stored:
        marker = text.removeprefix("Load test statement ").removesuffix(".")
        per_marker[marker] = per_marker.get(marker, 0) + 1
    duplicated = sorted(m for m, n in per_marker.items() if n > 1)
    unanswered = sorted(set(per_marker) - set(markers))  # stored but never answered 201

    report = tally.report()
    print(
        f"PostgreSQL restart took {restart['done'] - restart['at']:.1f} s "
        f"(at {args.restart_at:.0f} s into the load)"
    )
    print(f"service back {recovery:.1f} s after the restart began (target: within 10 s)")
    print(
        f"gunicorn workers: before {sorted(workers_before)}, after {sorted(workers_after)}, "
        f"{'same processes' if workers_before == workers_after else 'CHANGED'}"
    )
    print(
        f"creates answered 201: {len(ids)}; stored: {len(stored_ids)}; missing: {len(missing)};"
        f" stored twice: {len(duplicated)}; stored but unanswered: {len(unanswered)}"
    )
    print_operations(report, tally)
    print(
        json.dumps(
            {
                "restart_seconds": round(restart["done"] - restart["at"], 1),
                "recovery_seconds": round(recovery, 1),
                "same_workers": workers_before == workers_after,
                "created_201": len(ids),
                "missing": len(missing),
                "duplicated": len(duplicated),
                "unanswered": len(unanswered),
                "operations": report,
                "connection_errors": dict(tally.errors),
            }
        )
    )


if __name__ == "__main__":
    main()
