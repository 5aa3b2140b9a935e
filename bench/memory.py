#!/usr/bin/env python
"""Memory: a gunicorn worker's resident memory over 10,000 and 20,000 requests.

    .venv/bin/python bench/memory.py [--requests 10000] [--connections 8] [--workers 1]

Starts the product under gunicorn with the production settings on the benchmark database
(bench/_setup.py) with worker recycling off (GUNICORN_MAX_REQUESTS=0: in production a worker
is replaced after 1,000 requests, which would hide a leak), and drives keep-alive clients over
the claim list, claim details, searches and creates (bench/_server.py), on 127.0.0.1 only.
One worker by default, so that every request is that worker's. Measures each worker's
resident memory (VmRSS) after a warm-up of 500 requests (the baseline of this run), after
`--requests` and after twice as many. Targets (issue 8): under 150 MB after 10,000 requests,
and less than 5% growth between 10,000 and 20,000. Prints a table and, last, one JSON object.
"""

import argparse
import json
import os
import time
import uuid

from _server import Tally, drive, editor_token, sample_paths, start_gunicorn, stop, worker_pids
from _setup import DEFAULT_URL

WEIGHTS = (("list", 4), ("detail", 5), ("search", 1), ("create", 1))
LIMIT_MB = 150
GROWTH_LIMIT = 0.05


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8933)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    token, speaker_id = editor_token(args.database_url)
    paths = sample_paths(args.database_url)
    os.environ["GUNICORN_MAX_REQUESTS"] = "0"
    os.environ["DATABASE_POOL"] = "1"
    server = start_gunicorn(args.database_url, args.port, args.workers, args.threads)
    run_id = uuid.uuid4().hex[:8]
    stages = [("warm-up", 500), ("first", args.requests), ("second", args.requests)]
    rows, served, tally = [], 0, Tally()
    try:
        pids = sorted(worker_pids(server))
        for name, count in stages:
            started = time.monotonic()
            drive(
                args.port,
                token,
                speaker_id,
                paths,
                connections=args.connections,
                seconds=3600,
                tally=tally,
                run_id=run_id,
                max_requests=count,
                weights=WEIGHTS,
            )
            served += count
            rows.append(
                {
                    "stage": name,
                    "requests": served,
                    "seconds": round(time.monotonic() - started, 1),
                    "rss_mb": {pid: round(rss_mb(pid), 1) for pid in pids},
                }
            )
            print(f"{name:<8} {served:>7,} requests  {rows[-1]['seconds']:>6} s  "
                  + "  ".join(f"worker {p}: {mb} MB" for p, mb in rows[-1]["rss_mb"].items()),
                  flush=True)  # fmt: skip
        same_workers = sorted(worker_pids(server)) == pids
    finally:
        stop(server)

    warm, first, second = rows
    per_worker = {
        pid: {
            "after_warmup_mb": warm["rss_mb"][pid],
            "after_first_mb": first["rss_mb"][pid],
            "after_second_mb": second["rss_mb"][pid],
            "growth_pct": round(
                100 * (second["rss_mb"][pid] - first["rss_mb"][pid]) / first["rss_mb"][pid], 2
            ),
        }
        for pid in pids
    }
    non_2xx = sum(op["non_2xx"] for op in tally.report().values())
    worst = max(per_worker.values(), key=lambda w: w["after_second_mb"])
    print(
        f"\n{args.workers} worker(s) x {args.threads} threads, recycling off; "
        f"{args.connections} connections; mix {dict(WEIGHTS)}; same workers throughout: "
        f"{same_workers}"
    )
    print(f"{'worker':>8} {'warm-up MB':>11} {f'{first['requests']:,} req MB':>13} "
          f"{f'{second['requests']:,} req MB':>13} {'growth':>7}")  # fmt: skip
    for pid, w in per_worker.items():
        print(f"{pid:>8} {w['after_warmup_mb']:>11} {w['after_first_mb']:>13} "
              f"{w['after_second_mb']:>13} {w['growth_pct']:>6}%")  # fmt: skip
    met = (
        max(w["after_first_mb"] for w in per_worker.values()) < LIMIT_MB
        and max(w["growth_pct"] for w in per_worker.values()) < GROWTH_LIMIT * 100
        and same_workers
    )
    print(f"targets (< {LIMIT_MB} MB after {args.requests:,}, < 5% growth): "
          f"{'met' if met else 'NOT met'}")  # fmt: skip
    print(
        json.dumps(
            {
                "requests_per_stage": args.requests,
                "workers": per_worker,
                "max_rss_mb": worst["after_second_mb"],
                "same_workers": same_workers,
                "non_2xx": non_2xx,
                "targets_met": met,
            }
        )
    )


if __name__ == "__main__":
    main()
