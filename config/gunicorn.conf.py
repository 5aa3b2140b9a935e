"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Environment (all optional):
  HOST, PORT           where to listen (127.0.0.1:8000; HOST=0.0.0.0 in a container)
  WEB_CONCURRENCY      worker processes (2 x CPU cores + 1, at most 8)
  GUNICORN_THREADS     threads per worker (2)
  GUNICORN_TIMEOUT     seconds before a silent worker is killed and replaced (30)
  GUNICORN_MAX_REQUESTS  requests before a worker is recycled, against slow leaks (50000;
                         bench/memory.py measures a worker growing 0.6% from 10,000 to 20,000)
  FORWARDED_ALLOW_IPS  proxies trusted for X-Forwarded-Proto and friends (127.0.0.1,::1)
  GUNICORN_WORKER_CONNECTIONS  connections a worker holds at once (1000, gunicorn's default);
                       bench/api.py sets its connections / workers, see below
  GUNICORN_ACCESS_LOG  1 for gunicorn's own access log; off by default, since the application
                       logs every request itself, with its request id (logger config.request)
Logs go to stderr in the application's format: JSON unless DJANGO_LOG_FORMAT=text or
DJANGO_DEBUG=1, like Django's own (see config/request_id.py).
"""

import gc
import multiprocessing
import os
from pathlib import Path

from config.request_id import FORMATTERS, log_format


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"

# Workers: the usual 2 x cores + 1, capped so that a large machine does not open more database
# connections (workers x threads, each kept CONN_MAX_AGE) than PostgreSQL allows.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("GUNICORN_THREADS", 2)  # more than one: the gthread worker
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A gthread worker keeps the keep-alive connections it accepted. With few clients (a benchmark's
# 16 connections, a proxy's small upstream pool) one worker may hold most of them and serve
# them on one core while the other idles: bench/api.py saw all 16 on one worker in one round of
# five, at half the throughput. A cap per worker (its share of the expected connections) makes
# the others take the rest; a client beyond all caps waits in the listen queue until a
# connection is released, so production keeps gunicorn's default unless its proxy's pool size
# is known.
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)
# Recycle each worker after about this many requests, at staggered times (jitter), so a slow
# leak never builds up and the workers never restart all at once. Not more often: a worker
# going away drops its keep-alive connections, and its clients wait for another worker
# (bench/api.py at 10,000: a recycle every ~10 s per worker at 1,100 requests a second, and a
# p99 of ~200 ms instead of ~25 ms in the rounds that had one; docs/benchmarks.md).
max_requests = _int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max(max_requests // 10, 1))
# Load the application once, before forking: less memory, and a broken configuration (a missing
# DJANGO_SECRET_KEY) stops the master at once instead of every worker in a loop.
preload_app = True


def pre_fork(server, worker) -> None:
    """Move everything the master has loaded (Django, the app, its caches) into the garbage
    collector's permanent generation before each worker is forked. A worker's full
    collections then skip those objects: one took 72-110 ms under the list benchmark, about
    once every 15 s per worker, holding up the requests of that worker's connections; frozen,
    under 1 ms. It also keeps the collector from writing to pages the workers share with the
    master (copy-on-write)."""
    gc.freeze()


forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Heartbeat files on a memory file system where there is one (containers' /tmp may be a slow
# overlay, and a blocked heartbeat gets healthy workers killed).
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

_debug = os.environ.get("DJANGO_DEBUG", "1").strip().lower() in {"1", "true", "yes", "on"}
_format = log_format(_debug)
# gunicorn's access lines go through logconfig_dict below (its "gunicorn.access" logger).
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "").strip().lower() in {"1", "true"}
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Builds access lines only when the access log is on (config/gunicorn_logging.py).
logger_class = "config.gunicorn_logging.Logger"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {_format: FORMATTERS[_format]},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": _format,
            "filters": ["request_id"],
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        # Access lines are logged at INFO: WARNING keeps them out unless asked for.
        "gunicorn.access": {
            "level": "INFO" if _access_log else "WARNING",
            "handlers": ["console"],
            "propagate": False,
        },
    },
}
