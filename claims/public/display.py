"""What the public templates show, computed from models and `claim_provenance()` data.

Kept apart from the views so each piece can be tested and reused: search hits ready to draw,
the credibility spread of a speaker or outlet (one aggregate query), the provenance chain
grouped by independent line with only published claims named, and JSON-LD made safe to embed.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ..models import Claim, Credibility
from ..selectors import provenance_lines

KIND_LABELS = {"claim": "Claim", "source": "Source", "speaker": "Speaker", "outlet": "Outlet"}
URL_NAMES = {
    "claim": "public:claim",
    "source": "public:source",
    "speaker": "public:speaker",
    "outlet": "public:outlet",
}

# Inside <script>, "</script>" or "<!--" in a string would end or confuse the element; JSON
# allows these characters written as \u escapes, which no HTML parser reads as markup.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_MARK_TAG = re.compile(r"(</?mark>)")


def ld_json(data: Any) -> SafeString:
    """`data` as JSON that can sit inside <script type="application/ld+json"> unbroken."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=True)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def safe_snippet(snippet: str) -> SafeString:
    """A search snippet with no markup but <mark>: whatever the engine sent, nothing breaks out.

    The engine promises escaped HTML with <mark> around matches; any other "<" or ">" (a bug
    upstream) is escaped here, so a snippet can never inject markup. Entities pass unchanged.
    """
    parts = _MARK_TAG.split(str(snippet or ""))
    cleaned = [
        part if _MARK_TAG.fullmatch(part) else part.replace("<", "&lt;").replace(">", "&gt;")
        for part in parts
    ]
    opened = sum(1 for p in parts if p == "<mark>") - sum(1 for p in parts if p == "</mark>")
    return mark_safe("".join(cleaned) + "</mark>" * max(0, opened))


@dataclass
class Hit:
    """A search hit ready for the template; `claim` is set for claim hits."""

    kind: str
    kind_label: str
    url: str
    title: str
    snippet: SafeString
    claim: Claim | None = None


def present_hits(hits: list) -> list[Hit]:
    """Hits with their URLs and, for claims, the claim with speaker and outlet (one query).

    A claim hit whose claim is not published is dropped: the public pages show no other.
    """
    claim_ids = [h.object_id for h in hits if h.kind == "claim"]
    claims = Claim.objects.published().with_related().in_bulk(claim_ids) if claim_ids else {}
    shown = []
    for h in hits:
        if h.kind not in URL_NAMES or (h.kind == "claim" and h.object_id not in claims):
            continue
        shown.append(
            Hit(
                kind=h.kind,
                kind_label=KIND_LABELS[h.kind],
                url=reverse(URL_NAMES[h.kind], args=[h.object_id]),
                title=h.title,
                snippet=safe_snippet(h.snippet),
                claim=claims.get(h.object_id),
            )
        )
    return shown


def grade_spread(claims: QuerySet) -> dict[str, Any]:
    """How many of the claims have each grade 1-6, with bar widths, in one aggregate query."""
    counts = dict(
        claims.order_by()
        .values("credibility")
        .annotate(n=Count("pk"))
        .values_list("credibility", "n")
    )
    total = sum(counts.values())
    largest = max(counts.values(), default=0)
    rows = [
        {
            "grade": grade.value,
            "label": grade.label,
            "count": counts.get(grade.value, 0),
            "width": round(100 * counts.get(grade.value, 0) / largest) if largest else 0,
        }
        for grade in Credibility
    ]
    return {"rows": rows, "total": total}


def public_lines(chain: dict, claim_id: int, published: set[int]) -> list[dict]:
    """The chain's lines as readers see them: evidence of linked claims that are not published
    is left out (their excerpts are not public), and a line left with no evidence is dropped."""
    return provenance_lines(chain, visible={claim_id} | set(published))


def linked_claim_ids(chain: dict, claim_id: int) -> set[int]:
    """The other claims whose evidence the chain draws on."""
    return {ev["claim"] for ev in chain["evidence"]} - {claim_id}


def is_web_link(url: str) -> bool:
    """Only http(s) addresses become links (never javascript: or data: ones)."""
    return url.lower().startswith(("http://", "https://"))
