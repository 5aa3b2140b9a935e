#!/usr/bin/env python
"""Benchmark: the read API under gunicorn against a hand-written baseline, driven by wrk.

    .venv/bin/python bench/api.py [--claims 1000000] [--duration 30] [--connections 16]
                                  [--threads 2] [--warmup 3]

Reuses (or generates) `--claims` claims in the benchmark database (bench/_setup.py), then:

  1. counts the product's SQL queries per request in-process (django.test.Client and
     CaptureQueriesContext), per workload;
  2. starts the product under gunicorn with the production settings (bench/_server.py: 2
     workers, 2 threads each as in config/gunicorn.conf.py, DEBUG off) and the bench-only
     baseline (bench/baseline_api.py: plain WSGI, hand-written SQL through a psycopg pool,
     orjson) under the same gunicorn settings, each on its own port, and checks that the
     baseline answers a few of the product's requests with the same JSON;
  3. drives wrk (bench/wrk/rotate.lua) against each workload for `--duration` seconds after a
     warm-up, the two servers' rounds interleaved (product, baseline, baseline, product, ...),
     so that both are measured in the same minutes: this machine's speed drifts by tens of
     per cent over minutes, and measuring one server after the other measured the drift.

Both servers listen on 127.0.0.1 only; while one is measured the other is idle.
Workloads (anonymous reader, published claims):

  W1  /api/v1/claims/?page_size=50: the first page and the next 4 (following `next`), with
      speaker, outlet, topics, credibility, verdict and evidence counts
  W2  /api/v1/claims/<id>/ over 200 published claims spread over the table: the detail with its
      evidence (sources and their outlets) and its links. The detail only: the provenance walk
      is its own endpoint (/claims/<id>/provenance/) and is not part of W2 for either server
  W3  /api/v1/search/?q=<word>: every kind, ranked, with snippets, over 7 words
  W4  /api/v1/claimreview/: the ClaimReview feed, the first page and the next 4

Prints requests per second, p50 and p99 for both (the median of `--rounds` wrk runs), their
ratio (of the medians; each round's paired ratio and their median, `paired_ratio`, are
printed too: with the drift, the paired figure is the steadier one), the queries per request
(the product: the most any sampled request of the workload made; the mean is in the table),
and as its last line one JSON object {"W1": {"rps", "baseline_rps", "ratio", "p99_ms", "queries",
...}, ...}. Targets (issue 8): at 1,000,000 claims W1 and W2 at least 60% of the baseline's
rps with p99 under 50 ms at 16 connections; W1 at most 4 queries, W2 at most 6.

Connection pooling: the product server gets DATABASE_POOL=1 in its environment; whether the
settings act on it is printed (config/settings.py decides; without it the product keeps
persistent connections, CONN_MAX_AGE). The baseline always pools (psycopg_pool).
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

from _server import ROOT, request, start_baseline, start_gunicorn, stop
from _setup import DEFAULT_URL, ensure_claims, setup_django

LUA = ROOT / "bench" / "wrk" / "rotate.lua"
NAMES = {"W1": "claim list", "W2": "claim detail", "W3": "search", "W4": "claimreview"}
SEARCH_WORDS = ["prisoners", "telegram", "agreement", "convoy", "drones", "ceasefire", "talks"]
# Queries the baseline makes per request, by construction (see bench/baseline_api.py).
BASELINE_QUERIES = {"W1": 1, "W2": 1, "W3": 1, "W4": 2}
COMPARED = 3  # responses compared per workload


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local(url: str) -> str:
    """The path and query of an absolute URL."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def workload_paths(client, pages: int = 5, details: int = 200) -> dict[str, list[str]]:
    """The request paths of each workload, over the benchmark data."""
    from django.db import connection

    def follow(first: str) -> list[str]:
        out = [first]
        while len(out) < pages:
            response = client.get(out[-1], HTTP_ACCEPT="application/json")
            nxt = response.json().get("next") if response.status_code == 200 else None
            if not nxt:
                break
            out.append(local(nxt))
        return out

    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM claims_claim")
        step = max(1, (cursor.fetchone()[0] or 0) // (details * 3))
        cursor.execute(
            "SELECT id FROM claims_claim WHERE status = 'published' AND id %% %s = 0 "
            "ORDER BY id LIMIT %s",
            [step, details],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return {
        "W1": follow("/api/v1/claims/?page_size=50"),
        "W2": [f"/api/v1/claims/{i}/" for i in ids],
        "W3": [f"/api/v1/search/?q={w}" for w in SEARCH_WORDS],
        "W4": follow("/api/v1/claimreview/"),
    }


def count_queries(client, paths: dict[str, list[str]], per_workload: int = 20) -> dict:
    """The product's queries per request, in-process: {workload: (max, mean)}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = {}
    for name, urls in paths.items():
        counts = []
        for url in urls[:per_workload]:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, HTTP_ACCEPT="application/json")
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code} in-process")
            counts.append(len(captured.captured_queries))
        out[name] = (max(counts), statistics.mean(counts))
    return out


def fetch(port: int, paths: dict[str, list[str]]) -> dict[str, list]:
    """The parsed JSON of the first COMPARED requests of each workload, with the server's
    address in its links written as `SERVER` (the two servers listen on different ports)."""
    out = {}
    for name, urls in paths.items():
        out[name] = []
        for url in urls[:COMPARED]:
            status, body, _ms = request("GET", port, url)
            body = json.loads(json.dumps(body).replace(f"127.0.0.1:{port}", "SERVER"))
            out[name].append((url, status, body))
    return out


def first_difference(a, b, where: str = "") -> str | None:
    """Where two parsed JSON values first differ, or None when they are equal."""
    if type(a) is not type(b):
        return f"{where or '.'}: {type(a).__name__} {a!r:.80} != {type(b).__name__} {b!r:.80}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'product' if key in a else 'baseline'}"
            found = first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}[{n}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r:.80} != {b!r:.80}"


def compare(product: dict, baseline: dict) -> dict[str, tuple[bool, str]]:
    out = {}
    for name in product:
        problems = []
        for (url, p_status, p_body), (_url, b_status, b_body) in zip(
            product[name], baseline[name], strict=True
        ):
            if p_status != 200 or b_status != 200:
                problems.append(f"{url}: HTTP {p_status} vs {b_status}")
            elif difference := first_difference(p_body, b_body):
                problems.append(f"{url}: {difference}")
        out[name] = (not problems, "; ".join(problems))
    return out


def run_wrk(port: int, paths: list[str], args, seconds: float) -> dict:
    """One wrk run over `paths`; requests per second, latency percentiles (ms), errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
        path_file = handle.name
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}",
        "--",
        path_file,
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 90, check=False
        )
    finally:
        os.unlink(path_file)
    match = re.search(r"^WRK_RESULT (.*)$", done.stdout, re.M)
    if done.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout} {done.stderr}")
    raw = json.loads(match.group(1))
    seconds_run = raw["duration_us"] / 1e6
    errors = sum(
        raw[k] for k in ("connect_errors", "read_errors", "write_errors", "non_2xx_3xx", "timeouts")
    )
    return {
        "rps": raw["requests"] / seconds_run if seconds_run else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "errors": errors,
    }


