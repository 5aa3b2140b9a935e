"""Refusals are JSON with a `detail`: unknown URLs, wrong methods, workflow conflicts, missing
credentials, throttling."""

import pytest
from django.test import RequestFactory
from rest_framework.throttling import SimpleRateThrottle

from claims.models import Claim, Status
from config.api.errors import json_server_error
from tests.factories import SourceFactory

from .helpers import API, assert_error, assert_json, make_claim, snapshot

pytestmark = pytest.mark.django_db


# --- Refusals carry a detail -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing/", "/api/v1/claims/abc/", "/api/nothing", "/api/v1/claims/1/nope/"]
)
def test_an_unknown_url_under_the_api_is_a_json_404(anon, url):
    assert_error(anon.get(url), 404)


def test_an_unknown_format_is_a_json_404(anon):
    assert_error(anon.get(f"{API}/claims/", {"format": "xml"}), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "claims/{published}/"),
        ("delete", "sources/{source}/"),
        ("put", "claimreview/"),
        ("post", "claims/{published}/provenance/"),
        ("patch", "topics/"),
    ],
)
def test_method_not_allowed(editor_api, method, path):
    refs = {"published": make_claim().pk, "source": SourceFactory().pk}
    response = getattr(editor_api, method)(f"{API}/{path.format(**refs)}", {}, format="json")
    assert_error(response, 405)


@pytest.mark.parametrize(
    ("status", "method", "action", "data"),
    [
        (Status.PUBLISHED, "post", "submit/", {}),
        (Status.PUBLISHED, "post", "publish/", {}),
        (Status.DRAFT, "post", "retract/", {"reason": "Misquoted."}),
        (Status.RETRACTED, "patch", "", {"text": "Changed."}),
    ],
)
def test_a_workflow_step_in_the_wrong_status_is_a_409_with_detail(
    editor_api, status, method, action, data
):
    claim = make_claim(status)
    before = snapshot(claim)
    response = getattr(editor_api, method)(f"{API}/claims/{claim.pk}/{action}", data, format="json")
    assert snapshot(claim) == before
    body = assert_error(response, 409)
    assert claim.get_status_display() in body["detail"] or "retracted" in body["detail"]


@pytest.mark.parametrize("token", [None, "Token not-a-real-token", "Token ", "Bearer abc"])
def test_a_write_without_valid_credentials_is_a_401(anon, token):
    claim = make_claim(Status.DRAFT)
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    response = anon.post(f"{API}/claims/{claim.pk}/submit/", **headers)
    assert Claim.objects.get(pk=claim.pk).status == Status.DRAFT
    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_wrong_token_is_refused_even_for_reading(anon):
    make_claim()
    response = anon.get(f"{API}/claims/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code in (401, 403)
    assert assert_error(response, response.status_code)["detail"] == "Invalid token."


@pytest.mark.parametrize(
    "url", ["claims/?format=csv&page_size=0", "speakers/999/claims/?format=csv"]
)
def test_errors_are_json_even_when_csv_was_asked_for(anon, url):
    response = anon.get(f"{API}/{url}")
    assert response.status_code in (400, 404)
    assert_json(response)


def test_a_server_error_under_the_api_is_json():
    response = json_server_error(RequestFactory().get(f"{API}/claims/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert b"Server error." in response.content


# --- Throttling ------------------------------------------------------------------------------


def test_the_rates_come_from_the_settings(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == SimpleRateThrottle.THROTTLE_RATES
    assert set(rates) == {"anon", "user"}


@pytest.fixture
def small_rates(monkeypatch):
    # DRF reads the rates when the class is defined: patch the class, not the settings.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})


def test_an_anonymous_caller_over_the_rate_gets_a_429(anon, small_rates):
    claim = make_claim()
    for _ in range(3):
        assert anon.get(f"{API}/claims/{claim.pk}/").status_code == 200
    response = anon.get(f"{API}/claims/")
    body = assert_error(response, 429)
    assert "throttled" in body["detail"]
    assert int(response["Retry-After"]) > 0


def test_a_token_user_has_the_user_rate(reader_api, anon, small_rates):
    for _ in range(5):
        assert reader_api.get(f"{API}/claims/").status_code == 200
    assert_error(reader_api.get(f"{API}/sources/"), 429)
    # Counted apart from anonymous callers (who have their own count).
    assert anon.get(f"{API}/claims/").status_code == 200


def test_each_request_is_counted_once(anon, reader_api, monkeypatch):
    """One cache read and write a request (DRF's anonymous and user throttles together
    counted an anonymous request twice)."""
    real = SimpleRateThrottle.cache
    written = []

    class Recording:
        def get(self, key, default=None):
            return real.get(key, default)

        def set(self, key, value, timeout=None):
            written.append(key)
            real.set(key, value, timeout)

    monkeypatch.setattr(SimpleRateThrottle, "cache", Recording())
    assert anon.get(f"{API}/claims/").status_code == 200
    assert reader_api.get(f"{API}/claims/").status_code == 200
    assert len(written) == 2
    assert written[0].startswith("throttle_anon_") and written[1].startswith("throttle_user_")


def test_writes_are_throttled_too(editor_api, small_rates):
    claim = make_claim(Status.DRAFT)
    url = f"{API}/claims/{claim.pk}/"
    for i in range(5):  # If-Match given, so the client does not read first (reads count too)
        data = {"text": f"Edit {i}."}
        response = editor_api.patch(url, data, format="json", HTTP_IF_MATCH=f'"v{i + 1}"')
        assert response.status_code == 200
    response = editor_api.patch(url, {"text": "One too many."}, format="json", HTTP_IF_MATCH='"v6"')
    assert_error(response, 429)
    assert Claim.objects.get(pk=claim.pk).text == "Edit 4."
