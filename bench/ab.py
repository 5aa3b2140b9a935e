#!/usr/bin/env python
"""Benchmark: the product against itself with one setting changed, rounds interleaved.

    .venv/bin/python bench/ab.py VAR=VALUE [--workload W2] [--rounds 4] [--duration 10]

A change worth a few per cent of throughput is lost in this machine's drift when two runs of
bench/api.py are compared (docs/benchmarks.md, ninth API run). This starts two product
servers under gunicorn side by side, as bench/api.py starts one (production settings, 2
workers x 2 threads, DATABASE_POOL=1, each worker taking half of wrk's connections): A with
the environment as it is, B with `VAR=VALUE` added. It drives wrk at each in turn (A, B, B,
A, ... `--rounds` times), each round `--duration` seconds after a warm-up of both, and pairs
each B round with its neighbouring A round. Prints every round's requests per second, the
medians, and the ratio B / A of each pair with its median; last, one JSON object.

For instance `bench/ab.py DATABASE_POOL_DIRECT_READS=0` measures what borrowing pooled
connections for compiled reads is worth (config/pooled_reads.py), B being the server without.
"""

import argparse
import json
import os
import statistics
import sys
import types

from _server import start_gunicorn, stop
from _setup import DEFAULT_URL, ensure_claims, setup_django
from api import NAMES, free_port, run_wrk, workload_paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("setting", help="VAR=VALUE: the environment variable server B gets")
    parser.add_argument("--workload", default="W2", help="one of W1 to W4 (bench/api.py)")
    parser.add_argument("--rounds", type=int, default=4, help="A, B, B, A groups")
    parser.add_argument("--duration", type=float, default=10, help="seconds a round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    name, _, value = args.setting.partition("=")
    if not name or not _:
        sys.exit("the setting is VAR=VALUE, e.g. DATABASE_POOL_DIRECT_READS=0")
    workload = args.workload.upper()
    if workload not in NAMES:
        sys.exit(f"unknown workload {workload} (choose from {', '.join(NAMES)})")

    os.environ["DATABASE_POOL"] = "1"
    os.environ["GUNICORN_WORKER_CONNECTIONS"] = str(-(-args.connections // 2))
    setup_django(args.database_url)
    ensure_claims(args.claims)
    from django.db import connection
    from django.test import Client

    paths = workload_paths(Client(SERVER_NAME="localhost"))[workload]
    connection.close()

    def start() -> tuple:
        port = free_port()
        return port, start_gunicorn(args.database_url, port, 2, 2)

    servers = {}
    before = os.environ.get(name)
    try:
        servers["A"] = start()
        os.environ[name] = value
        servers["B"] = start()
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
    wrk = types.SimpleNamespace(threads=2, connections=args.connections)
    rps: dict[str, list[float]] = {"A": [], "B": []}
    try:
        for label in ("A", "B"):
            run_wrk(servers[label][0], paths, wrk, 3)  # warm-up
        for label in ("A", "B", "B", "A") * args.rounds:
            result = run_wrk(servers[label][0], paths, wrk, args.duration)
            if result["errors"]:
                sys.exit(f"server {label}: {result['errors']} errors in a round")
            rps[label].append(result["rps"])
    finally:
        for _port, process in servers.values():
            stop(process)
    # In A, B, B, A order the k-th A round and the k-th B round are neighbours.
    pairs = [b / a for a, b in zip(rps["A"], rps["B"], strict=True)]
    print(f"{workload}, {args.connections} connections, {args.duration:g} s a round")
    for label, title in (("A", "A (as is)"), ("B", f"B ({name}={value})")):
        rounds = ", ".join(f"{x:,.1f}" for x in rps[label])
        print(f"  {title}: {rounds} rps (median {statistics.median(rps[label]):,.1f})")
    ratio = statistics.median(pairs)
    print(f"  B / A by pair: {', '.join(f'{p:.3f}' for p in pairs)} (median {ratio:.3f})")
    print(
        json.dumps(
            {
                "workload": workload,
                "setting": args.setting,
                "a_rps": [round(x, 1) for x in rps["A"]],
                "b_rps": [round(x, 1) for x in rps["B"]],
                "b_over_a": round(ratio, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
