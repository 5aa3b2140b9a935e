"""manage.py import_claims: formats, validation by line, modes, batches, history, search, grades."""

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.bulkimport import BatchFailed, ImportRefused, claims_import, load
from claims.models import Claim, Evidence, Speaker, Status, Verdict
from claims.recompute import credibility_recompute
from sources.models import Outlet, Source
from sources.search import search_ids
from tests.factories import (
    EvidenceFactory,
    OutletFactory,
    PublishedClaimFactory,
    SourceFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROW = {
    "text": "The talks will resume in Istanbul on Monday.",
    "speaker": "Dmitry Peskov",
    "outlet": "TASS",
    "language": "en",
    "stated_on": "2025-06-02",
    "quote_kind": "direct",
    "source_url": "https://tass.com/politics/1?utm_source=x",
    "excerpt": "The talks will resume in Istanbul",
    "topics": "negotiations",
    "verdict": "true",
    "verdict_explanation": "They resumed as announced.",
}


def jsonl(tmp_path: Path, rows: list[dict], name: str = "claims.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def many(n: int, **extra) -> list[dict]:
    return [
        {"text": f"Statement number {i}.", "speaker": f"Speaker {i % 3}", **extra} for i in range(n)
    ]


def run(path: Path, *args: str, user: str = "editor-in-test") -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_claims", str(path), "--user", user, "--no-progress", *args,
                 stdout=out, stderr=err)  # fmt: skip
    return out.getvalue(), err.getvalue()


@pytest.fixture
def topic(db):
    return TopicFactory(slug="negotiations", name="Negotiations")


def test_jsonl_row_becomes_a_draft_claim_with_everything_around_it(tmp_path, editor, topic):
    out, _err = run(jsonl(tmp_path, [ROW]))

    claim = Claim.objects.get()
    assert claim.status == Status.DRAFT
    assert (claim.text, claim.quote_kind, claim.language) == (ROW["text"], "direct", "en")
    assert claim.stated_on.isoformat() == "2025-06-02"
    assert claim.speaker.name == "Dmitry Peskov" and claim.speaker.needs_review
    assert claim.outlet.name == "TASS" and claim.outlet.needs_review
    assert list(claim.topics.all()) == [topic]
    assert (claim.verdict, claim.verdict_explanation) == (Verdict.TRUE, ROW["verdict_explanation"])
    assert claim.verdict_at is not None
    assert (claim.created_by, claim.updated_by, claim.version) == (editor, editor, 1)
    evidence = claim.evidence.get()
    assert evidence.relation == Evidence.Relation.APPEARS_IN
    assert evidence.source.url == "https://tass.com/politics/1"
    assert evidence.excerpt == ROW["excerpt"] and evidence.created_by == editor
    assert "Created 1 draft claims" in out and "all or nothing" in out


def test_history_rows_record_the_import(tmp_path, editor, topic):
    path = jsonl(tmp_path, [ROW])
    run(path)
    claim = Claim.objects.get()
    for history in (
        claim.history.get(),
        claim.evidence.get().history.get(),
        claim.speaker.history.get(),
        claim.outlet.history.get(),
        claim.evidence.get().source.history.get(),
    ):
        assert history.history_change_reason == f"Imported from {path.name}"
        assert history.history_type == "+"
        assert history.history_user == editor
    assert claim.history.get().text == ROW["text"]


def test_search_finds_an_imported_claim(tmp_path, editor, topic):
    run(jsonl(tmp_path, [ROW]))
    claim = Claim.objects.get()
    assert search_ids("Istanbul resume", "claim", include_unpublished=True) == [claim.pk]
    assert search_ids("Peskov", "speaker") == [claim.speaker_id]


def test_grades_are_what_a_recompute_gives(tmp_path, editor):
    source = SourceFactory(url="https://example.org/known")
    rows = [
        {**many(1)[0], "source_url": source.url},
        {**many(2)[1], "source_url": "https://example.org/new"},
        many(3)[2],
    ]
    run(jsonl(tmp_path, rows))
    ids = list(Claim.objects.values_list("id", flat=True))
    assert all(c.credibility_reasons for c in Claim.objects.all())
    assert credibility_recompute(claim_ids=ids) == 0


def test_csv_with_quoted_fields_and_errors_by_line(tmp_path, editor, topic):
    path = tmp_path / "claims.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROW))
        writer.writeheader()
        writer.writerow({**ROW, "text": "A quote, with a comma\nand a new line."})
        writer.writerow({**ROW, "text": "", "stated_on": "2025-02-30", "language": "english"})
    with pytest.raises(CommandError, match="1 invalid rows; nothing was imported"):
        run(path)
    assert not Claim.objects.exists() and not Speaker.objects.exists()

    _out, err = run(path, "--skip-invalid")
    assert "line 4: text: This field cannot be blank." in err  # the first record spans lines 2-3
    assert "line 4: stated_on:" in err and "line 4: language:" in err
    assert Claim.objects.get().text == "A quote, with a comma\nand a new line."


def test_every_error_reported_by_line_and_nothing_written(tmp_path, editor, topic):
    rows = [
        ROW,
        {"text": "x\x00y", "speaker": "Ada\u202eLovelace", "quote_kind": "shout"},
        {"text": "No speaker", "topics": "negotiations,unknown-topic"},
        {"text": "t", "speaker": "S", "verdict": "false"},
        {"text": "t", "speaker": "S", "excerpt": "an excerpt", "source_url": "not a url"},
    ]
    path = jsonl(tmp_path, rows)
    path.write_text(path.read_text() + "{broken json\n")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_claims", str(path), "--user", editor.username, "--no-progress",
                     stdout=out, stderr=err)  # fmt: skip
    assert "5 invalid rows; nothing was imported" in str(raised.value)
    lines = err.getvalue().splitlines()
    assert "line 2: text: Null characters are not allowed." in lines
    assert any(
        line.startswith("line 2: speaker: Names may not contain invisible") for line in lines
    )
    assert "line 2: quote_kind: Value 'shout' is not a valid choice." in lines
    assert "line 3: speaker: This field cannot be blank." in lines
    assert "line 3: topics: no topic with the slug 'unknown-topic'" in lines
    assert "line 4: verdict_explanation: A verdict needs an explanation." in lines
    assert "line 5: source_url: Enter a valid URL." in lines
    assert any(line.startswith("line 6: not valid JSON") for line in lines)
    assert not Claim.objects.exists()
    assert not Speaker.objects.exists() and not Outlet.objects.exists()
    assert not Source.objects.exists()


