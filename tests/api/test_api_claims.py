"""Reading one claim: the list and detail representations, provenance and history."""

import datetime as dt

import pytest

from claims.models import Claim, Evidence, Status
from tests.factories import (
    ClaimLinkFactory,
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
)

from .helpers import API, make_claim, set_grade

pytestmark = pytest.mark.django_db

LIST_FIELDS = {
    "id", "url", "text", "quote_kind", "language", "stated_on", "speaker", "outlet", "status",
    "credibility", "verdict", "topics", "retraction_reason", "evidence_counts", "created_at",
    "updated_at", "published_at", "retracted_at", "version",
}  # fmt: skip


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


# --- Representation --------------------------------------------------------------------------


def test_a_claim_in_the_list(anon):
    speaker = SpeakerFactory(name="Maria Zakharova", kind="person", role="spokesperson")
    outlet = OutletFactory(name="TASS", kind="wire_agency")
    claim = make_claim(
        text="The talks will resume in Istanbul.",
        speaker=speaker,
        outlet=outlet,
        quote_kind="direct",
        language="ru",
        stated_on=dt.date(2025, 6, 2),
        verdict="mostly_true",
        verdict_explanation="They resumed, a day later.",
    )
    claim.topics.set([TopicFactory(slug="peace-talks"), TopicFactory(slug="ukraine")])
    EvidenceFactory(claim=claim, relation=Evidence.Relation.CORROBORATES)
    EvidenceFactory(claim=claim, relation=Evidence.Relation.CORROBORATES)
    EvidenceFactory(claim=claim, relation=Evidence.Relation.CONFLICTS)
    set_grade(claim, 3, conflict_lines=1, support_lines=2)

    [row] = anon.get(f"{API}/claims/").json()["results"]
    assert set(row) == LIST_FIELDS
    assert row["id"] == claim.pk
    assert row["url"] == f"http://testserver{API}/claims/{claim.pk}/"
    assert (row["text"], row["quote_kind"], row["language"], row["stated_on"]) == (
        "The talks will resume in Istanbul.",
        "direct",
        "ru",
        "2025-06-02",
    )
    assert row["speaker"] == {
        "id": speaker.pk,
        "name": "Maria Zakharova",
        "kind": "person",
        "role": "spokesperson",
    }
    assert row["outlet"] == {
        "id": outlet.pk,
        "name": "TASS",
        "kind": "wire_agency",
        "reliability": "F",
    }
    assert row["status"] == "published"
    assert row["credibility"] == {
        "grade": 3,
        "label": "3: possibly true",
        "computed": 3,
        "override": None,
        "lines": {"support": 2, "conflict": 1},
        "reasons": [],
    }
    assert row["verdict"] == {
        "rating": "mostly_true",
        "label": "mostly true",
        "explanation": "They resumed, a day later.",
    }
    assert sorted(row["topics"]) == ["peace-talks", "ukraine"]
    assert row["evidence_counts"] == {"appears_in": 1, "corroborates": 2, "conflicts": 1}
    for field in ("created_at", "updated_at", "published_at"):
        assert parse_time(row[field]).tzinfo is not None
    assert row["retracted_at"] is None


def test_a_claim_without_outlet_or_verdict(anon):
    claim = make_claim(outlet=None)
    row = anon.get(f"{API}/claims/{claim.pk}/").json()
    assert row["outlet"] is None
    assert row["verdict"] is None


def test_an_overridden_grade_shows_both_grades_and_the_reason(anon):
    claim = make_claim()
    Claim.objects.filter(pk=claim.pk).update(
        credibility=1, credibility_override=1, credibility_override_reason="Seen by our reporter."
    )
    credibility = anon.get(f"{API}/claims/{claim.pk}/").json()["credibility"]
    assert (credibility["grade"], credibility["computed"]) == (1, 6)
    assert credibility["override"] == {"grade": 1, "reason": "Seen by our reporter."}


