"""schema.org ClaimReview JSON-LD for claims with a fact-check verdict.

Follows Google's required and recommended properties: claimReviewed, reviewRating (ratingValue,
bestRating, worstRating, alternateName), url, author, datePublished, and itemReviewed (a Claim
with its author, datePublished, appearance and firstAppearance from the evidence).
"""

import os
from functools import lru_cache

from django.utils.translation import get_language

from .models import Claim, Evidence, Speaker, Status, Verdict

# 5 is the best rating, 1 the worst. "Unverifiable" has no place on that scale: such a claim
# gets no ClaimReview (a rating with a made-up number would mislead search engines).
RATING = {
    Verdict.TRUE: 5,
    Verdict.MOSTLY_TRUE: 4,
    Verdict.MIXED: 3,
    Verdict.MOSTLY_FALSE: 2,
    Verdict.FALSE: 1,
}
REVIEWER = os.environ.get("CLAIMREVIEW_AUTHOR", "Claimtrail")


def claim_review_refusal(claim: Claim) -> str:
    """Why the claim has no ClaimReview, or "" when it has one."""
    if claim.status != Status.PUBLISHED:
        return "Only published claims have a ClaimReview."
    if not claim.verdict:
        return "This claim has no fact-check verdict, so it has no ClaimReview."
    if claim.verdict not in RATING:
        return (
            f"The verdict '{Verdict(claim.verdict).label}' has no rating on the true-false "
            "scale, so no ClaimReview is published for it."
        )
    return ""


def _date(value) -> str | None:
    return value.date().isoformat() if hasattr(value, "date") else (value and value.isoformat())


# What a ClaimReview shows of its claim, as a row (`ReviewWriter.review_row`).
REVIEW_COLUMNS = (
    "id", "text", "stated_on", "verdict", "verdict_explanation", "verdict_at", "published_at",
    "speaker__name", "speaker__kind", "speaker__role",
)  # fmt: skip

# What a ClaimReview shows of an "appears in" evidence row: its source and the source's outlet.
APPEARANCE_COLUMNS = (
    "id", "claim_id", "source__title", "source__url", "source__published_at",
    "source__outlet_id", "source__outlet__name",
)  # fmt: skip


def appearances_by_claim(claim_ids: list[int]) -> dict[int, list[dict]]:
    """The "appears in" evidence of these claims as rows (APPEARANCE_COLUMNS), first published
    first: one query, no model instances (the feed shows 50 claims a page)."""
    out: dict[int, list[dict]] = {pk: [] for pk in claim_ids}
    rows = Evidence.objects.filter(
        claim_id__in=claim_ids, relation=Evidence.Relation.APPEARS_IN
    ).values(*APPEARANCE_COLUMNS)
    for row in rows:
        out[row["claim_id"]].append(row)
    for found in out.values():
        found.sort(key=_first_published)
    return out


def _first_published(row: dict) -> tuple:
    published = row["source__published_at"]
    return (published is None, published, row["id"])


def _appearance_row(evidence: Evidence) -> dict:
    source = evidence.source
    return {
        "id": evidence.pk,
        "claim_id": evidence.claim_id,
        "source__title": source.title,
        "source__url": source.url,
        "source__published_at": source.published_at,
        "source__outlet_id": source.outlet_id,
        "source__outlet__name": source.outlet.name if source.outlet_id else None,
    }


def _appearance(row: dict) -> dict:
    work = {"@type": "CreativeWork", "headline": row["source__title"]}
    if row["source__url"]:
        work["url"] = row["source__url"]
    if row["source__published_at"]:
        work["datePublished"] = _date(row["source__published_at"])
    if row["source__outlet_id"]:
        work["publisher"] = {"@type": "Organization", "name": row["source__outlet__name"]}
    return work


@lru_cache(maxsize=64)
def _rating_name(verdict: str, language: str | None) -> str:
    """The verdict's label in the active language (the second argument is its key)."""
    return str(Verdict(verdict).label).capitalize()


def claim_review(claim: Claim, request, appearances: list[dict] | None = None) -> dict:
    """The ClaimReview of a claim that has one (see `claim_review_refusal`).

    `appearances`: the claim's rows from `appearances_by_claim`, when the caller read them for
    many claims at once; otherwise they come from `claim.evidence` (prefetched or not).
    """
    return ReviewWriter(request).review(claim, appearances)


class ReviewWriter:
    """Writes the ClaimReviews of one request. The site's address and the active language
    are looked up once: the feed writes 50 reviews a page, and looking them up for each
    (host validation and URL quoting twice a review, the language through a context-local)
    was about a tenth of a page's time."""

    def __init__(self, request) -> None:
        # `build_absolute_uri(path)` is this address with the path's rest appended (the
        # paths below are plain ASCII).
        self.site = request.build_absolute_uri("/")
        self.language = get_language()

    def review(self, claim: Claim, appearances: list[dict] | None = None) -> dict:
        """The ClaimReview of `claim` (see `claim_review`)."""
        if appearances is None:
            appearances = sorted(
                (
                    _appearance_row(e)
                    for e in claim.evidence.all()
                    if e.relation == Evidence.Relation.APPEARS_IN
                ),
                key=_first_published,
            )
        speaker = claim.speaker
        row = {
            "id": claim.pk,
            "text": claim.text,
            "stated_on": claim.stated_on,
            "verdict": claim.verdict,
            "verdict_explanation": claim.verdict_explanation,
            "verdict_at": claim.verdict_at,
            "published_at": claim.published_at,
            "speaker__name": speaker.name,
            "speaker__kind": speaker.kind,
            "speaker__role": speaker.role,
        }
        return self.review_row(row, appearances)

    def review_row(self, row: dict, appearances: list[dict]) -> dict:
        """The ClaimReview of a claim given as a row (REVIEW_COLUMNS) and its appearances'
        rows (`appearances_by_claim`): the feed reads its pages as rows."""
        author_type = "Person" if row["speaker__kind"] == Speaker.Kind.PERSON else "Organization"
        item = {
            "@type": "Claim",
            "author": {"@type": author_type, "name": row["speaker__name"]},
            "appearance": [_appearance(appearance) for appearance in appearances],
        }
        if row["stated_on"]:
            item["datePublished"] = _date(row["stated_on"])
        if row["speaker__role"]:
            role_key = "jobTitle" if author_type == "Person" else "description"
            item["author"][role_key] = row["speaker__role"]
        if appearances:
            item["firstAppearance"] = _appearance(appearances[0])
        verdict = row["verdict"]
        return {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{self.site}claims/{row['id']}/",
            "claimReviewed": row["text"],
            "datePublished": _date(row["verdict_at"] or row["published_at"]),
            "author": {"@type": "Organization", "name": REVIEWER, "url": self.site},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": RATING[verdict],
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": _rating_name(verdict, self.language),
            },
            "reviewBody": row["verdict_explanation"],
            "itemReviewed": item,
        }
