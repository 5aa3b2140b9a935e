"""Grades stay current: every change that bears on a grade recomputes the claims it touches."""

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimLink, Evidence, Speaker, Status
from claims.recompute import HISTORY_REASON
from claims.services import (
    InvalidTransition,
    claim_delete,
    claim_link_save,
    claim_publish,
    claim_retract,
    claim_save,
    evidence_delete,
    evidence_save,
    speaker_save,
)
from sources.models import Citation, Outlet
from sources.services import citation_delete, citation_save, outlet_save
from tests.factories import ClaimFactory, OutletFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def rated_source(grade):
    return SourceFactory(
        outlet=OutletFactory(reliability=grade, reliability_rationale="Rated in tests.")
    )


def fresh(claim):
    return Claim.objects.get(pk=claim.pk)


def add(claim, source, editor, relation=Evidence.Relation.APPEARS_IN):
    return evidence_save(
        evidence=Evidence(claim=claim, source=source, relation=relation), user=editor
    )


def test_a_new_claim_gets_its_reasons(editor):
    claim = claim_save(claim=Claim(text="New.", speaker=SpeakerFactory()), user=editor)
    assert claim.credibility_reasons[0]["code"] == "grade_no_evidence"


def test_evidence_changes_recompute_the_claim_with_history(editor):
    claim = ClaimFactory()
    first = add(claim, rated_source("A"), editor)
    add(claim, rated_source("A"), editor, Evidence.Relation.CORROBORATES)
    assert fresh(claim).credibility_computed == 1
    latest = fresh(claim).history.latest()
    assert (latest.history_change_reason, latest.history_user) == (HISTORY_REASON, editor)
    evidence_delete(evidence=first, user=editor)
    assert fresh(claim).credibility_computed == 3


def test_a_new_citation_merges_two_lines_and_removing_it_splits_them(editor):
    claim = ClaimFactory()
    report, article = rated_source("A"), rated_source("A")
    add(claim, report, editor)
    add(claim, article, editor)
    assert fresh(claim).credibility_computed == 1
    citation = citation_save(citation=Citation(citing=article, cited=report), user=editor)
    assert fresh(claim).credibility_computed == 3
    citation_delete(citation=citation, user=editor)
    assert fresh(claim).credibility_computed == 1


def test_a_citation_deep_in_a_chain_reaches_the_claims_above_it(editor):
    claim = ClaimFactory()
    top, middle, bottom = rated_source("A"), rated_source("A"), rated_source("A")
    add(claim, top, editor)
    add(claim, bottom, editor, Evidence.Relation.CORROBORATES)
    citation_save(citation=Citation(citing=top, cited=middle), user=editor)
    assert fresh(claim).credibility_computed == 1
    citation_save(citation=Citation(citing=middle, cited=bottom), user=editor)
    assert fresh(claim).credibility_computed == 3


def test_an_outlet_rating_change_recomputes_every_claim_resting_on_it(editor):
    outlet = OutletFactory(reliability="E", reliability_rationale="Fabrications on record.")
    claims = [ClaimFactory() for _ in range(5)]
    for claim in claims:
        add(claim, SourceFactory(outlet=outlet), editor)
        add(claim, rated_source("A"), editor, Evidence.Relation.CORROBORATES)
    assert {fresh(c).credibility_computed for c in claims} == {2}
    outlet = Outlet.objects.get(pk=outlet.pk)
    outlet.reliability, outlet.reliability_rationale = "A", "Re-rated after review."
    outlet_save(outlet=outlet, user=editor)
    assert {fresh(c).credibility_computed for c in claims} == {1}
    assert all(fresh(c).history.latest().history_change_reason == HISTORY_REASON for c in claims)


def test_a_speaker_becoming_anonymous_or_rated_recomputes_their_claims(editor):
    speaker = SpeakerFactory()
    claim = ClaimFactory(speaker=speaker)
    add(claim, rated_source("A"), editor)
    add(claim, rated_source("A"), editor)
    assert fresh(claim).credibility_computed == 1
    speaker = Speaker.objects.get(pk=speaker.pk)
    speaker.kind = Speaker.Kind.ANONYMOUS
    speaker_save(speaker=speaker, user=editor)
    # One anonymous source through the outlet it told is one line, however often it appears.
    assert fresh(claim).credibility_computed == 3
    speaker.kind = Speaker.Kind.PERSON
    speaker.reliability, speaker.reliability_rationale = "E", "Repeatedly misstated facts."
    speaker_save(speaker=speaker, user=editor)
    assert fresh(claim).credibility_computed == 2


