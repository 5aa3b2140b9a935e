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
from claims.models import Claim, Speaker, Status
from config.api import pagination
from config.api.pagination import CursorPagination
from tests.factories import SpeakerFactory

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


def plain_cursor(offset: int, position: str | None = None) -> str:
    """A cursor as DRF writes it, with an offset (as issued before keyset positions)."""
    tokens = {"o": str(offset), **({"p": position} if position else {})}
    return b64encode(urlencode(tokens).encode()).decode()


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_a_run_longer_than_drf_s_offset_cap_is_paged_through(
    client_for, role, claims_with_ties, monkeypatch
):
    """DRF caps a cursor's offset (1,000): past it, the next link gave the same page again,
    forever. Positions are (updated_at, id) pairs now, with no offset: with the cap at 1,
    every claim of the 5-claim run comes once, forward and back, on every road."""
    monkeypatch.setattr(CursorPagination, "offset_cutoff", 1)
    client = client_for(role)
    expected = 14 if role == "editor" else 12
    mirror = f"{API}/claims/?updated_since=2020-01-01T00:00:00Z&ordering=updated_at&page_size=2"
    for url in (f"{API}/claims/?page_size=2", mirror):
        assert each_once(walk(client, url)) == expected, url
    speakers = walk(anon_speakers(client), f"{API}/speakers/?page_size=1")
    assert each_once(speakers) == Speaker.objects.count()


def test_a_keyset_page_seeks_its_position_with_one_row_comparison(anon, claims_with_ties):
    """Where the ordering's field and the id run the same way, the rows after a position are
    one row comparison (an index seek on (updated_at, id), however long the run); where they
    run opposite ways (a grade ascending, the newest id first), the two-term condition."""
    first = anon.get(f"{API}/claims/?page_size=2").json()
    graded = anon.get(f"{API}/claims/?page_size=2&ordering=credibility").json()
    with CaptureQueriesContext(connection) as captured:
        anon.get(first["next"])
        anon.get(graded["next"])
    same_way, opposite = (q["sql"] for q in captured if '"claims_claim"."id"' in q["sql"])
    assert re.search(r'\("claims_claim"\."updated_at", "claims_claim"\."id"\) < \(', same_way)
    assert '"claims_claim"."credibility" >= ' in opposite
    assert '"claims_claim"."id" < ' in opposite


def each_once(pages: list[dict]) -> int:
    """How many rows the walk saw, checking it saw each once forward and once back (the
    last page is read once)."""
    last = next(n for n, page in enumerate(pages) if page["next"] is None)
    forward = [row["id"] for page in pages[: last + 1] for row in page["results"]]
    back = [row["id"] for page in pages[last:] for row in page["results"]]
    assert len(forward) == len(set(forward))
    assert sorted(back) == sorted(forward)
    return len(forward)


def anon_speakers(client):
    """The client, with five speakers of one name: their list ties on its first field."""
    for _ in range(5):
        SpeakerFactory(name="Same Name")
    return client


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_a_plain_cursor_deep_in_a_tie_reads_its_ids_first_and_gives_the_same_page(
    client_for, role, claims_with_ties, monkeypatch
):
    """Cursors with an offset (issued before, or hand-made) still work; from WINDOW_FIRST_FROM
    rows into a run the page's ids are chosen first (claims/api/listing.py,
    config/api/pagination.py), and the page is the ordinary one."""
    monkeypatch.setattr(listing, "WINDOW_FIRST_FROM", 2)
    monkeypatch.setattr(pagination, "WINDOW_FIRST_FROM", 2)
    client = client_for(role)
    newest = Claim.objects.order_by("-updated_at").values_list("updated_at", flat=True)[0]
    before_run = (newest + timedelta(seconds=1)).isoformat()
    urls = [f"{API}/claims/?page_size=2&cursor={plain_cursor(n, before_run)}" for n in (1, 3)]
    urls += [f"{API}/claims/?page_size=2&cursor={plain_cursor(4)}"]
    with CaptureQueriesContext(connection) as captured:
        compiled = [client.get(url).json() for url in urls]
    windowed = [q["sql"] for q in captured if re.search(r"LIMIT \d+ OFFSET \d+\)", q["sql"])]
    assert len(windowed) == 2, "the pages 3 and 4 rows in did not read their ids first"

    monkeypatch.setattr("claims.api.views.compiled_page", lambda view, request: None)
    with CaptureQueriesContext(connection) as captured:
        ordinary = [client.get(url).json() for url in urls]
    assert ordinary == compiled
    assert sum(bool(re.search(r"LIMIT \d+ OFFSET \d+\)", q["sql"])) for q in captured) == 2
    rows = [[row["id"] for row in page["results"]] for page in compiled]
    assert rows[0] != rows[1] and all(len(page) == 2 for page in rows)


def test_a_hand_made_keyset_cursor_with_an_impossible_id_is_a_400(anon, claims_with_ties):
    cursor = b64encode(urlencode({"p": f"2026-01-01 00:00:00+00:00|{2**64}"}).encode()).decode()
    assert_error(anon.get(f"{API}/claims/?cursor={cursor}"), 400, "cursor")
    mirror = f"{API}/claims/?updated_since=2020-01-01T00:00:00Z&cursor={cursor}"
    assert_error(anon.get(mirror), 400, "cursor")


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
    # A plain cursor deep in the tie: the page's ids are chosen first, as the list's.
    monkeypatch.setattr(feed, "WINDOW_FIRST_FROM", 1)
    deep = f"{API}/claimreview/?page_size=2&cursor={plain_cursor(3)}"
    with CaptureQueriesContext(connection) as captured:
        deep_page = anon.get(deep).json()
    assert any(re.search(r"LIMIT \d+ OFFSET \d+\)", q["sql"]) for q in captured)

    monkeypatch.setattr("claims.api.views.compiled_feed_page", lambda request: None)
    assert walk(anon, f"{API}/claimreview/?page_size=2") == compiled
    assert anon.get(deep).json() == deep_page
    urls = [review["url"] for page in compiled for review in page["results"]]
    assert len(set(urls)) == 9  # every rated, published claim, and no other
