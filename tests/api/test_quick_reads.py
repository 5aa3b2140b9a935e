"""config/api/quick_reads.py: an anonymous JSON GET of a claim or of the claim list skips most
of DRF's request cycle and answers exactly what DRF answers; every other request goes through
DRF's own dispatch."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from claims.models import Status
from config.api.quick_reads import QuickReadMixin

from .helpers import API, api_client, claim_with_everything, make_claim

pytestmark = pytest.mark.django_db

# Headers that differ from one response to the next whatever the path.
VARYING = {"X-Request-ID", "Date"}


def _both_paths(client: Client, url: str, **headers) -> tuple:
    """The response through the quick path and through DRF, for the same request."""
    with _spy() as quick:
        fast = client.get(url, **headers)
    with mock.patch("config.api.quick_reads.is_plain_anonymous_json_get", return_value=False):
        slow = client.get(url, **headers)
    return fast, slow, quick.called


def _spy():
    """Records whether the quick path answered (it still does)."""
    return mock.patch.object(
        QuickReadMixin,
        "_quick_dispatch",
        autospec=True,
        side_effect=QuickReadMixin._quick_dispatch,
    )


def _headers(response) -> dict:
    return {k: v for k, v in response.headers.items() if k not in VARYING}


def _pages_on_both_paths(url: str) -> int:
    """Follows `next` from `url`, checking that the quick path answered every page with DRF's
    own 200, byte for byte; returns how many pages there were."""
    client, pages = Client(), 0
    while url:
        fast, slow, quick = _both_paths(client, url)
        assert quick and fast.status_code == slow.status_code == 200
        assert fast.content == slow.content
        assert _headers(fast) == _headers(slow)
        url, pages = fast.json()["next"], pages + 1
    return pages


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_a_published_claim_is_answered_byte_for_byte_as_drf_answers(accept):
    claim = claim_with_everything()
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    fast, slow, quick = _both_paths(Client(), f"{API}/claims/{claim.pk}/", **headers)
    assert quick
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content
    assert _headers(fast) == _headers(slow)
    assert fast["ETag"].startswith(f'"v{claim.version}-')
    assert "Accept" in fast["Vary"] and "Cookie" in fast["Vary"] and "GET" in fast["Allow"]


@pytest.mark.parametrize("which", ["draft", "retracted", "missing", "letters", "too large"])
def test_a_claim_an_anonymous_reader_may_not_see_is_the_same_json_404(which):
    ids = {
        "draft": lambda: make_claim(Status.DRAFT).pk,
        "retracted": lambda: make_claim(Status.RETRACTED, retraction_reason="Wrong.").pk,
        "missing": lambda: 10**9,
        "letters": lambda: "abc",
        "too large": lambda: 2**70,
    }
    fast, slow, quick = _both_paths(Client(), f"{API}/claims/{ids[which]()}/")
    assert quick or which == "letters"  # not even the URL's pattern takes letters
    assert fast.status_code == slow.status_code == 404
    assert fast.content == slow.content and fast.json()["detail"]
    assert _headers(fast) == _headers(slow)


def test_a_matching_if_none_match_is_a_304_on_the_quick_path():
    claim = make_claim(Status.PUBLISHED)
    client = Client()
    etag = client.get(f"{API}/claims/{claim.pk}/")["ETag"]
    fast, slow, quick = _both_paths(client, f"{API}/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert quick and fast.status_code == slow.status_code == 304


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"HTTP_ACCEPT": "text/html"},  # the browsable API
        {"HTTP_ACCEPT": "text/csv"},
        {"QUERY_STRING": "format=json"},
        {"HTTP_AUTHORIZATION": "Token nonsense"},  # DRF answers 401 for a bad token
    ],
)
def test_anything_but_a_plain_anonymous_json_get_goes_through_drf(request_kwargs):
    claim = make_claim(Status.PUBLISHED)
    with _spy() as quick:
        Client().get(f"{API}/claims/{claim.pk}/", **request_kwargs)
        Client().get(f"{API}/claims/", **request_kwargs)
    assert not quick.called


def test_a_signed_in_or_token_user_goes_through_drf_and_sees_drafts(editor):
    draft = make_claim(Status.DRAFT)
    session = Client()
    session.force_login(editor)
    with _spy() as quick:
        assert session.get(f"{API}/claims/{draft.pk}/").status_code == 200
        assert api_client(editor).get(f"{API}/claims/{draft.pk}/").status_code == 200
        assert Client().head(f"{API}/claims/{draft.pk}/").status_code == 404
    assert not quick.called


def test_the_quick_path_is_throttled_and_counted_once(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: 6_000_030.0))
    claim = make_claim(Status.PUBLISHED)
    client = Client()
    for _ in range(3):
        assert client.get(f"{API}/claims/{claim.pk}/").status_code == 200
    refused = client.get(f"{API}/claims/{claim.pk}/")
    assert refused.status_code == 429 and "throttled" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    # Window 100,000 of a minute each: three answered requests; the refused one is not counted.
    assert SimpleRateThrottle.cache.get("throttle_anon_127.0.0.1") == (100_000, 0, 3)


def test_a_database_outage_on_the_quick_path_is_a_503_to_retry(monkeypatch):
    claim = make_claim(Status.PUBLISHED)

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", unreachable)
    with _spy() as quick:
        response = Client().get(f"{API}/claims/{claim.pk}/")
    assert quick.called
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "retry" in response.json()["detail"]


def test_the_list_and_its_pages_are_answered_byte_for_byte_as_drf_answers():
    claims = [claim_with_everything() for _ in range(3)]
    make_claim(Status.DRAFT)
    # Six published claims (each with a published link target), two a page.
    assert _pages_on_both_paths(f"{API}/claims/?page_size=2") == 3
    assert len(claims) == 3


def test_the_claimreview_feeds_pages_are_answered_byte_for_byte_as_drf_answers():
    for verdict in ("true", "false", "mixed"):
        make_claim(Status.PUBLISHED, verdict=verdict, verdict_explanation="Checked.")
    assert _pages_on_both_paths(f"{API}/claimreview/?page_size=2") == 2


@pytest.mark.parametrize(
    "query", ["page_size=0", "page_size=x", "cursor=bm9wZQ==", "page_size=500"]
)
def test_a_bad_page_request_is_the_same_answer_on_both_paths(query):
    make_claim(Status.PUBLISHED)
    fast, slow, quick = _both_paths(Client(), f"{API}/claims/?{query}")
    assert quick
    assert fast.status_code == slow.status_code
    assert fast.content == slow.content
    assert _headers(fast) == _headers(slow)


@pytest.mark.parametrize("query", ["status=draft", "ordering=credibility", "format=csv", "q=x"])
def test_a_list_with_a_filter_ordering_or_format_goes_through_drf(query):
    make_claim(Status.PUBLISHED)
    with _spy() as quick:
        Client().get(f"{API}/claims/?{query}")
    assert not quick.called


@pytest.mark.parametrize("parent", ["source", "speaker", "outlet", "missing speaker"])
def test_a_parents_claims_are_answered_byte_for_byte_as_drf_answers(parent):
    claim = claim_with_everything()
    evidence = claim.evidence.select_related("source").first()
    urls = {
        "source": f"{API}/sources/{evidence.source_id}/claims/",
        "speaker": f"{API}/speakers/{claim.speaker_id}/claims/?page_size=1",
        "outlet": f"{API}/outlets/{evidence.source.outlet_id}/claims/",
        "missing speaker": f"{API}/speakers/{10**9}/claims/",
    }
    fast, slow, quick = _both_paths(Client(), urls[parent])
    assert quick
    assert fast.status_code == slow.status_code == (404 if parent == "missing speaker" else 200)
    assert fast.content == slow.content
    assert _headers(fast) == _headers(slow)
