"""config/fast_lane.py: the claim list's and a claim's anonymous JSON reads skip the URL
resolver and the middleware with nothing to do for them, and answer exactly what Django's
ordinary handler answers (status, every header in order, body); every other request goes the
ordinary way."""

import gc
import io
import json
import logging

import pytest
from django.core import signals
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, close_old_connections
from django.db.backends.utils import CursorWrapper
from rest_framework.throttling import SimpleRateThrottle

from claims.models import Evidence, Status
from config.direct_answers import DirectAnswers
from config.fast_lane import SKIPPED_MIDDLEWARE, FastLane, _LaneHandler, fast_lane
from tests.factories import EvidenceFactory

from .helpers import API, claim_with_everything, make_claim

pytestmark = pytest.mark.django_db

REQUEST_ID = "fast-lane-test-1"


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the handlers' signals must not close the connection
    that holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def environ(path: str, query: str = "", method: str = "GET", **extra) -> dict:
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_REQUEST_ID": REQUEST_ID,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    env.update(extra)
    return env


def call(app, env: dict) -> tuple[str, list, bytes]:
    """One WSGI request: the status line, the header list (in order) and the body."""
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    result = app(env, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()  # as a WSGI server does: request_finished
    return seen["status"], seen["headers"], body


def both(path: str, query: str = "", **extra) -> tuple[tuple, tuple]:
    """The same request through the lane (which must take it) and through Django alone. The
    lane answers it twice, and the second answer is compared: the first 200 of a route
    teaches the lane its headers, the next is a direct answer (config/direct_answers.py)."""
    django = WSGIHandler()
    lane = fast_lane(django)
    assert isinstance(lane, FastLane)
    assert lane.route(environ(path, query, **extra)) is not None, "the lane must take it"
    call(lane, environ(path, query, **extra))
    return call(lane, environ(path, query, **extra)), call(django, environ(path, query, **extra))


def pages_both_ways(path: str) -> int:
    """Walks a list two items a page through the lane and through Django alone, checking
    that every page's answers are the same 200; returns how many pages there were."""
    query, pages = "page_size=2", 0
    while query:
        lane, django = both(path, query)
        assert lane == django and lane[0] == "200 OK"
        next_url = json.loads(lane[2])["next"]
        query = next_url.split("?", 1)[1] if next_url else ""
        pages += 1
    return pages


@pytest.fixture
def direct_answers(monkeypatch):
    """Records how each request the direct answers were asked for ended: "direct" or
    "ordinary" (the lane's handler answered it)."""
    seen = []
    real = DirectAnswers._answer

    def answer(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        seen.append("ordinary" if result is None else "direct")
        return result

    monkeypatch.setattr(DirectAnswers, "_answer", answer)
    return seen


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_a_claim_is_answered_exactly_as_django_answers(accept, direct_answers):
    claim = claim_with_everything()
    extra = {"HTTP_ACCEPT": accept} if accept else {}
    lane, django = both(f"{API}/claims/{claim.pk}/", **extra)
    assert direct_answers == ["direct"]  # the first answer taught the lane its headers
    assert lane == django
    status, headers, body = lane
    assert status == "200 OK" and f'"id":{claim.pk}'.encode() in body
    names = [name for name, _ in headers]
    for name in ("ETag", "Vary", "Allow", "X-Frame-Options", "Content-Security-Policy"):
        assert name in names
    assert ("X-Request-ID", REQUEST_ID) in headers


@pytest.mark.parametrize("which", ["draft", "retracted", "missing", "too large"])
def test_a_claim_an_anonymous_reader_may_not_see_is_the_same_404(which):
    ids = {
        "draft": lambda: make_claim(Status.DRAFT).pk,
        "retracted": lambda: make_claim(Status.RETRACTED, retraction_reason="Wrong.").pk,
        "missing": lambda: 10**9,
        "too large": lambda: 2**70,
    }
    lane, django = both(f"{API}/claims/{ids[which]()}/")
    assert lane == django and lane[0] == "404 Not Found"


def test_a_matching_if_none_match_is_the_same_304():
    claim = make_claim(Status.PUBLISHED)
    _, headers, _ = both(f"{API}/claims/{claim.pk}/")[0]
    etag = dict(headers)["ETag"]
    lane, django = both(f"{API}/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert lane == django and lane[0] == "304 Not Modified"


def test_the_list_and_its_pages_are_answered_exactly_as_django_answers(direct_answers):
    for _ in range(3):
        claim_with_everything()
    assert pages_both_ways(f"{API}/claims/") == 3  # six published claims, two a page
    assert direct_answers == ["direct"] * 3  # each page's second answer


def test_the_claimreview_feeds_pages_are_answered_exactly_as_django_answers(direct_answers):
    for verdict in ("true", "false", "mixed"):
        claim = make_claim(Status.PUBLISHED, verdict=verdict, verdict_explanation="Checked.")
        EvidenceFactory(claim=claim, relation=Evidence.Relation.APPEARS_IN)
    assert pages_both_ways(f"{API}/claimreview/") == 2  # three rated claims, two a page
    assert direct_answers == ["direct"] * 2


@pytest.mark.parametrize("query", ["page_size=0", "cursor=bm9wZQ==", "page_size=500", "x=1"])
def test_the_claimreview_feeds_other_requests_are_djangos_answers(query):
    make_claim(Status.PUBLISHED, verdict="false", verdict_explanation="Checked.")
    django = WSGIHandler()
    lane = fast_lane(django)
    assert call(lane, environ(f"{API}/claimreview/"))[0] == "200 OK"  # learns its headers
    answer = call(lane, environ(f"{API}/claimreview/", query))
    assert answer == call(django, environ(f"{API}/claimreview/", query))


@pytest.mark.parametrize(
    "query", ["page_size=0", "page_size=x", "cursor=bm9wZQ==", "page_size=500", "page_size=1"]
)
def test_after_learning_the_list_every_page_request_is_djangos_answer(query, direct_answers):
    django = WSGIHandler()
    lane = fast_lane(django)
    for _ in range(2):
        make_claim(Status.PUBLISHED)
    assert call(lane, environ(f"{API}/claims/"))[0] == "200 OK"  # learns the list's headers
    answer = call(lane, environ(f"{API}/claims/", query))
    assert answer == call(django, environ(f"{API}/claims/", query))
    # A 200 is answered directly (a cursor that decodes to no position is the first page);
    # a refused page request the ordinary way.
    assert direct_answers == ["direct" if answer[0] == "200 OK" else "ordinary"]
    assert answer[0] == ("400 Bad Request" if query in ("page_size=0", "page_size=x") else "200 OK")


@pytest.mark.parametrize(
    "query", ["page_size=0", "page_size=x", "cursor=bm9wZQ==", "page_size=500", ""]
)
def test_a_bad_or_odd_page_request_is_the_same_answer(query):
    make_claim(Status.PUBLISHED)
    lane, django = both(f"{API}/claims/", query)
    assert lane == django


def test_the_lane_is_throttled_under_the_same_count(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: 6_000_030.0))
    claim = make_claim(Status.PUBLISHED)
    django = WSGIHandler()
    lane = fast_lane(django)
    url = f"{API}/claims/{claim.pk}/"
    # Two requests through each road: one count. The fifth, through either, is refused.
    statuses = [call(app, environ(url))[0] for app in (lane, django, lane)]
    assert statuses == ["200 OK"] * 3
    refused_by_lane = call(lane, environ(url))
    refused_by_django = call(django, environ(url))
    assert refused_by_lane == refused_by_django
    assert refused_by_lane[0] == "429 Too Many Requests"
    # 3 of 3 in this window, 30 s left of it; then 20 s more until they weigh 2.
    assert dict(refused_by_lane[1])["Retry-After"] == "50"


def test_https_behind_a_proxy_gets_the_same_security_headers(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    claim = make_claim(Status.PUBLISHED)
    lane, django = both(f"{API}/claims/{claim.pk}/", HTTP_X_FORWARDED_PROTO="https")
    assert lane == django
    assert dict(lane[1])["Strict-Transport-Security"].startswith("max-age=3600")
    assert b'"url":"https://testserver/' in lane[2]


def test_plain_http_is_redirected_the_same_way_when_https_is_required(settings):
    settings.SECURE_SSL_REDIRECT = True
    claim = make_claim(Status.PUBLISHED)
    lane, django = both(f"{API}/claims/{claim.pk}/")
    assert lane == django and lane[0] == "301 Moved Permanently"


def test_a_database_outage_is_the_same_503(monkeypatch):
    claim = make_claim(Status.PUBLISHED)

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", unreachable)
    lane, django = both(f"{API}/claims/{claim.pk}/")
    assert lane == django and lane[0] == "503 Service Unavailable"


def test_a_request_with_any_cookie_goes_through_django_and_gets_its_answer():
    # Why any cookie, not only the session's: CSRF middleware replaces a malformed csrftoken
    # cookie even on a GET, which the lane (without that middleware) would not do.
    claim = make_claim(Status.PUBLISHED)
    cookie = {"HTTP_COOKIE": "csrftoken=abc; theme=dark"}
    lane = fast_lane(WSGIHandler())
    assert lane.route(environ(f"{API}/claims/{claim.pk}/", **cookie)) is None
    status, headers, _ = call(lane, environ(f"{API}/claims/{claim.pk}/", **cookie))
    assert status == "200 OK" and "Set-Cookie" in dict(headers)


@pytest.mark.parametrize(
    ("path", "query", "extra"),
    [
        ("/claims/1/", "", {"REQUEST_METHOD": "HEAD"}),
        ("/claims/1/", "", {"REQUEST_METHOD": "PUT"}),
        ("/claims/", "", {"REQUEST_METHOD": "POST"}),
        ("/claims/1/", "", {"HTTP_AUTHORIZATION": "Token abc"}),
        ("/claims/1/", "", {"HTTP_COOKIE": "sessionid=abc"}),
        ("/claims/", "", {"HTTP_COOKIE": "theme=dark"}),
        ("/claims/1/", "", {"HTTP_ACCEPT": "text/html"}),
        ("/claims/", "format=csv", {}),
        ("/claims/", "verified=true", {}),
        ("/claims/", "page_size=2&ordering=credibility", {}),
        ("/claims/1/", "format=json", {}),
        ("/claims/1/", "", {"SCRIPT_NAME": "/newsroom"}),
        ("/claims/abc/", "", {}),
        ("/claims/1/provenance/", "", {}),
        ("/claims/1", "", {}),
        ("/claims/1/x", "", {}),
        ("/speakers/1/claims/", "", {}),
        ("/sources/", "", {}),
    ],
)
def test_anything_else_goes_through_django_alone(path, query, extra):
    lane = fast_lane(WSGIHandler())
    env = environ(f"{API}{path}", query, **extra)
    env.update(extra)
    assert lane.route(env) is None


@pytest.mark.parametrize(
    ("path", "query"),
    [("/claims/1/", ""), ("/claims/", ""), ("/claims/", "page_size=5&cursor=abc")],
)
def test_the_lane_takes_the_plain_reads(path, query):
    lane = fast_lane(WSGIHandler())
    match = lane.route(environ(f"{API}{path}", query))
    assert match is not None and match.url_name in ("claim-detail", "claim-list")


def test_a_request_that_goes_through_django_alone_is_answered_by_it():
    claim = make_claim(Status.DRAFT)
    lane = fast_lane(WSGIHandler())
    status, _, body = call(lane, environ(f"{API}/claims/{claim.pk}/provenance/"))
    assert status == "404 Not Found" and b"detail" in body


def test_the_lane_runs_every_middleware_but_the_skipped_ones(settings):
    # Every skipped middleware is one the site uses: the list cannot rot unnoticed.
    assert set(SKIPPED_MIDDLEWARE) <= set(settings.MIDDLEWARE)
    handler = fast_lane(WSGIHandler()).handler
    kept = [path for path in settings.MIDDLEWARE if path not in SKIPPED_MIDDLEWARE]
    assert handler.middleware == kept
    assert "config.request_id.RequestIdMiddleware" in kept
    assert "django.middleware.http.ConditionalGetMiddleware" in kept


def test_a_kept_middleware_with_a_view_hook_is_refused(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.api.test_fast_lane.ViewHookMiddleware"]
    with pytest.raises(ImproperlyConfigured, match="process_view"):
        _LaneHandler(["tests.api.test_fast_lane.ViewHookMiddleware"])


class ViewHookMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        return None


def test_without_routes_or_under_a_forced_script_name_there_is_no_lane(settings):
    django = WSGIHandler()
    settings.FAST_LANE_URLS = {}
    assert fast_lane(django) is django
    settings.FAST_LANE_URLS = {"api:claim-detail": ("pk",)}
    settings.FORCE_SCRIPT_NAME = "/newsroom"
    assert fast_lane(django) is django


def test_the_lane_logs_the_request_and_sends_the_request_signals(caplog, direct_answers):
    """Both ways through the lane: the first answer (the handler's, which teaches the lane the
    route's headers) and the second (a direct answer) each log one line with the caller's
    request id and send request_started and request_finished (connections back to the pool)."""
    claim = make_claim(Status.PUBLISHED)
    lane = fast_lane(WSGIHandler())
    sent = []

    def started(sender, **kwargs):
        sent.append("started")

    def finished(sender, **kwargs):
        sent.append("finished")

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        with caplog.at_level(logging.INFO, logger="config.request"):
            statuses = [call(lane, environ(f"{API}/claims/{claim.pk}/"))[0] for _ in range(2)]
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert statuses == ["200 OK", "200 OK"]
    assert direct_answers == ["direct"]  # the second one
    assert sent == ["started", "finished"] * 2
    records = [r for r in caplog.records if r.name == "config.request"]
    assert len(records) == 2
    for record in records:
        assert record.path == f"{API}/claims/{claim.pk}/" and record.status == 200
        assert record.request_id == REQUEST_ID


# --- Direct answers (config/direct_answers.py), once the lane has learned a route's headers --


@pytest.fixture
def learned():
    """A lane that has answered one claim (and so answers the detail's 200s directly), and
    Django's own handler, for comparison."""
    django = WSGIHandler()
    lane = fast_lane(django)
    claim = make_claim(Status.PUBLISHED)
    assert call(lane, environ(f"{API}/claims/{claim.pk}/"))[0] == "200 OK"
    return lane, django


@pytest.mark.parametrize("which", ["draft", "retracted", "missing", "too large"])
def test_a_direct_404_is_handed_to_django_and_is_its_404(learned, direct_answers, which):
    lane, django = learned
    pk = {
        "draft": lambda: make_claim(Status.DRAFT).pk,
        "retracted": lambda: make_claim(Status.RETRACTED, retraction_reason="Wrong.").pk,
        "missing": lambda: 10**9,
        "too large": lambda: 2**70,
    }[which]()
    url = f"{API}/claims/{pk}/"
    assert call(lane, environ(url)) == call(django, environ(url))
    assert direct_answers == ["ordinary"]


def test_direct_answers_of_other_claims_are_djangos(learned, direct_answers):
    lane, django = learned
    for claim in (
        claim_with_everything(),
        make_claim(Status.PUBLISHED, verdict="false", verdict_explanation="No."),
    ):
        url = f"{API}/claims/{claim.pk}/"
        assert call(lane, environ(url)) == call(django, environ(url))
    assert direct_answers == ["direct", "direct"]


def test_https_is_learned_apart_and_gets_its_own_headers(settings, direct_answers):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    django = WSGIHandler()
    lane = fast_lane(django)
    claim = make_claim(Status.PUBLISHED)
    url = f"{API}/claims/{claim.pk}/"
    call(lane, environ(url))  # learns plain HTTP's headers
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    call(lane, environ(url, **https))  # learns HTTPS's
    assert direct_answers == []
    for extra in ({}, https):
        assert call(lane, environ(url, **extra)) == call(django, environ(url, **extra))
    assert direct_answers == ["direct", "direct"]
    answered = dict(call(lane, environ(url, **https))[1])
    assert answered["Strict-Transport-Security"].startswith("max-age=3600")
    assert "Strict-Transport-Security" not in dict(call(lane, environ(url))[1])


def test_a_conditional_request_is_answered_by_django(learned, direct_answers):
    lane, django = learned
    claim = make_claim(Status.PUBLISHED)
    url = f"{API}/claims/{claim.pk}/"
    etag = dict(call(django, environ(url))[1])["ETag"]
    assert call(lane, environ(url, HTTP_IF_NONE_MATCH=etag)) == call(
        django, environ(url, HTTP_IF_NONE_MATCH=etag)
    )
    assert direct_answers == []


def test_a_database_outage_after_learning_is_djangos_503(learned, direct_answers, monkeypatch):
    lane, django = learned
    claim = make_claim(Status.PUBLISHED)

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", unreachable)
    url = f"{API}/claims/{claim.pk}/"
    lane_answer = call(lane, environ(url))
    assert lane_answer == call(django, environ(url))
    assert lane_answer[0] == "503 Service Unavailable" and direct_answers == ["ordinary"]


def test_a_direct_answer_counts_once_even_when_handed_on(learned, direct_answers, monkeypatch):
    lane, _ = learned
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: 6_000_030.0))
    SimpleRateThrottle.cache.clear()
    claim = make_claim(Status.PUBLISHED)
    statuses = [
        call(lane, environ(url))[0]
        for url in (f"{API}/claims/{claim.pk}/", f"{API}/claims/{10**9}/",
                    f"{API}/claims/{claim.pk}/", f"{API}/claims/{claim.pk}/")
    ]  # fmt: skip
    assert statuses == ["200 OK", "404 Not Found", "200 OK", "429 Too Many Requests"]
    assert direct_answers == ["direct", "ordinary", "direct", "ordinary"]
    assert SimpleRateThrottle.cache.get("throttle_anon_127.0.0.1") == (100_000, 0, 3)


def test_other_middleware_turn_direct_answers_off(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "config.db_router.ReplicaRoutingMiddleware"]
    assert not fast_lane(WSGIHandler()).direct.enabled
    settings.MIDDLEWARE = settings.MIDDLEWARE[:-1]
    assert fast_lane(WSGIHandler()).direct.enabled


def test_a_failing_throttle_cache_gets_djangos_error_answer(learned, direct_answers, monkeypatch):
    lane, django = learned
    claim = make_claim(Status.PUBLISHED)

    def unreachable(key, default=None, version=None):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(SimpleRateThrottle.cache, "get", unreachable)
    url = f"{API}/claims/{claim.pk}/"
    lane_answer = call(lane, environ(url))
    assert lane_answer == call(django, environ(url))
    assert lane_answer[0].startswith("500") and direct_answers == ["ordinary"]


@pytest.fixture
def cyclic_garbage():
    """A function returning the types of the objects only the cycle collector could free,
    made since its last call (gc.DEBUG_SAVEALL keeps them for inspection; they are then
    freed, so the next call sees only newer ones)."""

    def found() -> list[str]:
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        gc.set_debug(0)
        kinds = [type(item).__qualname__ for item in gc.garbage]
        gc.garbage.clear()
        gc.collect()
        return kinds

    yield found
    gc.set_debug(0)


@pytest.mark.parametrize("path", ["list", "detail"])
def test_a_direct_answer_is_freed_without_the_cycle_collector(direct_answers, cyclic_garbage, path):
    """A direct answer's view, request and rows are freed by reference counting as it returns:
    kept for the cycle collector, a list page's rows made its collections longer (7% of a list
    request's time)."""
    claim = claim_with_everything()
    url = f"{API}/claims/" if path == "list" else f"{API}/claims/{claim.pk}/"
    lane = fast_lane(WSGIHandler())
    call(lane, environ(url))
    cyclic_garbage()
    assert call(lane, environ(url))[0] == "200 OK"
    assert direct_answers == ["direct"]
    assert cyclic_garbage() == []
