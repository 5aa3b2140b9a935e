"""Writes to claims, with their rules: who may do what, and in which status.

Every function here is the one way to make its change: the admin, the API, management commands
and imports call these, so the rules and the history are the same whichever door is used.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sources.search import search_index_update
from sources.services import current_values, rated_save, stored_values
from sources.services import record_history as _record
from sources.services import require_perm as _require
from sources.versioning import version_bump

from .models import Claim, ClaimLink, Evidence, Speaker, Status, Topic
from .recompute import claims_of_speakers, credibility_recompute, with_linked
from .sync import claims_touch, claims_touch_showing
from .tasks import credibility_refresh

User = AbstractBaseUser | AnonymousUser | None


class InvalidTransition(ValidationError):
    """The claim's status does not allow the requested step."""


def _stored(claim: Claim) -> Claim | None:
    if claim.pk is None:
        return None
    return Claim.objects.filter(pk=claim.pk).first()


@transaction.atomic
def claim_save(*, claim: Claim, user: User, reason: str = "") -> Claim:
    """Create or update a claim's editable fields as `user`.

    Contributors edit drafts only; overriding credibility and giving a verdict are for editors.
    The status never changes here: use the workflow services below.
    """
    before = _stored(claim)
    if before is None:
        _require(user, "claims.add_claim", "You may not create claims.")
        if claim.status != Status.DRAFT:
            raise InvalidTransition({"status": "A new claim starts as a draft."})
        claim.created_by = user if getattr(user, "is_authenticated", False) else None
    else:
        _require(user, "claims.change_claim", "You may not edit claims.")
        if claim.status != before.status:
            raise InvalidTransition(
                {"status": "The status changes only through submit, publish or retract."}
            )
        if before.is_frozen:
            raise InvalidTransition({"status": "A retracted claim is kept as it was."})
        if before.status != Status.DRAFT and not user.has_perm("claims.publish_claim"):
            raise PermissionDenied("Contributors edit drafts only.")

    overridden = (claim.credibility_override, claim.credibility_override_reason)
    if overridden != (
        (before.credibility_override, before.credibility_override_reason) if before else (None, "")
    ):
        _require(user, "claims.override_credibility", "Only editors override credibility.")
    verdict = (claim.verdict, claim.verdict_explanation)
    if verdict != ((before.verdict, before.verdict_explanation) if before else ("", "")):
        _require(user, "claims.publish_claim", "Only editors give a verdict.")
        claim.verdict_at = timezone.now() if claim.verdict else None

    claim.updated_by = user if getattr(user, "is_authenticated", False) else None
    version_bump(claim)  # before validating: the version may be unset
    claim.full_clean()
    _record(claim, user, reason or ("Created" if before is None else "Edited"))
    claim.save()
    shown = ("text", "speaker_id", "credibility")  # what linked claims show of this one
    if before is not None and current_values(before, *shown) != current_values(claim, *shown):
        claims_touch_showing(linked_claim_ids=[claim.pk])
    if before is None or (before.speaker_id, before.outlet_id) != (
        claim.speaker_id,
        claim.outlet_id,
    ):
        # Who spoke and through which outlet weigh in the grade.
        credibility_recompute(claim_ids=with_linked([claim.pk]), user=user)
        claim.refresh_from_db()
    search_index_update("claim", [claim.pk])  # search index
    return claim


@transaction.atomic
def claim_submit_for_review(*, claim: Claim, user: User) -> Claim:
    """Draft -> in review: the author asks an editor to check the claim."""
    _require(user, "claims.change_claim", "You may not submit claims for review.")
    if claim.status != Status.DRAFT:
        raise InvalidTransition(
            {
                "status": "Only a draft can be submitted; "
                f"this claim is {claim.get_status_display()}."
            }
        )
    claim.status = Status.IN_REVIEW
    return _save_workflow(claim, user, "Submitted for review")


