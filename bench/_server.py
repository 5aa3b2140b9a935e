"""Shared by the load benchmarks: the product under gunicorn, and a bounded HTTP load driver.

The server runs with the production settings (DEBUG off) on 127.0.0.1 only, plain HTTP (the
HTTPS redirect is switched off as it would be behind a TLS-terminating proxy).
"""

import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


# The production settings as the benchmarks run the product (DEBUG off, plain HTTP on
# 127.0.0.1). Throttling stays on (every request is counted, as in production), at a rate the
# benchmark's few clients, each at hundreds of requests a second, never reach.
PRODUCT_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": HOST,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    "API_THROTTLE_ANON": "1000000/second",
    "API_THROTTLE_USER": "1000000/second",
}


def start_gunicorn(database_url: str, port: int, workers: int = 2, threads: int = 4):
    """Start gunicorn with the production settings; return the process once /healthz is up."""
    env = {
        **os.environ,
        **PRODUCT_ENV,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body, _ms = request("GET", port, "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def worker_pids(process: subprocess.Popen) -> set[int]:
    """The gunicorn master's children (its workers)."""
    out = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=False
    )
    return {int(pid) for pid in out.stdout.split()}


def request(method: str, port: int, path: str, body=None, headers=None, conn=None):
    """One request; returns (status, parsed JSON or None, milliseconds)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Accept": "application/json", **(headers or {})}
    if data is not None:
        hdrs["Content-Type"] = "application/json"
    started = time.perf_counter()
    try:
        conn.request(method, path, body=data, headers=hdrs)
        response = conn.getresponse()
        raw = response.read()
    finally:
        if own:
            conn.close()
    ms = (time.perf_counter() - started) * 1000
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return response.status, parsed, ms


def editor_token(database_url: str) -> tuple[str, int]:
    """An editor's API token in the benchmark database, and a speaker id to create claims for."""
    sys.path.insert(0, str(ROOT / "bench"))
    from _setup import setup_django

    setup_django(database_url)
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    from claims.models import Speaker

    user, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Editors"))
    token, _ = Token.objects.get_or_create(user=user)
    return token.key, Speaker.objects.order_by("id").values_list("id", flat=True).first()


@dataclass
class Tally:
    """What the load saw, per operation."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, Counter] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)  # connection-level failures
    created: list[tuple[str, int]] = field(default_factory=list)  # (marker, id) of each 201
    timeline: list[tuple[float, bool]] = field(default_factory=list)  # (time, success)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, op: str, status: int, ms: float, at: float) -> None:
        with self.lock:
            self.latencies.setdefault(op, []).append(ms)
            self.statuses.setdefault(op, Counter())[status] += 1
            self.timeline.append((at, 200 <= status < 300))

    def report(self) -> dict:
        out = {}
        for op, values in sorted(self.latencies.items()):
            ordered = sorted(values)
            non_2xx = sum(n for s, n in self.statuses[op].items() if not 200 <= s < 300)
            out[op] = {
                "requests": len(values),
                "non_2xx": non_2xx,
                "statuses": dict(self.statuses[op]),
                "p50_ms": round(statistics.median(ordered), 1),
                "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1),
            }
        return out


def drive(
    port: int,
    token: str,
    speaker_id: int,
    paths: dict,
    *,
    connections: int,
    seconds: float,
    tally: Tally,
    run_id: str,
    max_requests: int = 200_000,
    weights: tuple[tuple[str, int], ...] = (
        ("list", 4),
        ("detail", 4),
        ("search", 2),
        ("create", 1),
    ),
) -> None:
    """`connections` keep-alive clients for `seconds` (and at most `max_requests` in all) over
    list, detail, search and create. A create that fails at the connection level or with a 5xx
    is retried with the same Idempotency-Key, as a careful client would."""
    stop_at = time.monotonic() + seconds
    budget = [max_requests]
    auth = {"Authorization": f"Token {token}"}
    ops = [op for op, w in weights for _ in range(w)]

    def client(n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop_at:
            with tally.lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            op = rng.choice(ops)
            if op == "create":
                marker = f"{run_id}-{uuid.uuid4().hex[:12]}"
                body = {"text": f"Load test statement {marker}.", "speaker_id": speaker_id}
                headers = {**auth, "Idempotency-Key": marker}
                while time.monotonic() < stop_at + 30:
                    try:
                        status, data, ms = request(
                            "POST", port, paths["create"], body, headers, conn
                        )
                    except (OSError, http.client.HTTPException):
                        tally.errors["create"] += 1
                        conn.close()
                        conn = http.client.HTTPConnection(HOST, port, timeout=30)
                        time.sleep(0.2)
                        continue
                    tally.add(op, status, ms, time.monotonic())
                    if status >= 500 or status == 409:  # 409: the first try is still running
                        time.sleep(0.2)
                        continue
                    if status == 201:
                        with tally.lock:
                            tally.created.append((marker, data["id"]))
                    break
                continue
            path = rng.choice(paths[op])
            try:
                status, _data, ms = request("GET", port, path, None, auth, conn)
            except (OSError, http.client.HTTPException):
                tally.errors[op] += 1
                tally.timeline.append((time.monotonic(), False))
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                time.sleep(0.05)
                continue
            tally.add(op, status, ms, time.monotonic())
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def sample_paths(database_url: str, n: int = 200) -> dict:
    """Request paths over the benchmark data: pages of the list, published claims, searches."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM claims_claim WHERE status = 'published' ORDER BY id LIMIT %s", [n]
        )
        ids = [row[0] for row in cursor.fetchall()]
    words = ["prisoners", "telegram", "agreement", "convoy", "drones", "ceasefire", "talks"]
    return {
        "list": [
            "/api/v1/claims/?page_size=50",
            "/api/v1/claims/?page_size=20&ordering=-credibility",
        ],
        "detail": [f"/api/v1/claims/{i}/" for i in ids],
        "search": [f"/api/v1/search/?q={w}" for w in words]
        + [f"/api/v1/claims/?q={w}" for w in words],
        "create": "/api/v1/claims/",
    }


def start_baseline(database_url: str, port: int, workers: int = 2, threads: int = 4):
    """Start the bench-only baseline (bench/baseline_api.py) under gunicorn with the product's
    gunicorn settings (config/gunicorn.conf.py: same workers, threads, keep-alive, recycling);
    return the process once /healthz is up."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-c",
            "config/gunicorn.conf.py",
            "bench.baseline_api:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body, _ms = request("GET", port, "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    raise RuntimeError("the baseline did not answer /healthz within 60 s")


def add_load_arguments(parser, port: int) -> None:
    """The options bench/load.py and bench/faults.py share."""
    from _setup import DEFAULT_URL

    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)


def print_operations(report: dict, tally: Tally) -> None:
    """Per operation: requests, non-2xx answers, p50 and p99; then connection errors."""
    print(f"{'operation':<8} {'requests':>9} {'non-2xx':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for op, r in report.items():
        print(f"{op:<8} {r['requests']:>9,} {r['non_2xx']:>8} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    print(f"connection errors: {dict(tally.errors) or 0}")
