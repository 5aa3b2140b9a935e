"""Keeping computed credibility current: which claims a change touches, and recomputing them.

Set-based: claims are graded in batches (a fixed number of queries per batch) and written with
one bulk update and one bulk history insert per batch, so that a rating change touching
thousands of claims stays fast. Only claims whose grade or reasons changed are written.
"""

from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from sources.models import Citation, Source

from .assessment import assess_claims
from .bulk import history_bulk_create, update_rows
from .models import Claim, ClaimLink, Evidence
from .provenance import MAX_DEPTH
from .sync import claims_touch_showing

BATCH_SIZE = 1000
HISTORY_REASON = "Credibility recomputed"
GRADE_FIELDS = [
    "credibility_computed",
    "credibility",
    "credibility_reasons",
    "support_lines",
    "conflict_lines",
    "updated_at",
]


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@transaction.atomic
def credibility_recompute(
    *,
    claim_ids: Iterable[int],
    user=None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Recompute the computed grade and reasons of the claims; return how many changed."""
    ids = sorted(set(claim_ids))
    changed_total = 0
    now = timezone.now()
    for batch in _chunks(ids, batch_size):
        assessments = assess_claims(batch)
        changed, regraded = [], []
        for claim in Claim.objects.filter(id__in=batch):
            result = assessments.get(claim.id)
            if result is None:
                continue
            lines = (len(result.support), len(result.conflict))
            if (
                claim.credibility_computed,
                claim.credibility_reasons,
                claim.support_lines,
                claim.conflict_lines,
            ) == (result.grade, result.reasons, *lines):
                continue
            grade_before = claim.credibility
            claim.credibility_computed = result.grade
            claim.credibility_reasons = result.reasons
            claim.support_lines, claim.conflict_lines = lines
            claim.normalize()  # the effective grade follows
            claim.updated_at = now
            changed.append(claim)
            if claim.credibility != grade_before:
                regraded.append(claim.id)
        if changed:
            update_rows(Claim, GRADE_FIELDS, changed)
            history_bulk_create(
                Claim,
                changed,
                user=user if getattr(user, "is_authenticated", False) else None,
                reason=HISTORY_REASON,
            )
            if regraded:  # claims linked to these show their grade
                claims_touch_showing(linked_claim_ids=regraded)
        changed_total += len(changed)
        if progress:
            progress(len(batch))
    return changed_total


def claim_recompute(*, claim: Claim, user=None) -> Claim:
    """Recompute one claim (and nothing else) and return it fresh from the database."""
    credibility_recompute(claim_ids=[claim.pk], user=user)
    claim.refresh_from_db()
    return claim


# --- which claims a change touches -----------------------------------------------------------


def with_linked(claim_ids: Iterable[int]) -> set[int]:
    """The claims and every claim linked to them: links carry evidence across."""
    ids = set(claim_ids)
    if not ids:
        return ids
    for a, b in ClaimLink.objects.filter(
        Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids)
    ).values_list("from_claim_id", "to_claim_id"):
        ids.update((a, b))
    return ids


def sources_relaying(source_ids: Iterable[int]) -> set[int]:
    """The sources and every source that cites them, directly or through a chain."""
    ids = sorted(set(source_ids))
    if not ids:
        return set()
    source = connection.ops.quote_name(Source._meta.db_table)
    citation = connection.ops.quote_name(Citation._meta.db_table)
    sql = f"""
        WITH RECURSIVE up(id, depth) AS (
            SELECT id, 0 FROM {source} WHERE id IN ({", ".join(["%s"] * len(ids))})
          UNION
            SELECT c.citing_id, up.depth + 1 FROM up JOIN {citation} c ON c.cited_id = up.id
            WHERE up.depth < %s
        )
        SELECT DISTINCT id FROM up
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, MAX_DEPTH])
        return {row[0] for row in cursor.fetchall()}


def claims_using_sources(source_ids: Iterable[int]) -> set[int]:
    """Claims whose evidence rests on these sources or on anything relaying them."""
    sources = sources_relaying(source_ids)
    if not sources:
        return set()
    claims = set(Evidence.objects.filter(source_id__in=sources).values_list("claim_id", flat=True))
    return with_linked(claims)


def claims_of_outlets(outlet_ids: Iterable[int]) -> set[int]:
    """Claims whose lines may originate from these outlets' sources."""
    return claims_using_sources(
        Source.objects.filter(outlet_id__in=list(outlet_ids)).values_list("id", flat=True)
    )


def claims_of_speakers(speaker_ids: Iterable[int]) -> set[int]:
    """Claims made by these speakers, and the claims linked to them."""
    return with_linked(
        Claim.objects.filter(speaker_id__in=list(speaker_ids)).values_list("id", flat=True)
    )