def test_the_detail_adds_evidence_and_links(anon):
    claim = make_claim(appears_in=False)
    outlet = OutletFactory(name="RIA Novosti")
    source = SourceFactory(title="RIA report", outlet=outlet, url="https://ria.example/1")
    EvidenceFactory(
        claim=claim, source=source, relation="appears_in", excerpt="As said.", note="Verbatim."
    )
    other = make_claim(text="The same words, reported the next day.")
    ClaimLinkFactory(from_claim=claim, to_claim=other, kind="same_statement", note="Re-report")
    earlier = make_claim(text="An earlier version of the statement.")
    ClaimLinkFactory(from_claim=earlier, to_claim=claim, kind="supersedes")

    body = anon.get(f"{API}/claims/{claim.pk}/").json()
    assert set(body) == LIST_FIELDS | {"evidence", "links"}
    [evidence] = body["evidence"]
    assert (evidence["relation"], evidence["excerpt"], evidence["note"]) == (
        "appears_in",
        "As said.",
        "Verbatim.",
    )
    assert evidence["source"]["id"] == source.pk
    assert evidence["source"]["title"] == "RIA report"
    assert evidence["source"]["url"] == "https://ria.example/1"
    assert evidence["source"]["outlet"] == {
        "id": outlet.pk,
        "name": "RIA Novosti",
        "kind": "newspaper",
        "reliability": "F",
    }
    links = {link["claim"]["id"]: link for link in body["links"]}
    assert set(links) == {other.pk, earlier.pk}
    assert (links[other.pk]["kind"], links[other.pk]["direction"]) == ("same_statement", "outgoing")
    assert links[other.pk]["note"] == "Re-report"
    assert links[other.pk]["claim"]["text"] == "The same words, reported the next day."
    assert (links[earlier.pk]["kind"], links[earlier.pk]["direction"]) == ("supersedes", "incoming")


def test_links_to_unpublished_claims_are_hidden_from_the_public(anon, reader_api):
    claim = make_claim()
    draft = make_claim(Status.DRAFT, text="An unpublished draft the desk is still checking.")
    ClaimLinkFactory(from_claim=claim, to_claim=draft, kind="supports")
    for client in (anon, reader_api):
        response = client.get(f"{API}/claims/{claim.pk}/")
        assert response.status_code == 200
        assert b"still checking" not in response.content
        assert response.json()["links"] == []


def test_provenance_does_not_show_evidence_of_unpublished_claims(anon):
    from claims.recompute import credibility_recompute

    claim = make_claim()
    draft = make_claim(Status.DRAFT, appears_in=False)
    EvidenceFactory(claim=draft, relation="corroborates", excerpt="A draft's unchecked excerpt.")
    ClaimLinkFactory(from_claim=claim, to_claim=draft, kind="same_statement")
    credibility_recompute(claim_ids=[claim.pk, draft.pk])
    response = anon.get(f"{API}/claims/{claim.pk}/provenance/")
    assert response.status_code == 200
    assert b"unchecked excerpt" not in response.content


def test_provenance_of_a_published_claim(anon):
    claim = make_claim(appears_in=False)
    source = SourceFactory(title="Origin report")
    evidence = EvidenceFactory(claim=claim, source=source, excerpt="The quoted passage.")
    from claims.recompute import credibility_recompute

    credibility_recompute(claim_ids=[claim.pk])
    body = anon.get(f"{API}/claims/{claim.pk}/provenance/").json()
    assert body["claim"] == claim.pk
    assert body["speaker"]["id"] == claim.speaker_id
    assert body["outlet"]["id"] == claim.outlet_id
    assert body["grade"] == Claim.objects.get(pk=claim.pk).credibility
    [item] = body["evidence"]
    assert (item["id"], item["excerpt"]) == (evidence.pk, "The quoted passage.")
    assert item["chain"]["source"]["title"] == "Origin report"
    assert [line["kind"] for line in body["lines"]] == ["support"]


def test_history_lists_who_changed_what(editor_api, editor):
    claim = make_claim(Status.DRAFT)
    editor_api.patch(f"{API}/claims/{claim.pk}/", {"text": "A corrected text."}, format="json")
    history = editor_api.get(f"{API}/claims/{claim.pk}/history/").json()
    latest = history[0]
    assert (latest["user"], latest["type"], latest["reason"]) == (
        editor.username,
        "changed",
        "Edited",
    )
    assert {"field": "text", "old": claim.text, "new": "A corrected text."} in latest["changes"]
