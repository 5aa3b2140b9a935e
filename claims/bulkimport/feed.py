"""ClaimReview JSON-LD (as the product emits it, see claims/claimreview.py) as import rows.

A review becomes the same columns as a JSON Lines row, plus what only a feed carries: the
speaker's kind (from the author's @type) and the appearances (URL, headline, date, publisher):

- claimReviewed -> text; itemReviewed.author.name -> speaker; itemReviewed.datePublished ->
  stated_on; inLanguage -> language;
- reviewRating -> verdict: alternateName when it names one of our verdicts (or a common
  synonym), else ratingValue placed on the scale from worstRating to bestRating;
- reviewBody -> verdict_explanation, or when the feed has none, a line saying who rated it how;
- itemReviewed.appearance and firstAppearance -> "appears in" evidence; the publisher of the
  first appearance -> the claim's outlet.
"""

import re

from ..models import Speaker, Verdict


class FeedError(ValueError):
    """A ClaimReview that cannot be read as a claim (the message names the property)."""


_ORGANIZATION_TYPES = {"organization", "governmentorganization", "newsmediaorganization"}
_SCALE = [Verdict.FALSE, Verdict.MOSTLY_FALSE, Verdict.MIXED, Verdict.MOSTLY_TRUE, Verdict.TRUE]
_SYNONYMS = {
    "correct": Verdict.TRUE,
    "accurate": Verdict.TRUE,
    "mostly correct": Verdict.MOSTLY_TRUE,
    "mostly accurate": Verdict.MOSTLY_TRUE,
    "half true": Verdict.MIXED,
    "mixture": Verdict.MIXED,
    "mostly inaccurate": Verdict.MOSTLY_FALSE,
    "incorrect": Verdict.FALSE,
    "inaccurate": Verdict.FALSE,
    "fake": Verdict.FALSE,
    "pants on fire": Verdict.FALSE,
    "unproven": Verdict.UNVERIFIABLE,
    "unverified": Verdict.UNVERIFIABLE,
    "not verifiable": Verdict.UNVERIFIABLE,
}


def _key(value: str) -> str:
    return re.sub(r"[\s_\-!.]+", " ", value.casefold()).strip()


VERDICT_NAMES = {
    **_SYNONYMS,
    **{_key(v.value): v for v in Verdict},
    **{_key(str(v.label)): v for v in Verdict},
}


def is_claim_review(obj) -> bool:
    """True for a JSON object that is (or looks like) a schema.org ClaimReview."""
    if not isinstance(obj, dict):
        return False
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds or "claimReviewed" in obj


def _name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else ""


def _number(rating: dict, key: str, default: float | None) -> float | None:
    value = rating.get(key, default)
    try:
        return float(value) if value is not None and value != "" else default
    except (TypeError, ValueError) as error:
        raise FeedError(f"reviewRating: {key} {value!r} is not a number") from error


def rating_to_verdict(rating) -> str:
    """Our verdict for a reviewRating ("" when there is no rating)."""
    if not rating:
        return ""
    if not isinstance(rating, dict):
        raise FeedError("reviewRating: expected an object")
    name = rating.get("alternateName")
    if isinstance(name, str) and _key(name) in VERDICT_NAMES:
        return VERDICT_NAMES[_key(name)].value
    value = _number(rating, "ratingValue", None)
    best, worst = _number(rating, "bestRating", 5), _number(rating, "worstRating", 1)
    if value is None or best == worst:
        raise FeedError(
            f"reviewRating: cannot tell the verdict from alternateName {name!r} "
            "without a ratingValue on a bestRating-worstRating scale"
        )
    position = min(max((value - worst) / (best - worst), 0.0), 1.0)
    return _SCALE[round(position * (len(_SCALE) - 1))].value


def _date(value) -> str:
    """The date part of an ISO date or date-time, left for validation to judge."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    value = value.strip()
    return value[:10] if len(value) > 10 and value[10] in "T " else value


def _appearances(item: dict) -> list[dict]:
    found = []
    values = item.get("firstAppearance"), item.get("appearance")
    for value in values:
        for work in value if isinstance(value, list) else [value]:
            if isinstance(work, str):
                work = {"url": work}
            if not isinstance(work, dict) or not isinstance(work.get("url"), str):
                continue  # an appearance with no URL cannot be found again: left out
            found.append(
                {
                    "url": work["url"],
                    "title": work.get("headline") or work.get("name") or "",
                    "published": str(work.get("datePublished") or ""),
                    "publisher": _name(work.get("publisher")),
                }
            )
    return found


def _explanation(review: dict, rating: dict, verdict: str) -> str:
    body = review.get("reviewBody") or review.get("description") or ""
    if body or not verdict:
        return body if isinstance(body, str) else ""
    said = rating.get("alternateName") or f"{rating.get('ratingValue')}"
    reviewer = _name(review.get("author"))
    line = f'Rated "{said}"' + (f" by {reviewer}" if reviewer else "")
    url = review.get("url")
    return line + (f": {url}" if isinstance(url, str) and url else ".")


def review_to_row(review: dict) -> tuple[dict, dict]:
    """Map one ClaimReview object to import columns, and to what only a feed carries (the
    speaker's kind and the appearances). Raises FeedError."""
    item = review.get("itemReviewed") or {}
    if not isinstance(item, dict):
        raise FeedError("itemReviewed: expected an object")
    author = item.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    author_type = str(author.get("@type", "")) if isinstance(author, dict) else ""
    rating = review.get("reviewRating") or {}
    verdict = rating_to_verdict(rating)
    appearances = _appearances(item)
    row = {
        "text": review.get("claimReviewed") or "",
        "speaker": _name(author),
        "stated_on": _date(item.get("datePublished")),
        "verdict": verdict,
        "verdict_explanation": _explanation(review, rating, verdict),
    }
    language = review.get("inLanguage") or item.get("inLanguage")
    if isinstance(language, str):
        row["language"] = language
    publisher = next((a["publisher"] for a in appearances if a["publisher"]), "")
    if publisher:
        row["outlet"] = publisher
    kind = Speaker.Kind.ORGANIZATION if author_type.casefold() in _ORGANIZATION_TYPES else None
    return row, {"speaker_kind": kind or Speaker.Kind.PERSON, "appearances": appearances}
