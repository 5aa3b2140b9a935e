"""Querying claims: filters, ordering, cursor pages, sync, CSV and ETags."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from claims.models import Claim, Status
from config.api.renderers import _flatten
from sources.search import rebuild
from tests.factories import (
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
)

from .helpers import API, RETRACTION_REASON, all_pages, assert_error, ids, make_claim, set_grade

pytestmark = pytest.mark.django_db


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


# --- Filters ---------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    """Named claims covering every filter; anonymous users see the published ones."""
    alice = SpeakerFactory(name="Alice Minister")
    bob = SpeakerFactory(name="Bob Envoy")
    tass, ria = OutletFactory(), OutletFactory()
    economy, war = TopicFactory(slug="economy"), TopicFactory(slug="war")
    specs = {
        # name: (status, speaker, outlet, grade, conflicts, verdict, stated_on, topic, text)
        "confirmed": ("published", alice, tass, 1, 0, "", "2024-01-10", economy,
                      "Inflation fell to two percent."),
        "conflicted": ("published", bob, ria, 2, 1, "", "2024-03-01", war,
                       "The bridge was destroyed."),
        "doubtful_true": ("published", alice, None, 4, 0, "true", "2024-06-01", economy,
                          "Exports doubled."),
        "false": ("published", bob, tass, 5, 0, "false", "2024-09-15", war,
                  "The border was closed."),
        "mostly_true": ("published", bob, ria, 6, 0, "mostly_true", "2024-12-31", None,
                        "Turnout was the highest ever."),
        "draft": ("draft", alice, tass, 1, 0, "", "2024-02-02", economy,
                  "Inflation will fall further."),
        "retracted": ("retracted", alice, tass, 1, 0, "", "2024-02-03", economy,
                      "Inflation was zero."),
    }  # fmt: skip
    claims = {}
    for name, (
        status,
        speaker,
        outlet,
        grade,
        conflicts,
        verdict,
        stated,
        topic,
        text,
    ) in specs.items():
        claim = make_claim(
            status,
            speaker=speaker,
            outlet=outlet,
            verdict=verdict,
            verdict_explanation="Checked." if verdict else "",
            stated_on=dt.date.fromisoformat(stated),
            text=text,
        )
        set_grade(claim, grade, conflict_lines=conflicts)
        if topic:
            claim.topics.add(topic)
        claims[name] = claim
    refs = {"alice": alice.pk, "bob": bob.pk, "tass": tass.pk, "ria": ria.pk}
    rebuild(progress=False)  # factories bypass the services that keep the search index current
    return claims, refs


PUBLISHED_NAMES = {"confirmed", "conflicted", "doubtful_true", "false", "mostly_true"}
FILTERS = [
    ("speaker={alice}", {"confirmed", "doubtful_true"}),
    ("outlet={ria}", {"conflicted", "mostly_true"}),
    ("status=published", PUBLISHED_NAMES),
    ("status=draft", set()),
    ("credibility=2", {"conflicted"}),
    ("credibility_min=4", {"doubtful_true", "false", "mostly_true"}),
    ("credibility_max=2", {"confirmed", "conflicted"}),
    ("credibility_min=2&credibility_max=4", {"conflicted", "doubtful_true"}),
    ("verdict=false", {"false"}),
    ("verdict=mostly_true", {"mostly_true"}),
    ("topic=economy", {"confirmed", "doubtful_true"}),
    ("topic=no-such-topic", set()),
    ("stated_after=2024-06-01", {"doubtful_true", "false", "mostly_true"}),
    ("stated_before=2024-03-01", {"confirmed", "conflicted"}),
    ("stated_after=2024-02-01&stated_before=2024-07-01", {"conflicted", "doubtful_true"}),
    ("has_conflicts=true", {"conflicted"}),
    ("has_conflicts=false", PUBLISHED_NAMES - {"conflicted"}),
    ("q=INFLATION", {"confirmed"}),
    ("q=envoy", {"conflicted", "false", "mostly_true"}),
    ("verified=true", {"confirmed", "doubtful_true", "mostly_true"}),
    ("verified=false", {"conflicted", "false"}),
    ("speaker={bob}&verified=true", {"mostly_true"}),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS, ids=[f[0] for f in FILTERS])
def test_claim_filters(anon, catalogue, query, expected):
    claims, refs = catalogue
    response = anon.get(f"{API}/claims/?{query.format(**refs)}")
    assert set(ids(response)) == {claims[name].pk for name in expected}


STAFF_FILTERS = [
    ("status=draft", {"draft"}),
    ("status=retracted", {"retracted"}),
    # Verified facts are published ones only, whatever the grade of a draft or retraction.
    ("verified=true", {"confirmed", "doubtful_true", "mostly_true"}),
    ("credibility=1", {"confirmed", "draft", "retracted"}),
    ("q=inflation", {"confirmed", "draft", "retracted"}),
]


@pytest.mark.parametrize(("query", "expected"), STAFF_FILTERS, ids=[f[0] for f in STAFF_FILTERS])
def test_claim_filters_for_staff(editor_api, catalogue, query, expected):
    claims, _refs = catalogue
    assert set(ids(editor_api.get(f"{API}/claims/?{query}"))) == {
        claims[name].pk for name in expected
    }


def test_filter_by_source(anon):
    source = SourceFactory()
    cited = make_claim()
    EvidenceFactory(claim=cited, source=source, relation="corroborates")
    make_claim()
    assert ids(anon.get(f"{API}/claims/", {"source": source.pk})) == [cited.pk]


# --- Ordering and pages ----------------------------------------------------------------------

ORDERINGS = [
    ("credibility", lambda row: row["credibility"]["grade"], False),
    ("-credibility", lambda row: row["credibility"]["grade"], True),
    ("stated_on", lambda row: row["stated_on"], False),
    ("-stated_on", lambda row: row["stated_on"], True),
    ("updated_at", lambda row: parse_time(row["updated_at"]), False),
    ("-updated_at", lambda row: parse_time(row["updated_at"]), True),
]


@pytest.mark.parametrize(("ordering", "key", "reverse"), ORDERINGS, ids=[o[0] for o in ORDERINGS])
def test_ordering_across_pages(anon, catalogue, ordering, key, reverse):
    rows = all_pages(anon, f"{API}/claims/", {"ordering": ordering, "page_size": 2})
    assert len(rows) == len(PUBLISHED_NAMES)
    assert len({row["id"] for row in rows}) == len(rows)
    assert [key(row) for row in rows] == sorted((key(row) for row in rows), reverse=reverse)


def test_the_default_order_is_newest_change_first(anon):
    old, new = make_claim(), make_claim()
    Claim.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=1))
    assert ids(anon.get(f"{API}/claims/")) == [new.pk, old.pk]


@pytest.mark.parametrize("ordering", ["stated_on", "-stated_on"])
def test_ordering_by_date_pages_through_claims_without_a_date(anon, ordering):
    expected = {
        make_claim(stated_on=None if i % 2 else dt.date(2024, 1, i + 1)).pk for i in range(5)
    }
    rows = all_pages(anon, f"{API}/claims/", {"ordering": ordering, "page_size": 2})
    assert sorted(row["id"] for row in rows) == sorted(expected)


def test_pages_follow_a_cursor(anon):
    made = [make_claim().pk for _ in range(5)]
    first = anon.get(f"{API}/claims/", {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"] and first["previous"] is None
    assert "cursor=" in first["next"] and "page=" not in first["next"]
    rows = all_pages(anon, f"{API}/claims/", {"page_size": 2})
    assert sorted(row["id"] for row in rows) == sorted(made)


def test_a_huge_page_size_is_capped_at_200(anon):
    speaker = SpeakerFactory()
    now = timezone.now()
    Claim.objects.bulk_create(
        Claim(text=f"Statement {i}.", speaker=speaker, status="published", published_at=now)
        for i in range(205)
    )
    page = anon.get(f"{API}/claims/", {"page_size": 1_000_000}).json()
    assert len(page["results"]) == 200
    assert page["next"]
    assert len(anon.get(f"{API}/claims/", {"page_size": 150}).json()["results"]) == 150
    assert len(anon.get(f"{API}/claims/").json()["results"]) == 50


# --- Sync ------------------------------------------------------------------------------------


def test_sync_returns_every_change_since_a_time_in_order(anon, editor_api):
    long_ago = timezone.now() - dt.timedelta(days=30)
    unchanged = make_claim()
    edited = make_claim()
    to_retract = make_claim()
    to_publish = make_claim(Status.DRAFT)
    still_draft = make_claim(Status.DRAFT)
    retracted_earlier = make_claim(Status.RETRACTED)
    Claim.objects.update(updated_at=long_ago)
    since = timezone.now()

    assert editor_api.post(f"{API}/claims/{to_publish.pk}/publish/").status_code == 200
    retracted = editor_api.post(
        f"{API}/claims/{to_retract.pk}/retract/", {"reason": "Misquoted."}, format="json"
    )
    assert retracted.status_code == 200
    patched = editor_api.patch(f"{API}/claims/{edited.pk}/", {"text": "New text."}, format="json")
    assert patched.status_code == 200
    editor_api.patch(f"{API}/claims/{still_draft.pk}/", {"text": "Still a draft."}, format="json")
    # Several claims changed at the same instant, so that ties straddle page boundaries.
    tied = [make_claim() for _ in range(5)]
    same_time = timezone.now() + dt.timedelta(seconds=1)
    Claim.objects.filter(pk__in=[c.pk for c in tied]).update(updated_at=same_time)

    params = {"updated_since": since.isoformat(), "ordering": "updated_at", "page_size": 2}
    rows = all_pages(anon, f"{API}/claims/", params)
    seen = [row["id"] for row in rows]
    expected = {to_publish.pk, to_retract.pk, edited.pk, *(c.pk for c in tied)}
    assert sorted(seen) == sorted(expected)  # each exactly once
    assert unchanged.pk not in seen and retracted_earlier.pk not in seen
    times = [parse_time(row["updated_at"]) for row in rows]
    assert times == sorted(times)
    assert all(t > since for t in times)
    by_id = {row["id"]: row for row in rows}
    assert by_id[to_retract.pk]["status"] == "retracted"
    assert by_id[to_retract.pk]["retraction_reason"] == "Misquoted."
    assert by_id[to_publish.pk]["status"] == "published"
    assert by_id[edited.pk]["text"] == "New text."


def test_retracted_claims_appear_only_when_syncing(anon):
    retracted = make_claim(Status.RETRACTED)
    assert retracted.pk not in ids(anon.get(f"{API}/claims/"))
    rows = anon.get(f"{API}/claims/", {"updated_since": "2000-01-01T00:00:00Z"}).json()["results"]
    assert [(r["id"], r["status"], r["retraction_reason"]) for r in rows] == [
        (retracted.pk, "retracted", RETRACTION_REASON)
    ]
    assert_error(anon.get(f"{API}/claims/{retracted.pk}/"), 404)


def test_sync_sees_a_claim_whose_evidence_changed(anon, editor_api):
    source = SourceFactory()
    claim = make_claim(appears_in=False)
    EvidenceFactory(claim=claim, source=source)
    from claims.recompute import credibility_recompute

    credibility_recompute(claim_ids=[claim.pk])
    since = timezone.now()
    added = editor_api.post(
        f"{API}/evidence/",
        {"claim_id": claim.pk, "source_id": source.pk, "relation": "corroborates"},
        format="json",
    )
    assert added.status_code == 201
    response = anon.get(f"{API}/claims/", {"updated_since": since.isoformat()})
    assert ids(response) == [claim.pk]
    assert response.json()["results"][0]["evidence_counts"]["corroborates"] == 1


# --- CSV and ETags ---------------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_list_as_csv(anon):
    claims = [make_claim(text=f"Statement number {i}.") for i in range(3)]
    make_claim(Status.DRAFT)
    rows = read_csv(anon.get(f"{API}/claims/", {"format": "csv"}))
    assert {"id", "text", "status", "speaker.name", "credibility.grade"} <= set(rows[0])
    assert sorted(int(row["id"]) for row in rows) == sorted(c.pk for c in claims)
    by_id = {int(row["id"]): row for row in rows}
    assert by_id[claims[0].pk]["text"] == "Statement number 0."
    assert by_id[claims[0].pk]["speaker.name"] == claims[0].speaker.name


def test_csv_keeps_a_cell_that_looks_like_a_formula_as_text(anon):
    make_claim(text="=HYPERLINK('http://evil.example')")
    [row] = read_csv(anon.get(f"{API}/claims/", {"format": "csv"}))
    assert row["text"] == "'=HYPERLINK('http://evil.example')"


def test_csv_columns_are_the_same_on_every_page_and_follow_the_json(anon, editor):
    bare = make_claim(outlet=None)
    full = make_claim(outlet=OutletFactory(), verdict="true", verdict_explanation="Checked.")
    headers = []
    for claim in (bare, full):
        params = {"format": "csv", "speaker": claim.speaker_id}
        headers.append(anon.get(f"{API}/claims/", params).content.decode().splitlines()[0])
    assert headers[0] == headers[1]
    # Every key of a fully populated claim, flattened, is a column: none is dropped.
    [row] = [r for r in anon.get(f"{API}/claims/").json()["results"] if r["id"] == full.pk]
    flat_keys = set(_flatten(row))
    assert flat_keys == set(headers[0].split(","))
    [csv_row] = read_csv(anon.get(f"{API}/claims/", {"format": "csv", "verdict": "true"}))
    assert (csv_row["verdict.rating"], csv_row["verdict.explanation"]) == ("true", "Checked.")


def test_csv_pages_are_linked_by_a_link_header(anon):
    claims = {make_claim().pk for _ in range(5)}
    seen, params, url = [], {"format": "csv", "page_size": 2}, f"{API}/claims/"
    while url:
        response = anon.get(url, params)
        seen += [int(row["id"]) for row in read_csv(response)]
        link = response.get("Link", "")
        url = link[1 : link.index(">")] if link else None
        params = None
        assert len(seen) <= 5
    assert sorted(seen) == sorted(claims)


def test_the_nested_lists_offer_csv_too(anon):
    claim = make_claim()
    rows = read_csv(anon.get(f"{API}/speakers/{claim.speaker_id}/claims/", {"format": "csv"}))
    assert [row["id"] for row in rows] == [str(claim.pk)]


def test_a_detail_has_an_etag_and_answers_304_when_unchanged(anon, editor_api):
    claim = make_claim()
    first = anon.get(f"{API}/claims/{claim.pk}/")
    etag = first["ETag"]
    assert etag
    again = anon.get(f"{API}/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    editor_api.patch(f"{API}/claims/{claim.pk}/", {"text": "Corrected."}, format="json")
    changed = anon.get(f"{API}/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["text"] == "Corrected."


@pytest.mark.parametrize("path", ["sources/{source}/", "speakers/{speaker}/", "outlets/{outlet}/"])
def test_other_details_have_etags(anon, path):
    source = SourceFactory()
    refs = {"source": source.pk, "speaker": SpeakerFactory().pk, "outlet": source.outlet_id}
    url = f"{API}/{path.format(**refs)}"
    etag = anon.get(url)["ETag"]
    assert etag
    assert anon.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert anon.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize("word", ["true", "True", "1", "yes", "on"])
def test_verified_takes_every_spelling_of_yes(anon, word):
    verified, plain = make_claim(), make_claim()
    set_grade(verified, 1)
    set_grade(plain, 4)
    assert ids(anon.get(f"{API}/claims/", {"verified": word})) == [verified.pk]
    assert ids(anon.get(f"{API}/claims/", {"verified": "0"})) == [plain.pk]
