"""The credibility rule of docs/confidence.md, case by case."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.assessment import assess_claims
from claims.models import Claim, Evidence, Speaker
from claims.recompute import claim_recompute
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def outlet(grade: str):
    return OutletFactory(reliability=grade, reliability_rationale=f"Rated {grade} in tests.")


def source(grade: str = "C", **kwargs):
    return SourceFactory(outlet=outlet(grade), **kwargs)


def evidence(claim, src, relation=Evidence.Relation.APPEARS_IN):
    return EvidenceFactory(claim=claim, source=src, relation=relation)


def graded(claim: Claim) -> Claim:
    return claim_recompute(claim=claim)


def anonymous():
    return SpeakerFactory(kind=Speaker.Kind.ANONYMOUS, name="a source")


def codes(claim: Claim) -> list[str]:
    return [r["code"] for r in claim.credibility_reasons]


def test_no_evidence_cannot_be_judged():
    claim = graded(ClaimFactory())
    assert claim.credibility_computed == 6
    assert codes(claim) == ["grade_no_evidence"]


@pytest.mark.parametrize("grade", ["A", "B", "C", "D", "E", "F"])
def test_one_appearance_through_one_outlet_anonymous_is_no_better_than_3(grade):
    claim = ClaimFactory(speaker=anonymous())
    evidence(claim, source(grade))
    claim = graded(claim)
    assert claim.credibility_computed >= 3
    assert "anonymous_speaker" in codes(claim)


def test_republications_of_the_same_report_do_not_change_the_grade():
    tass_report = source("C", title="TASS report")
    claim = ClaimFactory()
    evidence(claim, tass_report)
    before = graded(claim)
    grade_before = before.credibility_computed
    for relay_grade in ["D", "B"]:
        relay = source(relay_grade)
        CitationFactory(citing=relay, cited=tass_report, kind="republishes")
        evidence(claim, relay)
    after = graded(claim)
    assert after.credibility_computed == grade_before
    assert codes(after).count("support_line") == 1
    assert "relay_not_counted" in codes(after)


def test_relays_without_the_report_itself_on_file_are_still_one_line():
    tass_report = source("C")
    claim = ClaimFactory()
    for relay_grade in ["D", "B", "A"]:
        relay = source(relay_grade)
        CitationFactory(citing=relay, cited=tass_report)
        evidence(claim, relay)
    claim = graded(claim)
    assert codes(claim).count("support_line") == 1
    assert claim.credibility_computed >= 3


@pytest.mark.parametrize("grades", [("A", "A"), ("A", "B"), ("B", "B")])
@pytest.mark.parametrize("anonymous_speaker", [False, True])
def test_two_independent_origins_from_reliable_outlets_give_1_or_2(grades, anonymous_speaker):
    claim = ClaimFactory(speaker=anonymous() if anonymous_speaker else SpeakerFactory())
    evidence(claim, source(grades[0]))
    evidence(claim, source(grades[1]), Evidence.Relation.CORROBORATES)
    claim = graded(claim)
    assert claim.credibility_computed in (1, 2)
    assert codes(claim).count("support_line") == 2


def test_two_named_statements_from_a_grade_outlets_confirm():
    claim = ClaimFactory()
    evidence(claim, source("A"))
    evidence(claim, source("A"))
    assert graded(claim).credibility_computed == 1


@pytest.mark.parametrize("conflict_grade", ["A", "B", "C"])
def test_a_conflicting_line_from_a_reliable_outlet_lowers_the_grade_to_4_or_5(conflict_grade):
    claim = ClaimFactory()
    evidence(claim, source("A"))
    evidence(claim, source("B"), Evidence.Relation.CORROBORATES)
    assert graded(claim).credibility_computed in (1, 2)
    evidence(claim, source(conflict_grade), Evidence.Relation.CONFLICTS)
    claim = graded(claim)
    assert claim.credibility_computed in (4, 5)
    assert "conflict_line" in codes(claim)


def test_a_weak_conflict_lowers_the_grade_by_one_step():
    claim = ClaimFactory()
    evidence(claim, source("A"))
    evidence(claim, source("A"))
    evidence(claim, source("E"), Evidence.Relation.CONFLICTS)
    claim = graded(claim)
    assert claim.credibility_computed == 2
    assert codes(claim)[0] == "grade_weak_conflict"


def test_only_conflicting_evidence_is_improbable():
    claim = ClaimFactory()
    evidence(claim, source("B"), Evidence.Relation.CONFLICTS)
    assert graded(claim).credibility_computed == 5


def test_override_wins_and_the_computed_grade_and_reasons_stay_visible():
    claim = ClaimFactory()
    evidence(claim, source("A"))
    claim = graded(claim)
    computed, reasons = claim.credibility_computed, claim.credibility_reasons
    claim.credibility_override = 1
    claim.credibility_override_reason = "Confirmed on the record by both delegations."
    claim.save()
    claim = graded(claim)
    assert (claim.credibility, claim.credibility_computed) == (1, computed)
    assert claim.credibility_reasons == reasons


def test_the_same_evidence_always_gives_the_same_grade_and_reasons():
    report = source("C")
    relay = source("D")
    CitationFactory(citing=relay, cited=report)
    claim = ClaimFactory(speaker=anonymous())
    evidence(claim, relay)
    evidence(claim, report)
    evidence(claim, source("B"), Evidence.Relation.CORROBORATES)
    evidence(claim, source("C"), Evidence.Relation.CONFLICTS)
    first = assess_claims([claim.pk])[claim.pk]
    for _ in range(3):
        again = assess_claims([claim.pk])[claim.pk]
        assert (again.grade, again.reasons) == (first.grade, first.reasons)
    claim = graded(claim)
    history = claim.history.count()
    assert graded(claim).credibility_reasons == first.reasons
    assert claim.history.count() == history  # nothing changed, nothing written


def test_citation_cycles_end_and_count_as_one_line():
    a, b, c = source("A"), source("A"), source("A")
    CitationFactory(citing=a, cited=b)
    CitationFactory(citing=b, cited=c)
    CitationFactory(citing=c, cited=a)
    claim = ClaimFactory()
    evidence(claim, a)
    evidence(claim, b, Evidence.Relation.CORROBORATES)
    claim = graded(claim)
    assert codes(claim).count("support_line") == 1


def test_anonymous_source_relayed_twice_through_the_same_outlet_is_one_line():
    tass = outlet("C")
    speaker = anonymous()
    first = ClaimFactory(speaker=speaker, outlet=tass)
    second = ClaimFactory(speaker=speaker, outlet=tass)
    evidence(first, SourceFactory(outlet=tass))
    evidence(second, SourceFactory(outlet=tass))
    ClaimLinkFactory(from_claim=second, to_claim=first, kind="supports")
    first = graded(first)
    assert codes(first).count("support_line") == 1


def test_same_statement_links_make_one_line():
    first, second = ClaimFactory(), ClaimFactory()
    evidence(first, source("A"))
    evidence(second, source("A"))
    ClaimLinkFactory(from_claim=second, to_claim=first, kind="same_statement")
    first = graded(first)
    assert codes(first).count("support_line") == 1
    assert "link_same_statement" in codes(first)


def test_a_same_statement_link_to_a_claim_without_appearances_keeps_origins_apart():
    claim, duplicate = ClaimFactory(), ClaimFactory()
    evidence(claim, source("A"))
    evidence(claim, source("A"))
    assert graded(claim).credibility_computed == 1
    ClaimLinkFactory(from_claim=duplicate, to_claim=claim, kind="same_statement")
    claim = graded(claim)
    assert claim.credibility_computed == 1
    assert codes(claim).count("support_line") == 2


def test_a_re_report_of_the_same_statement_adds_no_line():
    claim, re_report = ClaimFactory(), ClaimFactory()
    evidence(claim, source("B"))
    evidence(re_report, source("A"))
    ClaimLinkFactory(from_claim=re_report, to_claim=claim, kind="same_statement")
    claim = graded(claim)
    assert codes(claim).count("support_line") == 1
    assert claim.credibility_computed == 3


def test_contradicts_links_appear_as_conflict():
    claim, other = ClaimFactory(), ClaimFactory()
    evidence(claim, source("A"))
    evidence(other, source("B"))
    ClaimLinkFactory(from_claim=other, to_claim=claim, kind="contradicts")
    claim = graded(claim)
    assert claim.credibility_computed in (4, 5)
    assert "link_contradicts" in codes(claim) and "conflict_line" in codes(claim)


def test_supersedes_points_readers_to_the_newer_claim():
    old, new = ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=new, to_claim=old, kind="supersedes")
    old = graded(old)
    texts = [r["text"] for r in old.credibility_reasons]
    assert f"Superseded by claim #{new.pk}: read the newer claim." in texts


def test_grading_takes_a_bounded_number_of_queries():
    """100 evidence links and a 10-deep citation chain: at most 5 queries."""
    chain = [source("C") for _ in range(11)]
    for citing, cited in itertools.pairwise(chain):
        CitationFactory(citing=citing, cited=cited)
    claim = ClaimFactory()
    evidence(claim, chain[0])
    for _ in range(99):
        relay = source("D")
        CitationFactory(citing=relay, cited=chain[0])
        evidence(claim, relay)
    with CaptureQueriesContext(connection) as queries:
        result = assess_claims([claim.pk])[claim.pk]
    assert len(queries) <= 5
    line_reasons = [r for r in result.reasons if r["code"] == "support_line"]
    assert len(line_reasons) == 1
    assert chain[-1].pk in line_reasons[0]["sources"]  # the origin at depth 10
