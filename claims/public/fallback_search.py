"""A plain ORM search, used by the public pages until `sources.search` exists.

It has the same call and result shape as the search engine (`search(q, *, kinds, filters,
include_unpublished, limit, offset)` -> `.hits`, `.total`, `.total_is_estimate`), so the pages
do not care which one answers. Every word of the query must occur (case-insensitively) in a
claim's text, a source's title, a speaker's name or alias, or an outlet's name. Only published
claims are ever returned.

Filters: `outlet`, `speaker`, `credibility_min`, `credibility_max`, `date_from`, `date_to`.
A filter narrows every kind it applies to; a kind it cannot apply to (a credibility grade for
an outlet, say) is left out of the results while that filter is set.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from sources.models import Outlet, Source
from sources.text import clean_text

from ..models import Claim, Speaker, SpeakerAlias

KINDS = ("claim", "source", "speaker", "outlet")
MAX_TERMS = 8
SNIPPET_WIDTH = 240

# Which filters each kind understands.
APPLIES = {
    "claim": {"outlet", "speaker", "credibility_min", "credibility_max", "date_from", "date_to"},
    "source": {"outlet", "date_from", "date_to"},
    "speaker": {"speaker"},
    "outlet": {"outlet"},
}


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is, which object, a title and an escaped snippet with <mark>s."""

    kind: str
    object_id: int
    title: str
    snippet: SafeString
    score: float = 1.0


@dataclass
class SearchResults:
    """A page of hits and the number of all hits."""

    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False


def query_terms(q: str | None) -> list[str]:
    """The distinct words of the query (NFC, at most MAX_TERMS), in their order."""
    seen: dict[str, str] = {}
    for word in clean_text(q).split():
        seen.setdefault(word.casefold(), word)
    return list(seen.values())[:MAX_TERMS]


def highlight(text: str, terms: Sequence[str], width: int = SNIPPET_WIDTH) -> SafeString:
    """`text` escaped, cut to about `width` characters around the first match, matches marked."""
    text = text or ""
    pattern = (
        re.compile(
            "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
        )
        if terms
        else None
    )
    start = 0
    first = pattern.search(text) if pattern else None
    if first and len(text) > width:
        start = max(0, first.start() - width // 3)
    piece = text[start : start + width]
    parts = ["…"] if start else []
    position = 0
    for match in pattern.finditer(piece) if pattern else ():
        parts.append(escape(piece[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(piece[position:]))
    if start + width < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # every piece of user text above is escaped


def _all_terms(terms: Iterable[str], *lookups: str) -> Q:
    """Each term in at least one of the lookups."""
    condition = Q()
    for term in terms:
        either = Q()
        for lookup in lookups:
            either |= Q(**{f"{lookup}__icontains": term})
        condition &= either
    return condition


def _claims(terms: list[str], f: dict[str, Any]) -> QuerySet:
    qs = Claim.objects.published().with_related().filter(_all_terms(terms, "text"))
    lookups = {
        "outlet": "outlet_id",
        "speaker": "speaker_id",
        "credibility_min": "credibility__gte",
        "credibility_max": "credibility__lte",
        "date_from": "stated_on__gte",
        "date_to": "stated_on__lte",
    }
    return qs.filter(**{lookups[k]: v for k, v in f.items() if k in lookups})


def _sources(terms: list[str], f: dict[str, Any]) -> QuerySet:
    lookups = {
        "outlet": "outlet_id",
        "date_from": "published_at__date__gte",
        "date_to": "published_at__date__lte",
    }
    qs = Source.objects.select_related("outlet").filter(_all_terms(terms, "title"))
    return qs.filter(**{lookups[k]: v for k, v in f.items() if k in lookups})


def _speakers(terms: list[str], f: dict[str, Any]) -> QuerySet:
    condition = Q()
    for term in terms:
        by_alias = SpeakerAlias.objects.filter(name__icontains=term).values("speaker_id")
        condition &= Q(name__icontains=term) | Q(pk__in=by_alias)
    qs = Speaker.objects.filter(condition)
    return qs.filter(pk=f["speaker"]) if "speaker" in f else qs


def _outlets(terms: list[str], f: dict[str, Any]) -> QuerySet:
    qs = Outlet.objects.filter(_all_terms(terms, "name"))
    return qs.filter(pk=f["outlet"]) if "outlet" in f else qs


def _hit(kind: str, obj: Any, terms: list[str]) -> SearchHit:
    if kind == "claim":
        return SearchHit(kind, obj.pk, Truncator(obj.text).chars(90), highlight(obj.text, terms))
    if kind == "source":
        text = f"{obj.title} ({obj.outlet.name})" if obj.outlet_id else obj.title
        return SearchHit(kind, obj.pk, obj.title, highlight(text, terms))
    if kind == "speaker":
        text = f"{obj.name}, {obj.role}" if obj.role else obj.name
        return SearchHit(kind, obj.pk, obj.name, highlight(text, terms))
    return SearchHit(kind, obj.pk, obj.name, highlight(obj.name, terms))


QUERIES = {"claim": _claims, "source": _sources, "speaker": _speakers, "outlet": _outlets}


def search(
    q: str | None,
    *,
    kinds: Sequence[str] = KINDS,
    filters: dict[str, Any] | None = None,
    include_unpublished: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Hits of every kind asked for, claims first, then sources, speakers and outlets.

    `include_unpublished` is accepted for the engine's signature and ignored: this fallback
    serves the public pages only. Costs at most two queries per kind, whatever the page size.
    """
    terms = query_terms(q)
    given = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    querysets = [
        (kind, QUERIES[kind](terms, given))
        for kind in KINDS
        if kind in kinds and set(given) - {"kind"} <= APPLIES[kind]
    ]
    counted = [(kind, qs, qs.count()) for kind, qs in querysets]
    results = SearchResults(total=sum(n for _kind, _qs, n in counted))
    skip, wanted = max(0, offset), max(0, limit)
    for kind, qs, count in counted:
        if skip >= count:
            skip -= count
            continue
        if wanted <= 0:
            break
        rows = list(qs[skip : skip + wanted])
        results.hits += [_hit(kind, obj, terms) for obj in rows]
        wanted -= len(rows)
        skip = 0
    return results
