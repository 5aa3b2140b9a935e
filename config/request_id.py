"""Request ids and the logs that carry them.

Every request gets an id: the caller's X-Request-ID when it is short and made of safe characters
(so a load balancer's or client's id follows the request through), otherwise a fresh uuid4 hex.
The id is returned in the X-Request-ID response header, kept in a context variable for the
request's duration, and added to every log record by `RequestIdFilter`. One log line per request
(logger "config.request") carries method, path, status and duration.

Logs are JSON (python-json-logger) when DJANGO_LOG_FORMAT=json, or by default when DJANGO_DEBUG is
off; human-readable text in development. gunicorn's config uses the same formatters.
"""

import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What a caller may send: a uuid, a ULID, a load balancer's trace id. Anything else is replaced,
# so a log line can never be forged or bloated through this header.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
NO_REQUEST = "-"

request_id_var: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)

request_logger = logging.getLogger("config.request")
# Load balancers probe this path every few seconds: a healthy answer is logged at DEBUG only.
QUIET_PATHS = frozenset({"/healthz"})


def get_request_id() -> str:
    """The current request's id, or "-" outside a request."""
    return request_id_var.get()


def accept_request_id(value: str | None) -> str:
    """The caller's id when valid, else a new uuid4 hex."""
    if value and VALID_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id, echo it in the response, and log the request when done.

    First in MIDDLEWARE, so that every response (a 400 from a guard, a lockout, a static file)
    has an id and a log line.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            log_request(request, response.status_code, started)
            return response
        finally:
            request_id_var.reset(token)


def log_request(request: HttpRequest, status: int, started: float) -> None:
    """The request's log line: method, path, status and milliseconds since `started`
    (`time.perf_counter()`); at DEBUG for a healthy probe of a quiet path."""
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    quiet = request.path in QUIET_PATHS and status < 400
    request_logger.log(
        logging.DEBUG if quiet else logging.INFO,
        "%s %s %s %.1fms",
        request.method,
        request.path,
        status,
        duration_ms,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": duration_ms,
        },
    )


class RequestIdFilter(logging.Filter):
    """Add `request_id` to every record (the current request's, or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = get_request_id()
        return True


def log_format(debug: bool) -> str:
    """ "json" or "text": DJANGO_LOG_FORMAT when set, else JSON unless in development."""
    chosen = os.environ.get("DJANGO_LOG_FORMAT", "").strip().lower()
    if chosen in {"json", "text"}:
        return chosen
    return "text" if debug else "json"


# Formatter definitions for logging.config.dictConfig, shared by Django's LOGGING and gunicorn.
FORMATTERS = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": ["levelname", "name", "message", "request_id"],
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "timestamp",
    },
    "text": {
        "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
    },
}
