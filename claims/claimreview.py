"""schema.org ClaimReview JSON-LD for claims with a fact-check verdict.

Follows Google's required and recommended properties: claimReviewed, reviewRating (ratingValue,
bestRating, worstRating, alternateName), url, author, datePublished, and itemReviewed (a Claim
with its author, datePublished, appearance and firstAppearance from the evidence).
"""

import os

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


def _appearance(evidence: Evidence) -> dict:
    source = evidence.source
    work = {"@type": "CreativeWork", "headline": source.title}
    if source.url:
        work["url"] = source.url
    if source.published_at:
        work["datePublished"] = _date(source.published_at)
    if source.outlet_id:
        work["publisher"] = {"@type": "Organization", "name": source.outlet.name}
    return work


def claim_review(claim: Claim, request) -> dict:
    """The ClaimReview of a claim that has one (see `claim_review_refusal`)."""
    appearances = sorted(
        (e for e in claim.evidence.all() if e.relation == Evidence.Relation.APPEARS_IN),
        key=lambda e: (e.source.published_at is None, e.source.published_at, e.pk),
    )
    speaker = claim.speaker
    author_type = "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization"
    item = {
        "@type": "Claim",
        "author": {"@type": author_type, "name": speaker.name},
        "appearance": [_appearance(e) for e in appearances],
    }
    if claim.stated_on:
        item["datePublished"] = _date(claim.stated_on)
    if speaker.role:
        item["author"]["jobTitle" if author_type == "Person" else "description"] = speaker.role
    if appearances:
        item["firstAppearance"] = _appearance(appearances[0])
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": request.build_absolute_uri(f"/claims/{claim.pk}/"),
        "claimReviewed": claim.text,
        "datePublished": _date(claim.verdict_at or claim.published_at),
        "author": {
            "@type": "Organization",
            "name": REVIEWER,
            "url": request.build_absolute_uri("/"),
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING[claim.verdict],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": Verdict(claim.verdict).label.capitalize(),
        },
        "reviewBody": claim.verdict_explanation,
        "itemReviewed": item,
    }