def test_skip_invalid_imports_the_valid_rows(tmp_path, editor):
    rows = [*many(3), {"text": "", "speaker": "x"}]
    out, err = run(jsonl(tmp_path, rows), "--skip-invalid")
    assert Claim.objects.count() == 3
    assert "line 4: text: This field cannot be blank." in err
    assert "1 invalid and skipped" in out


def test_reimport_adds_nothing(tmp_path, editor, topic):
    path = jsonl(tmp_path, [ROW, *many(5)])
    run(path, "--batch-size", "2")
    history = Claim.history.count()
    out, _err = run(path, "--batch-size", "2")
    assert Claim.objects.count() == 6 and Evidence.objects.count() == 1
    assert Claim.history.count() == history
    assert "Created 0 draft claims" in out and "6 rows were already on file" in out


def test_duplicates_inside_a_file_are_imported_once(tmp_path, editor):
    row = many(1)[0]
    report = claims_import(jsonl(tmp_path, [row, row, {**row, "stated_on": "2025-01-01"}]),
                           user=editor, progress=False)  # fmt: skip
    assert (report.claims_created, report.already_on_file) == (2, 1)


def test_a_failed_batch_is_rolled_back_and_earlier_batches_stay(tmp_path, editor, monkeypatch):
    calls = []
    insert = load.insert_plain

    def failing(model, rows):
        calls.append(model)
        if model is Evidence and calls.count(Evidence) == 2:  # batch 2, after its claims
            raise RuntimeError("disk full")
        insert(model, rows)

    monkeypatch.setattr(load, "insert_plain", failing)
    rows = many(4, source_url="https://example.org/a")
    rows = [{**r, "source_url": f"https://example.org/{i}"} for i, r in enumerate(rows)]
    with pytest.raises(BatchFailed, match=r"batch 2 \(line 3 to line 4\) failed") as raised:
        claims_import(jsonl(tmp_path, rows), user=editor, batch_size=2, progress=False)
    assert sorted(Claim.objects.values_list("text", flat=True)) == [
        "Statement number 0.",
        "Statement number 1.",
    ]
    assert Source.objects.count() == 2 and Evidence.objects.count() == 2
    assert Claim.history.count() == 2
    assert raised.value.report.claims_created == 2
    assert raised.value.report.batches_committed == 1


def test_speakers_found_by_name_or_alias_and_outlets_by_name(tmp_path, editor):
    zelensky = SpeakerFactory(name="Volodymyr Zelensky")
    SpeakerAliasFactory(speaker=zelensky, name="Zelenskyy")
    tass = OutletFactory(name="TASS")
    rows = [
        {"text": "One.", "speaker": "volodymyr  ZELENSKY", "outlet": "tass"},
        {"text": "Two.", "speaker": "Zelenskyy", "outlet": "TASS"},
    ]
    run(jsonl(tmp_path, rows))
    assert set(Claim.objects.values_list("speaker_id", "outlet_id")) == {(zelensky.pk, tass.pk)}
    assert Speaker.objects.count() == 1 and Outlet.objects.count() == 1


def test_contributors_give_no_verdicts_and_create_no_outlets(tmp_path, contributor):
    rows = [{**many(1)[0], "verdict": "false", "verdict_explanation": "No."},
            {**many(2)[1], "outlet": "Unknown outlet"}]  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        claims_import(jsonl(tmp_path, rows), user=contributor, progress=False)
    assert refused.value.report.errors == [
        "line 1: verdict: Only editors give a verdict (claims.publish_claim).",
        "line 2: outlet: no outlet named 'Unknown outlet' is on file, and only editors "
        "create outlets",
    ]


