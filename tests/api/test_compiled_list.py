"""The claim list in its everyday shape runs as a compiled query (claims/api/listing.py): the
same pages, links and rows as the ordinary queryset, and only for requests of that shape."""

import re
from base64 import b64encode
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.api import feed, listing
from claims.models import Claim, Status

from .helpers import API, assert_error, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims_with_ties():
    """Twelve published claims and two drafts; five published share one `updated_at`, so the
    cursor needs an offset inside the tie."""
    made = [make_claim(Status.PUBLISHED) for _ in range(12)] + [
        make_claim(Status.DRAFT) for _ in range(2)
    ]
    moment = timezone.now().replace(microsecond=0)
    for n, claim in enumerate(made):
        when = moment if n < 5 else moment - timedelta(minutes=n)
        Claim.objects.filter(pk=claim.pk).update(updated_at=when)
    return made


def compiled_pages_run(monkeypatch) -> list:
    """A list that gets an item each time a `CompiledPage` is run (it still runs)."""
    ran = []
    real_iter = listing.CompiledPage.__iter__
    monkeypatch.setattr(
        listing.CompiledPage, "__iter__", lambda page: ran.append(1) or real_iter(page)
    )
    return ran


def walk(client, url: str) -> list[dict]:
    """Every page from `url` following `next`, then back from the last following `previous`."""
    pages = []
    while url:
        body = client.get(url).json()
        pages.append(body)
        url = body["next"]
    url = pages[-1]["previous"]
    while url:
        body = client.get(url).json()
        pages.append(body)
        url = body["previous"]
    return pages


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_pages_are_those_of_the_ordinary_queryset(client_for, role, claims_with_ties, monkeypatch):
    client = client_for(role)
    ran = compiled_pages_run(monkeypatch)
    compiled = walk(client, f"{API}/claims/?page_size=3")
    assert ran, "the everyday list did not take the compiled path"

    monkeypatch.setattr(listing, "compiled_page", lambda view, request: None)
    monkeypatch.setattr("claims.api.views.compiled_page", lambda view, request: None)
    assert walk(client, f"{API}/claims/?page_size=3") == compiled
    ids = [row["id"] for page in compiled for row in page["results"]]
    expected = 14 if role == "editor" else 12
    assert len(set(ids)) == expected  # forward: every claim once; backward: the same again


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_pages_deep_in_a_tie_choose_their_ids_first_and_are_the_same(
    client_for, role, claims_with_ties, monkeypatch
):
    """From WINDOW_FIRST_FROM rows into a run of equal `updated_at`, a page's ids are chosen
    first (claims/api/listing.py); the pages, forward and back, are still the ordinary ones."""
    monkeypatch.setattr(listing, "WINDOW_FIRST_FROM", 2)
    client = client_for(role)
    with CaptureQueriesContext(connection) as captured:
        compiled = walk(client, f"{API}/claims/?page_size=2")
    # Both ways (next and previous), the page's window is in the ids' subquery.
    windowed = [q["sql"] for q in captured if re.search(r"LIMIT \d+ OFFSET \d+\)", q["sql"])]
    assert any('"updated_at" DESC' in sql for sql in windowed), "no page read its ids first"
    assert any('"updated_at" ASC' in sql for sql in windowed), "no page read its ids first"

    monkeypatch.setattr("claims.api.views.compiled_page", lambda view, request: None)
    assert walk(client, f"{API}/claims/?page_size=2") == compiled
    ids = [row["id"] for page in compiled for row in page["results"]]
    assert len(set(ids)) == (14 if role == "editor" else 12)


@pytest.mark.parametrize(
    "query",
    [
        "verdict=true",
        "ordering=credibility",
        "q=bridge",
        "updated_since=2020-01-01T00:00:00Z",
        "speaker=1",
    ],
)
def test_any_other_shape_takes_the_ordinary_queryset(anon, claims_with_ties, monkeypatch, query):
    def refuse(page):
        raise AssertionError("compiled path taken")

    monkeypatch.setattr(listing.CompiledPage, "__iter__", refuse)
    assert anon.get(f"{API}/claims/?{query}").status_code == 200
    speaker = claims_with_ties[0].speaker_id
    assert anon.get(f"{API}/speakers/{speaker}/claims/").status_code == 200


def test_a_hand_made_cursor_with_a_bad_position_is_a_400(anon, claims_with_ties):
    cursor = b64encode(urlencode({"o": "0", "r": "0", "p": "not a date"}).encode()).decode()
    response = anon.get(f"{API}/claims/?cursor={cursor}")
    assert_error(response, 400, "cursor")


@pytest.mark.parametrize("format_", ["csv", "api"])
def test_other_formats_give_what_the_ordinary_queryset_gives(
    anon, claims_with_ties, monkeypatch, format_
):
    url = f"{API}/claims/?page_size=4&format={format_}"
    compiled = anon.get(url, HTTP_ACCEPT="text/html" if format_ == "api" else "*/*")
    monkeypatch.setattr("claims.api.views.compiled_page", lambda view, request: None)
    ordinary = anon.get(url, HTTP_ACCEPT="text/html" if format_ == "api" else "*/*")
    assert compiled.status_code == ordinary.status_code == 200
    if format_ == "csv":
        assert compiled.content == ordinary.content
    else:  # the browsable page carries a per-request CSRF token; compare the claims shown
        for claim in Claim.objects.filter(status=Status.PUBLISHED).order_by("-updated_at", "-id")[
            :4
        ]:
            assert f"&quot;id&quot;: {claim.pk}," in compiled.content.decode()


def test_the_claimreview_feed_pages_are_those_of_the_ordinary_queryset(anon, monkeypatch):
    """The feed pages through the same compiled paging (claims/api/feed.py): the same pages,
    forward and back, ties in `updated_at` included, as its ordinary queryset of rows."""
    rated = ["true", "mostly_true", "mixed", "mostly_false", "false"]
    made = [
        make_claim(Status.PUBLISHED, verdict=rated[n % 5], verdict_explanation="Checked.")
        for n in range(9)
    ]
    make_claim(Status.PUBLISHED, verdict="unverifiable", verdict_explanation="Unknown.")
    make_claim(Status.DRAFT, verdict="false", verdict_explanation="Not yet.")
    moment = timezone.now().replace(microsecond=0)
    for n, claim in enumerate(made):
        when = moment if n < 4 else moment - timedelta(minutes=n)
        Claim.objects.filter(pk=claim.pk).update(updated_at=when)
    ran = compiled_pages_run(monkeypatch)
    compiled = walk(anon, f"{API}/claimreview/?page_size=2")
    assert ran, "the feed did not take the compiled path"
    # Deep in the tie, its pages' ids are chosen first, as the list's.
    monkeypatch.setattr(feed, "WINDOW_FIRST_FROM", 1)
    with CaptureQueriesContext(connection) as captured:
        assert walk(anon, f"{API}/claimreview/?page_size=2") == compiled
    assert any(re.search(r"LIMIT \d+ OFFSET \d+\)", q["sql"]) for q in captured)

    monkeypatch.setattr("claims.api.views.compiled_feed_page", lambda request: None)
    assert walk(anon, f"{API}/claimreview/?page_size=2") == compiled
    urls = [review["url"] for page in compiled for review in page["results"]]
    assert len(set(urls)) == 9  # every rated, published claim, and no other
