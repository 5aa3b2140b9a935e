import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import Claim, Evidence, Status
from claims.services import (
    InvalidTransition,
    claim_delete,
    claim_publish,
    claim_retract,
    claim_save,
    claim_submit_for_review,
    evidence_save,
    speaker_save,
)
from sources.services import outlet_save
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def claim_with_appearance(**kwargs) -> Claim:
    claim = ClaimFactory(**kwargs)
    EvidenceFactory(claim=claim, relation=Evidence.Relation.APPEARS_IN)
    return claim


def test_contributor_creates_a_draft_and_submits_it(contributor):
    claim = claim_save(
        claim=Claim(text="A new statement.", speaker=SpeakerFactory()), user=contributor
    )
    assert (claim.status, claim.created_by, claim.updated_by) == (
        Status.DRAFT,
        contributor,
        contributor,
    )
    claim_submit_for_review(claim=claim, user=contributor)
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW
    with pytest.raises(InvalidTransition):
        claim_submit_for_review(claim=claim, user=contributor)


def test_a_new_claim_starts_as_draft(editor):
    with pytest.raises(InvalidTransition):
        claim_save(
            claim=Claim(text="x", speaker=SpeakerFactory(), status=Status.PUBLISHED), user=editor
        )
    assert not Claim.objects.exists()


def test_contributor_cannot_publish_or_retract(contributor):
    claim = claim_with_appearance(status=Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        claim_publish(claim=claim, user=contributor)
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW


def test_user_without_a_role_cannot_do_anything():
    nobody = UserFactory()
    with pytest.raises(PermissionDenied):
        claim_save(claim=Claim(text="x", speaker=SpeakerFactory()), user=nobody)
    with pytest.raises(PermissionDenied):
        claim_submit_for_review(claim=ClaimFactory(), user=None)


def test_editor_publishes_and_retracts_with_a_reason(editor):
    claim = claim_with_appearance()
    claim_publish(claim=claim, user=editor)
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED and claim.published_at is not None
    with pytest.raises(ValidationError) as error:
        claim_retract(claim=claim, user=editor, reason="   ")
    assert "retraction_reason" in error.value.message_dict
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED
    claim_retract(claim=claim, user=editor, reason="The quote was misattributed.")
    claim.refresh_from_db()
    assert claim.status == Status.RETRACTED
    assert claim.retraction_reason == "The quote was misattributed."
    assert claim.retracted_at is not None


def test_publishing_needs_a_source_the_claim_appears_in(editor):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, relation=Evidence.Relation.CORROBORATES)
    with pytest.raises(ValidationError) as error:
        claim_publish(claim=claim, user=editor)
    assert "evidence" in error.value.message_dict
    claim.refresh_from_db()
    assert claim.status == Status.DRAFT


def test_only_published_claims_are_retracted(editor):
    with pytest.raises(InvalidTransition):
        claim_retract(claim=ClaimFactory(), user=editor, reason="No.")


def test_published_claim_cannot_be_deleted_by_the_service(editor):
    claim = claim_with_appearance()
    claim_publish(claim=claim, user=editor)
    with pytest.raises(InvalidTransition):
        claim_delete(claim=claim, user=editor)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_contributor_deletes_own_draft_but_not_a_claim_in_review(contributor):
    draft = ClaimFactory()
    claim_delete(claim=draft, user=contributor)
    assert not Claim.objects.filter(pk=draft.pk).exists()
    in_review = ClaimFactory(status=Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        claim_delete(claim=in_review, user=contributor)


def test_contributor_edits_drafts_only(contributor, editor):
    claim = claim_with_appearance()
    claim_publish(claim=claim, user=editor)
    claim.text = "Edited by a contributor."
    with pytest.raises(PermissionDenied):
        claim_save(claim=claim, user=contributor)
    claim.refresh_from_db()
    assert claim.text != "Edited by a contributor."


def test_status_changes_only_through_the_workflow(editor):
    claim = ClaimFactory()
    claim.status = Status.IN_REVIEW
    with pytest.raises(InvalidTransition):
        claim_save(claim=claim, user=editor)


def test_override_and_verdict_are_for_editors(contributor, editor):
    claim = ClaimFactory()
    claim.credibility_override = 1
    claim.credibility_override_reason = "I am sure."
    with pytest.raises(PermissionDenied):
        claim_save(claim=claim, user=contributor)
    claim = Claim.objects.get(pk=claim.pk)
    claim.verdict, claim.verdict_explanation = "true", "Checked."
    with pytest.raises(PermissionDenied):
        claim_save(claim=claim, user=contributor)
    claim.credibility_override = 1
    claim.credibility_override_reason = "Confirmed by our correspondent."
    claim_save(claim=claim, user=editor)
    claim.refresh_from_db()
    assert (claim.credibility, claim.verdict, claim.verdict_at is not None) == (1, "true", True)


def test_override_without_reason_is_refused_by_the_service(editor):
    claim = ClaimFactory()
    claim.credibility_override = 2
    with pytest.raises(ValidationError):
        claim_save(claim=claim, user=editor)
    claim.refresh_from_db()
    assert claim.credibility_override is None


def test_contributor_changes_evidence_of_drafts_only(contributor, editor):
    claim = claim_with_appearance()
    evidence_save(
        evidence=Evidence(claim=claim, source=SourceFactory(), relation="corroborates"),
        user=contributor,
    )
    claim_publish(claim=claim, user=editor)
    with pytest.raises(PermissionDenied):
        evidence_save(
            evidence=Evidence(claim=claim, source=SourceFactory(), relation="conflicts"),
            user=contributor,
        )
    assert claim.evidence.count() == 2


def test_rating_outlets_and_speakers_is_for_editors(contributor, editor):
    speaker = SpeakerFactory()
    speaker.reliability, speaker.reliability_rationale = "B", "Long record of accuracy."
    with pytest.raises(PermissionDenied):
        speaker_save(speaker=speaker, user=contributor)
    speaker_save(speaker=speaker, user=editor)
    outlet = OutletFactory()
    outlet.reliability, outlet.reliability_rationale = "A", "Wire of record."
    with pytest.raises(PermissionDenied):
        outlet_save(outlet=outlet, user=contributor)
    outlet_save(outlet=outlet, user=editor)
    outlet.refresh_from_db()
    assert outlet.reliability == "A"


def test_workflow_writes_history_with_user_and_reason(editor):
    claim = claim_with_appearance()
    claim_publish(claim=claim, user=editor)
    claim_retract(claim=claim, user=editor, reason="Misquoted.")
    latest = claim.history.order_by("-history_id")[:2]
    assert [(h.status, h.history_user, h.history_change_reason) for h in latest] == [
        (Status.RETRACTED, editor, "Retracted: Misquoted."),
        (Status.PUBLISHED, editor, "Published"),
    ]