def test_a_user_who_may_not_add_claims_is_refused(tmp_path, db):
    UserFactory(username="reader", is_staff=False)
    with pytest.raises(CommandError, match="may not import claims"):
        run(jsonl(tmp_path, many(1)), user="reader")
    with pytest.raises(CommandError, match="No user named"):
        run(jsonl(tmp_path, many(1)), user="nobody")


def test_status_column_is_ignored_with_a_warning(tmp_path, editor):
    _out, err = run(jsonl(tmp_path, [{**many(1)[0], "status": "published"}]))
    assert Claim.objects.get().status == Status.DRAFT
    assert "column 'status' ignored: imported claims always start as drafts" in err


# --- ClaimReview --------------------------------------------------------------------------------

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/reviews/1",
    "claimReviewed": "Grain exports doubled last year.",
    "author": {"@type": "Organization", "name": "Factcheck Example"},
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Misleading",
    },
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "Ministry of Agriculture"},
        "datePublished": "2024-03-01T10:00:00Z",
        "appearance": [
            {
                "@type": "CreativeWork",
                "url": "https://news.example/grain",
                "headline": "Grain exports",
                "datePublished": "2024-03-02",
                "publisher": {"@type": "Organization", "name": "News Example"},
            }
        ],
    },
}


@pytest.mark.parametrize(
    "document",
    [
        [REVIEW],
        {"results": [REVIEW], "next": None},
        {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, REVIEW]},
        {"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "item": REVIEW}]},
        REVIEW,
    ],
    ids=["array", "results", "graph", "itemlist", "single"],
)
def test_claimreview_feed_shapes(tmp_path, editor, document):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(document, indent=2))
    run(path)
    claim = Claim.objects.get()
    assert claim.text == "Grain exports doubled last year."
    assert claim.speaker.kind == Speaker.Kind.ORGANIZATION
    assert claim.stated_on.isoformat() == "2024-03-01"
    assert claim.verdict == Verdict.MOSTLY_FALSE  # "Misleading" unknown: 2 on a 1-5 scale
    assert claim.verdict_explanation == (
        'Rated "Misleading" by Factcheck Example: https://factcheck.example/reviews/1'
    )
    assert claim.outlet.name == "News Example"
    source = claim.evidence.get().source
    assert (source.url, source.title, source.outlet) == (
        "https://news.example/grain",
        "Grain exports",
        claim.outlet,
    )


def test_claimreview_one_per_line_and_item_numbers(tmp_path, editor):
    broken = {**REVIEW, "reviewRating": {"alternateName": "Who knows"}}
    path = jsonl(tmp_path, [REVIEW, broken], "feed.jsonl")
    with pytest.raises(ImportRefused) as refused:
        claims_import(path, user=editor, progress=False)
    assert refused.value.report.errors[0].startswith(
        "line 2: reviewRating: cannot tell the verdict from alternateName 'Who knows'"
    )
    array = tmp_path / "feed.json"
    array.write_text(json.dumps([REVIEW, {**REVIEW, "claimReviewed": ""}]))
    with pytest.raises(ImportRefused) as refused:
        claims_import(array, user=editor, progress=False)
    assert refused.value.report.errors == ["item 2: text: This field cannot be blank."]


def test_the_products_own_claimreview_feed_round_trips(tmp_path, editor, client):
    claims = []
    for n, verdict in enumerate([Verdict.FALSE, Verdict.MOSTLY_TRUE, Verdict.MIXED]):
        claim = PublishedClaimFactory(
            text=f"Round trip statement {n}.",
            verdict=verdict,
            verdict_explanation=f"Explained {n}.",
        )
        EvidenceFactory(claim=claim)
        claims.append(claim)
    expected = {
        (c.text, c.speaker_id, c.stated_on, c.verdict, c.verdict_explanation,
         c.evidence.get().source_id)
        for c in claims
    }  # fmt: skip
    feed = client.get("/api/v1/claimreview/")
    assert feed.status_code == 200
    path = tmp_path / "claimreview.json"
    path.write_bytes(feed.content)

    # The same claims are recognised as already on file...
    report = claims_import(path, user=editor, progress=False)
    assert (report.claims_created, report.already_on_file) == (0, 3)
    # ...and, once they are gone, come back with the same text, speaker, date, verdict,
    # explanation and source.
    Evidence.objects.all().delete()
    Claim.objects.update(status=Status.DRAFT, published_at=None)
    Claim.objects.all().delete()
    report = claims_import(path, user=editor, progress=False)
    assert report.claims_created == 3 and report.speakers_created == 0
    assert report.sources_created == 0
    got = {
        (c.text, c.speaker_id, c.stated_on, c.verdict, c.verdict_explanation,
         c.evidence.get().source_id)
        for c in Claim.objects.all()
    }  # fmt: skip
    assert got == expected