def contradicted(editor) -> tuple[Claim, Claim, ClaimLink]:
    """Two claims from A-rated sources, the second contradicting the first."""
    claim, rival = ClaimFactory(), ClaimFactory()
    add(claim, rated_source("A"), editor)
    add(rival, rated_source("A"), editor)
    link = claim_link_save(
        link=ClaimLink(from_claim=rival, to_claim=claim, kind="contradicts"), user=editor
    )
    return claim, rival, link


def test_links_recompute_both_claims(editor):
    claim, rival, _link = contradicted(editor)
    assert fresh(claim).credibility_computed in (4, 5)
    assert fresh(rival).credibility_computed in (4, 5)


def test_moving_evidence_to_another_claim_recomputes_both(editor):
    claim, other = ClaimFactory(), ClaimFactory()
    piece = add(claim, rated_source("A"), editor)
    assert fresh(claim).credibility_computed == 3
    piece.claim = other
    evidence_save(evidence=piece, user=editor)
    assert fresh(claim).credibility_computed == 6
    assert fresh(other).credibility_computed == 3


def test_moving_evidence_off_a_retracted_claim_is_refused(editor):
    claim, other = ClaimFactory(), ClaimFactory()
    piece = add(claim, rated_source("A"), editor)
    claim_publish(claim=fresh(claim), user=editor)
    claim_retract(claim=fresh(claim), user=editor, reason="Misattributed.")
    piece = Evidence.objects.get(pk=piece.pk)
    piece.claim = other
    with pytest.raises(InvalidTransition):
        evidence_save(evidence=piece, user=editor)
    assert Evidence.objects.get(pk=piece.pk).claim_id == claim.pk


def test_moving_a_link_recomputes_its_old_end(editor):
    claim, _rival, link = contradicted(editor)
    bystander = ClaimFactory()
    assert fresh(claim).credibility_computed in (4, 5)
    link.to_claim = bystander
    claim_link_save(link=link, user=editor)
    assert fresh(claim).credibility_computed == 3
    assert fresh(bystander).credibility_computed == 5


def test_deleting_a_claim_recomputes_the_claims_it_was_linked_to(editor):
    claim, rival, _link = contradicted(editor)
    assert fresh(claim).credibility_computed in (4, 5)
    claim_delete(claim=fresh(rival), user=editor)
    claim = fresh(claim)
    assert claim.credibility_computed == 3
    assert "link_contradicts" not in [r["code"] for r in claim.credibility_reasons]
    assert claim.history.latest().history_change_reason == HISTORY_REASON


def test_recompute_command_all(capsys):
    claim = ClaimFactory()
    Evidence.objects.create(claim=claim, source=rated_source("A"))  # bypassing the services
    assert fresh(claim).credibility_reasons == []
    call_command("recompute_credibility", "--all")
    assert "1 changed" in capsys.readouterr().out
    assert fresh(claim).credibility_computed == 3


def test_demo_grades_make_sense_to_an_editor():
    call_command("load_demo")
    tass_third_round = Claim.objects.filter(text__icontains="third round", status=Status.PUBLISHED)
    assert tass_third_round.count() == 2
    assert all(c.credibility_computed >= 3 for c in tass_third_round)
    for c in tass_third_round:
        assert sum(r["code"] == "support_line" for r in c.credibility_reasons) == 1
    exchange = Claim.objects.filter(text__icontains="prisoner", status=Status.PUBLISHED)
    assert exchange.count() == 2
    best_third_round = min(c.credibility_computed for c in tass_third_round)
    for c in exchange:
        assert c.credibility_computed < best_third_round, c
        assert sum(r["code"] == "support_line" for r in c.credibility_reasons) == 2
        assert "2 independent origins" in c.credibility_reasons[1]["text"]
    assert all(c.credibility_reasons for c in Claim.objects.all())


def test_admin_claim_page_shows_chain_grade_and_reasons(editor_client):
    call_command("load_demo")
    claim = Claim.objects.get(text__startswith="The third round of negotiations")
    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert 'class="ct-chain"' in page and "Read down: each indented item" in page
    assert "TASS report on the Istanbul talks" in page and "Pravda.Ru" in page
    assert "Support line 1" in page
    assert "Possibly true: a single line of support" in page
    assert 'title="the origin of this line">origin</span>' in page