@transaction.atomic
def claim_publish(*, claim: Claim, user: User) -> Claim:
    """Draft or in review -> published. Needs a source the claim appears in."""
    _require(user, "claims.publish_claim", "Only editors publish claims.")
    if claim.status not in (Status.DRAFT, Status.IN_REVIEW):
        raise InvalidTransition(
            {
                "status": f"Only a draft or a claim in review can be published; this claim is "
                f"{claim.get_status_display()}."
            }
        )
    if not claim.evidence.filter(relation=Evidence.Relation.APPEARS_IN).exists():
        raise ValidationError(
            {"evidence": "A claim needs at least one source it appears in before it is published."}
        )
    claim.status = Status.PUBLISHED
    claim.published_at = timezone.now()
    return _save_workflow(claim, user, "Published")


@transaction.atomic
def claim_retract(*, claim: Claim, user: User, reason: str) -> Claim:
    """Published -> retracted, with the reason readers will see. Nothing is deleted."""
    _require(user, "claims.retract_claim", "Only editors retract claims.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"retraction_reason": "A retraction needs a reason."})
    if claim.status != Status.PUBLISHED:
        raise InvalidTransition(
            {
                "status": f"Only a published claim can be retracted; this claim is "
                f"{claim.get_status_display()}."
            }
        )
    claim.status = Status.RETRACTED
    claim.retracted_at = timezone.now()
    claim.retraction_reason = reason
    return _save_workflow(claim, user, f"Retracted: {reason}")


def _save_workflow(claim: Claim, user: User, reason: str) -> Claim:
    claim.updated_by = user if getattr(user, "is_authenticated", False) else None
    version_bump(claim)  # before validating: the version may be unset
    claim.full_clean()
    _record(claim, user, reason)
    claim.save()
    claims_touch_showing(linked_claim_ids=[claim.pk])  # their links show its status
    search_index_update("claim", [claim.pk])  # search index
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim, user: User) -> None:
    """Delete a claim that was never published. A published claim is retracted instead."""
    _require(user, "claims.delete_claim", "You may not delete claims.")
    if claim.has_been_public:
        raise InvalidTransition(
            {"status": "A published claim cannot be deleted; retract it with a reason instead."}
        )
    if claim.status != Status.DRAFT and not user.has_perm("claims.publish_claim"):
        raise PermissionDenied("Contributors delete drafts only.")
    version_bump(claim)  # refuses to delete what someone changed meanwhile
    _record(claim, user, "Deleted")
    claim_id = claim.pk
    linked = with_linked([claim_id]) - {claim_id}  # their links to it go with it
    claim.delete()
    search_index_update("claim", [claim_id])  # search index
    if linked:
        credibility_recompute(claim_ids=with_linked(linked), user=user)
        claims_touch(sorted(linked))


def _require_claim_editable(claim: Claim, user: User) -> None:
    """Evidence and links belong to their claim: whoever may edit the claim may edit them."""
    if claim.is_frozen:
        raise InvalidTransition({"claim": "A retracted claim is kept as it was."})
    if claim.status != Status.DRAFT and not user.has_perm("claims.publish_claim"):
        raise PermissionDenied("Contributors change the evidence of drafts only.")


