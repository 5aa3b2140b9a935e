"""Keeping the sync feed whole: a claim whose representation changes gets a new `updated_at`.

Mirrors poll `claims/?updated_since=...&ordering=updated_at` and fetch what it returns, so a
claim must come back whenever what the API shows of it changes, even when the change is made
to another row. A claim shows its speaker (name, kind, role), its outlet (name, kind, rating),
its topics (slugs, in the topics' name order), the sources of its evidence with their outlets,
and the claims it is linked to (their text, speaker, status and grade). The services that change
those rows call `claims_touch_showing` with what changed: set-based UPDATEs, however many
claims they touch.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from .models import Claim


def claims_touch(claim_ids: Iterable[int]) -> None:
    """Mark claims as changed (their evidence or links did), so that sync consumers see them."""
    Claim.objects.filter(pk__in=list(claim_ids)).update(updated_at=timezone.now())


def linked_to(claims: Q) -> Q:
    """Claims linked, in either direction, to the claims matching `claims`."""
    ends = Claim.objects.filter(claims).values("pk")
    return Q(links_out__to_claim__in=ends) | Q(links_in__from_claim__in=ends)


def claims_touch_showing(
    *,
    speaker_ids: Iterable[int] = (),
    outlet_ids: Iterable[int] = (),
    source_ids: Iterable[int] = (),
    topic_ids: Iterable[int] = (),
    linked_claim_ids: Iterable[int] = (),
) -> None:
    """Touch every claim whose representation shows one of these speakers, outlets (as its own
    or as the outlet of a source of its evidence), sources, topics or linked claims."""
    speakers, outlets = list(speaker_ids), list(outlet_ids)
    sources, topics, linked = list(source_ids), list(topic_ids), list(linked_claim_ids)
    shown: list[Q] = []
    if speakers:
        shown += [Q(speaker_id__in=speakers), linked_to(Q(speaker_id__in=speakers))]
    if outlets:
        shown += [Q(outlet_id__in=outlets), Q(evidence__source__outlet_id__in=outlets)]
    if sources:
        shown.append(Q(evidence__source_id__in=sources))
    if topics:
        shown.append(Q(topics__in=topics))
    if linked:
        shown.append(linked_to(Q(pk__in=linked)))
    now = timezone.now()
    for condition in shown:
        # One UPDATE per condition, by id through a subquery: each uses its own index, where
        # one OR across the joins would scan the claims.
        ids = Claim.objects.filter(condition).values("pk")
        Claim.objects.filter(pk__in=ids).update(updated_at=now)