def measure(ports: dict[str, int], paths: dict[str, list[str]], args) -> dict[str, dict]:
    """{server: {workload: the median round}} for the servers on `ports`, rounds interleaved."""
    out: dict[str, dict] = {server: {} for server in ports}
    servers = list(ports)
    for name, urls in paths.items():
        if args.warmup > 0:
            for server in servers:
                run_wrk(ports[server], urls, args, args.warmup)
        rounds: dict[str, list] = {server: [] for server in servers}
        for n in range(args.rounds):
            # Alternate who goes first, so that a drift within a pair favours neither.
            for server in servers if n % 2 == 0 else reversed(servers):
                rounds[server].append(run_wrk(ports[server], urls, args, args.duration))
        paired = [
            p["rps"] / b["rps"] if b["rps"] else 0.0
            for p, b in zip(rounds["product"], rounds["baseline"], strict=True)
        ]
        for server in servers:
            # Each round opens new connections; gthread workers keep the keep-alive
            # connections they accepted, so one round may load one worker more than the
            # other. The median round is reported (all rounds are printed).
            ordered = sorted(rounds[server], key=lambda r: r["rps"])
            out[server][name] = result = ordered[len(ordered) // 2]
            print(
                f"  {server:<8} {name} {NAMES[name]:<13} {result['rps']:8.1f} rps  "
                f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
                f"({result['requests']} requests, {result['errors']} errors; rounds: "
                f"{', '.join(f'{r["rps"]:.1f}' for r in rounds[server])} rps)",
                flush=True,
            )
        out["product"][name]["paired_ratio"] = statistics.median(paired)
        print(
            f"  {name} paired ratios by round: {', '.join(f'{r:.2f}' for r in paired)} "
            f"(median {statistics.median(paired):.2f})",
            flush=True,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=30, help="seconds per workload")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up, unmeasured")
    parser.add_argument(
        "--rounds", type=int, default=3, help="wrk runs per workload; the median is reported"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, both servers")
    parser.add_argument(
        "--gunicorn-threads",
        type=int,
        default=2,
        help="threads per worker, both servers (2, as config/gunicorn.conf.py)",
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument(
        "--workloads", default="W1,W2,W3,W4", help="which to run, comma-separated (all by default)"
    )
    args = parser.parse_args()
    chosen = [name.strip().upper() for name in args.workloads.split(",")]
    if unknown := set(chosen) - set(NAMES):
        sys.exit(
            f"unknown workloads: {', '.join(sorted(unknown))} (choose from {', '.join(NAMES)})"
        )

    if subprocess.run(["which", "wrk"], capture_output=True, check=False).returncode:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    os.environ["DATABASE_POOL"] = "1"  # for settings that read it (see the module docstring)
    # Both servers: each worker takes its share of wrk's connections, so every round uses both
    # workers (config/gunicorn.conf.py, worker_connections).
    per_worker = -(-args.connections // args.workers)
    os.environ["GUNICORN_WORKER_CONNECTIONS"] = str(per_worker)
    setup_django(args.database_url)
    ensure_claims(args.claims)

    from django.db import connection
    from django.test import Client

    from claims.models import Claim

    pooled = bool(connection.settings_dict.get("OPTIONS", {}).get("pool"))
    client = Client(SERVER_NAME="localhost")
    paths = {name: urls for name, urls in workload_paths(client).items() if name in chosen}
    queries = count_queries(client, paths)
    connection.close()
    print(
        f"{Claim.objects.count():,} claims; gunicorn {args.workers} workers x "
        f"{args.gunicorn_threads} threads; wrk {args.threads} threads, {args.connections} "
        f"connections ({per_worker} a worker at most), {args.duration:g} s per workload after "
        f"{args.warmup:g} s warm-up, median of {args.rounds} rounds",
        flush=True,
    )
    print(
        "product connection pooling: "
        + (
            "on (OPTIONS['pool'])"
            if pooled
            else "OFF: the settings do not read DATABASE_POOL; persistent connections "
            f"(CONN_MAX_AGE={connection.settings_dict.get('CONN_MAX_AGE')}) instead"
        ),
        flush=True,
    )
    connection.close()

    ports = {"product": free_port(), "baseline": free_port()}
    print(
        f"product (gunicorn, production settings) on 127.0.0.1:{ports['product']}, "
        f"baseline (bench/baseline_api.py) on 127.0.0.1:{ports['baseline']}",
        flush=True,
    )
    servers = []
    try:
        servers.append(
            start_gunicorn(args.database_url, ports["product"], args.workers, args.gunicorn_threads)
        )
        servers.append(
            start_baseline(
                args.database_url, ports["baseline"], args.workers, args.gunicorn_threads
            )
        )
        same = compare(fetch(ports["product"], paths), fetch(ports["baseline"], paths))
        for name, (equal, problems) in same.items():
            verdict = "yes" if equal else f"NO: {problems}"
            print(f"  same JSON {name} ({COMPARED} requests): {verdict}", flush=True)
        measured = measure(ports, paths, args)
    finally:
        for server in servers:
            stop(server)
    product, baseline = measured["product"], measured["baseline"]

    print()
    print(
        f"{'workload':<16} {'rps':>8} {'base rps':>9} {'ratio':>6} {'p50 ms':>7} {'base p50':>8} "
        f"{'p99 ms':>7} {'base p99':>8} {'queries (mean)':>15} {'base q':>6} {'same JSON':>9}"
    )
    summary = {}
    for name in paths:
        p, b = product[name], baseline[name]
        ratio = p["rps"] / b["rps"] if b["rps"] else 0.0
        most, mean = queries[name]
        print(
            f"{name + ' ' + NAMES[name]:<16} {p['rps']:8.1f} {b['rps']:9.1f} {ratio:6.2f} "
            f"{p['p50_ms']:7.1f} {b['p50_ms']:8.1f} {p['p99_ms']:7.1f} {b['p99_ms']:8.1f} "
            f"{most:>7} ({mean:4.1f}) {BASELINE_QUERIES[name]:>6} "
            f"{'yes' if same[name][0] else 'NO':>9}"
        )
        summary[name] = {
            "rps": round(p["rps"], 1),
            "baseline_rps": round(b["rps"], 1),
            "ratio": round(ratio, 3),
            "paired_ratio": round(p["paired_ratio"], 3),
            "p99_ms": round(p["p99_ms"], 1),
            "queries": most,
            "p50_ms": round(p["p50_ms"], 1),
            "baseline_p50_ms": round(b["p50_ms"], 1),
            "baseline_p99_ms": round(b["p99_ms"], 1),
            "baseline_queries": BASELINE_QUERIES[name],
            "same_json": same[name][0],
            "errors": p["errors"],
            "baseline_errors": b["errors"],
        }
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"# {time.monotonic() - started:.0f} s", file=sys.stderr)
