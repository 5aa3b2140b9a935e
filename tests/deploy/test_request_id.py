"""Every response carries an X-Request-ID (the caller's when valid, else a new one), and the logs
written while serving it carry the same id, as JSON in production."""

import io
import json
import logging
import logging.config
import re
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connections

from config.request_id import FORMATTERS, RequestIdFilter, accept_request_id, get_request_id

HEX32 = re.compile(r"[0-9a-f]{32}")


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert HEX32.fullmatch(first) and HEX32.fullmatch(second)
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent", ["abc-123", "0b5f7c3e-8a59-4f77-9d4e-3c1c2a9f0b11", "01J9Z3V8K2.lb:7"]
)
def test_a_valid_id_is_propagated(client, sent):
    assert client.get("/healthz", headers={"X-Request-ID": sent})["X-Request-ID"] == sent


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent",
    [
        "",
        "with space",
        "<script>alert(1)</script>",
        "a" * 65,
        "line\nbreak",
        '{"forged": "json"}',
        "-starts-with-dash",
        "ünïcode",
    ],
)
def test_a_bad_id_is_replaced(client, sent):
    got = client.get("/healthz", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    assert HEX32.fullmatch(got), got


@pytest.mark.django_db
def test_error_responses_carry_an_id_too(client):
    assert HEX32.fullmatch(client.get("/no-such-page/")["X-Request-ID"])
    assert HEX32.fullmatch(client.get("/api/v1/claims/?q=%00")["X-Request-ID"])


def test_the_id_is_forgotten_after_the_request():
    assert get_request_id() == "-"
    assert accept_request_id(None) != accept_request_id(None)


@pytest.fixture
def json_log():
    """The production handler (JSON formatter and request-id filter) on a buffer, on the root."""
    buffer = io.StringIO()
    formatter = logging.config.DictConfigurator({}).configure_formatter(dict(FORMATTERS["json"]))
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    request_logger = logging.getLogger("config.request")
    old_level = request_logger.level
    request_logger.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        request_logger.setLevel(old_level)


@pytest.mark.django_db
def test_a_request_log_line_is_json_with_the_request_id(client, json_log):
    response = client.get("/api/v1/claims/", headers={"X-Request-ID": "trace-42"})
    assert response.status_code == 200
    lines = [line for line in json_log() if line["logger"] == "config.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "trace-42"
    assert line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/api/v1/claims/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["message"].startswith("GET /api/v1/claims/ 200 ")
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line["timestamp"])


@pytest.mark.django_db
def test_a_log_written_inside_a_view_carries_the_request_id(client, json_log):
    broken = mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    )
    with broken:
        response = client.get("/healthz")
    request_id = response["X-Request-ID"]
    failure = next(line for line in json_log() if line["logger"] == "config.health")
    assert failure["level"] == "ERROR"
    assert failure["request_id"] == request_id
    assert "connection refused" in failure["exc_info"]


def test_logging_settings_use_the_filter_on_the_console():
    handler = django_settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["request_id"]
    assert handler["formatter"] == django_settings.LOG_FORMAT