@transaction.atomic
def evidence_save(*, evidence: Evidence, user: User) -> Evidence:
    """Attach or edit a piece of evidence on a claim."""
    creating = evidence.pk is None
    _require(
        user,
        "claims.add_evidence" if creating else "claims.change_evidence",
        "You may not change evidence.",
    )
    _require_claim_editable(evidence.claim, user)
    # Evidence moved to another claim leaves the old one: that claim changes too.
    (old_claim,) = stored_values(evidence, "claim_id") or (None,)
    if old_claim not in (None, evidence.claim_id):
        _require_claim_editable(Claim.objects.get(pk=old_claim), user)
    if creating and getattr(user, "is_authenticated", False):
        evidence.created_by = user
    version_bump(evidence)  # before validating: the version may be unset
    evidence.full_clean()
    _record(evidence, user, "Added" if creating else "Edited")
    evidence.save()
    touched = sorted({old_claim, evidence.claim_id} - {None})
    credibility_recompute(claim_ids=with_linked(touched), user=user)
    claims_touch(touched)
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user: User) -> None:
    """Remove a piece of evidence from a claim (kept in history)."""
    _require(user, "claims.delete_evidence", "You may not remove evidence.")
    _require_claim_editable(evidence.claim, user)
    version_bump(evidence)  # refuses to remove what someone changed meanwhile
    _record(evidence, user, "Removed")
    claim_id = evidence.claim_id
    evidence.delete()
    credibility_recompute(claim_ids=with_linked([claim_id]), user=user)
    claims_touch([claim_id])


@transaction.atomic
def claim_link_save(*, link: ClaimLink, user: User) -> ClaimLink:
    """Link two claims (same statement, supports, contradicts, supersedes)."""
    creating = link.pk is None
    _require(
        user,
        "claims.add_claimlink" if creating else "claims.change_claimlink",
        "You may not link claims.",
    )
    _require_claim_editable(link.from_claim, user)
    # A link moved to other claims leaves its old ends: they change too.
    old_from, old_to = stored_values(link, "from_claim_id", "to_claim_id") or (None, None)
    if old_from not in (None, link.from_claim_id):
        _require_claim_editable(Claim.objects.get(pk=old_from), user)
    if creating and getattr(user, "is_authenticated", False):
        link.created_by = user
    link.full_clean()
    _record(link, user, "Linked" if creating else "Edited")
    link.save()
    touched = sorted({old_from, old_to, link.from_claim_id, link.to_claim_id} - {None})
    credibility_recompute(claim_ids=with_linked(touched), user=user)
    claims_touch(touched)
    return link


@transaction.atomic
def claim_link_delete(*, link: ClaimLink, user: User) -> None:
    """Remove a link between two claims (kept in history)."""
    _require(user, "claims.delete_claimlink", "You may not unlink claims.")
    _require_claim_editable(link.from_claim, user)
    _record(link, user, "Unlinked")
    ends = [link.from_claim_id, link.to_claim_id]
    link.delete()
    credibility_recompute(claim_ids=with_linked(ends), user=user)
    claims_touch(ends)


@transaction.atomic
def speaker_save(*, speaker: Speaker, user: User, reason: str = "") -> Speaker:
    """Create or edit a speaker; its reliability grade is for editors only."""
    shown = ("name", "kind", "role")  # what a claim shows of its speaker
    before = stored_values(speaker, *shown)
    kind_before = before[shown.index("kind")] if before else None
    speaker, rating_changed = rated_save(
        speaker, user=user, perm_prefix="claims", rate_perm="claims.rate_speaker", reason=reason
    )
    if before and before != current_values(speaker, *shown):
        claims_touch_showing(speaker_ids=[speaker.pk])
    if rating_changed or (kind_before and kind_before != speaker.kind):
        # Anonymous speakers and rated speakers weigh differently in every claim they made.
        credibility_refresh(claim_ids=claims_of_speakers([speaker.pk]), user=user)
    search_index_update("speaker", [speaker.pk])  # search index (and the speaker's claims)
    return speaker


@transaction.atomic
def topic_save(*, topic: Topic, user: User) -> Topic:
    """Create or rename a topic. Claims show their topics' slugs in name order: a changed name
    or slug marks the topic's claims as changed for sync consumers."""
    creating = topic.pk is None
    _require(
        user,
        "claims.add_topic" if creating else "claims.change_topic",
        "You may not change topics.",
    )
    before = stored_values(topic, "name", "slug")
    topic.full_clean()
    topic.save()
    if before is not None and before != current_values(topic, "name", "slug"):
        claims_touch_showing(topic_ids=[topic.pk])
    return topic
