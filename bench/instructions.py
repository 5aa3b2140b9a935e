#!/usr/bin/env python
"""Benchmark: CPU instructions per API request, the product against the baseline (callgrind).

    .venv/bin/python bench/instructions.py [--workloads W1,W2] [--claims 1000000]
                                           [--scale 1.0] [--database-url URL]

bench/api.py measures requests per second under wrk. On this kind of machine those figures
drift by tens of per cent within minutes (docs/benchmarks.md), so a change worth a few per
cent cannot be seen in them. This counts what a request costs the serving process in
instructions, which valgrind's callgrind counts the same way however busy the machine is:

- each server's WSGI application is called in-process, as gunicorn would call it: the
  product's `config.wsgi.application` with the production settings and DATABASE_POOL=1 (as
  bench/api.py starts it), and the bench-only baseline's (bench/baseline_api.py);
- with the paths of bench/api.py's workloads, in turn, each path answered once before
  counting starts to matter (a warm-up), every answer checked to be a 200;
- twice under `valgrind --tool=callgrind`: with N requests after the warm-up, and with 3N.
  The difference in instructions over the difference in requests is the cost of one request,
  without the process's start, imports and warm-up;
- PostgreSQL's work is not counted (another process): the figure is the Python process's,
  which is where the two servers differ (bench/api.py checks that they answer the same JSON
  with the same statements).

Prints, per workload, the instructions per request of both and their ratio (baseline /
product: the share of the product's instructions the hand-written baseline needs), and as its
last line one JSON object {"W2": {"product": .., "baseline": .., "ratio": ..}, ...}.
valgrind must be installed (`apt-get install -y valgrind`). W1 (four list pages of 50) takes
about two minutes, W2 (details) about one and a half, on two cores.
"""

import argparse
import gc
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from _server import PRODUCT_ENV  # noqa: E402
from _setup import DEFAULT_URL, ROOT, ensure_claims, setup_django  # noqa: E402

# Requests counted in the smaller run per workload (the larger has three times as many);
# `--scale` multiplies them. A list page or a search costs many details' instructions.
REQUESTS = {"W1": 20, "W2": 100, "W3": 5, "W4": 20}
SERVERS = ("product", "baseline")
COLLECTED = re.compile(r"Collected\s*:\s*([0-9]+)")


def environ(path: str) -> dict:
    """A WSGI environ for an anonymous JSON GET of `path`, as gunicorn builds one."""
    route, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "application/json",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def serve(server: str, paths: list[str], requests: int) -> None:
    """The child: answer each path once, then `requests` requests over the paths in turn."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    if server == "product":
        # As bench/_server.py starts it under gunicorn, and bench/api.py with the pool.
        os.environ.update({**PRODUCT_ENV, "DATABASE_POOL": "1"})
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        from config.wsgi import application
    else:
        from bench.baseline_api import application

    statuses: list[str] = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def answer(path: str) -> None:
        body = application(environ(path), start_response)
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        if not statuses[-1].startswith("200"):
            sys.exit(f"{server} answered {statuses[-1]} to {path}")

    for path in paths:
        answer(path)
    # As gunicorn's master does before forking a worker (config/gunicorn.conf.py): what is
    # loaded by now stays out of the collector's full collections, which would otherwise fall
    # in one run and not the other and dwarf a request's own cost.
    gc.collect()
    gc.freeze()
    for number in range(requests):
        answer(paths[number % len(paths)])


def count(server: str, paths_file: str, requests: int, database_url: str) -> int:
    """Instructions callgrind counts for a child process serving `requests` requests."""
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, str(Path(__file__).resolve()),
        "--child", server, "--paths-file", paths_file, "--requests", str(requests),
    ]  # fmt: skip
    # A fixed hash seed: the same dict and set orders, so the same work, in every run.
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    found = COLLECTED.findall(done.stderr)
    if done.returncode or not found:
        raise RuntimeError(f"{server}: {done.stderr[-2000:]}")
    return int(found[-1])


def per_request(server: str, paths: list[str], requests: int, database_url: str) -> float:
    """Instructions one request costs `server`: runs of N and 3N requests, differenced."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(paths, handle)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            small, large = pool.map(
                lambda n: count(server, handle.name, n, database_url), (requests, 3 * requests)
            )
    finally:
        os.unlink(handle.name)
    return (large - small) / (2 * requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workloads", default="W1,W2", help="comma-separated (W1 to W4)")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the requests")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--child", choices=SERVERS, help=argparse.SUPPRESS)
    parser.add_argument("--paths-file", help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        serve(args.child, json.loads(Path(args.paths_file).read_text()), args.requests)
        return

    chosen = [name.strip().upper() for name in args.workloads.split(",")]
    if unknown := set(chosen) - set(REQUESTS):
        sys.exit(f"unknown workloads: {', '.join(sorted(unknown))} (choose from W1 to W4)")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt-get install -y valgrind")
    setup_django(args.database_url)
    ensure_claims(args.claims)
    from api import workload_paths
    from django.db import connection
    from django.test import Client

    paths = workload_paths(Client(SERVER_NAME="localhost"))
    connection.close()
    results = {}
    for name in chosen:
        requests = max(1, round(REQUESTS[name] * args.scale))
        product, baseline = (
            per_request(server, paths[name], requests, args.database_url) for server in SERVERS
        )
        results[name] = {
            "product": round(product),
            "baseline": round(baseline),
            "ratio": round(baseline / product, 3),
        }
        print(
            f"{name}: product {product:,.0f} instructions a request, baseline {baseline:,.0f}, "
            f"ratio {baseline / product:.3f} ({len(paths[name])} paths; {requests} and "
            f"{3 * requests} requests counted)",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
