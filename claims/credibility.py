"""Credibility on the Admiralty scale, from independent lines of evidence. The rule is in
docs/confidence.md; this module is its one implementation.

Reading is separated from judging: `load_assessments()` fetches everything for a batch of claims
in a fixed number of queries, and `judge()` is a pure function of that data, so the same
evidence always gives the same grade and the same reasons.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .lines import Item, Line, build_lines
from .models import ClaimLink, Credibility, Evidence
from .provenance import Graph
from .reasons import Reason, reason

# Weight of a line by the reliability of the outlet it originates from (Admiralty A-F).
OUTLET_WEIGHT = {"A": 1.0, "B": 0.85, "C": 0.65, "D": 0.4, "E": 0.15, "F": 0.4}
# A statement's weight is scaled by who made it. An unrated speaker (F) is neutral.
SPEAKER_FACTOR = {"A": 1.0, "B": 1.0, "C": 0.9, "D": 0.7, "E": 0.5, "F": 1.0}
ANONYMOUS_FACTOR = 0.6
STRONG_LINE = 0.8  # an A/B origin with a named (or rated) speaker
RELIABLE_CONFLICT = 0.6  # a conflicting line from a C-or-better origin
PROBABLE_SUPPORT = 1.0  # total weight of two or more lines that makes a claim probably true
WEAK_SINGLE_LINE = 0.35  # a single line weaker than this leaves a claim doubtful


@dataclass(frozen=True)
class ClaimFacts:
    """What grading needs to know of a claim (its own or a linked one)."""

    id: int
    speaker_id: int
    speaker_name: str
    speaker_anonymous: bool
    speaker_reliability: str
    outlet_id: int | None
    status: str = "published"


@dataclass
class Assessment:
    """A computed grade, its reasons, and the lines behind it."""

    grade: int
    reasons: list[dict]
    support: list[Line] = field(default_factory=list)
    conflict: list[Line] = field(default_factory=list)


def speaker_factor(facts: ClaimFacts) -> float:
    if facts.speaker_anonymous:
        return ANONYMOUS_FACTOR
    return SPEAKER_FACTOR.get(facts.speaker_reliability, 1.0)


def item_weight(item: Item, graph: Graph, claims: dict[int, ClaimFacts]) -> float:
    """The best outlet among the item's origins, scaled by the speaker for a statement.

    When the chain is unknown (the source cites several others, none recorded as carrying the
    claim), the weakest outlet involved, the relaying source's own included, decides.
    """
    weights = [
        OUTLET_WEIGHT[graph.sources[o].reliability] for o in item.origins if o in graph.sources
    ]
    if item.located:
        outlet = max(weights, default=OUTLET_WEIGHT["F"])
    else:
        own = OUTLET_WEIGHT[graph.sources[item.source_id].reliability]
        outlet = min([*weights, own])
    if item.relation == Evidence.Relation.APPEARS_IN:
        outlet *= speaker_factor(claims[item.claim_id])
    return round(outlet, 4)


def grade_from_lines(support: list[float], conflict: list[float]) -> tuple[int, str]:
    """The grade and the code of the rule that decided it, from the lines' weights."""
    n, total = len(support), sum(support)
    if not support and not conflict:
        return Credibility.CANNOT_BE_JUDGED, "no_evidence"
    if not support:
        return Credibility.IMPROBABLE, "only_conflict"
    if n >= 2 and sum(w >= STRONG_LINE for w in support) >= 2:
        base, rule = Credibility.CONFIRMED, "confirmed"
    elif n >= 2 and total >= PROBABLE_SUPPORT:
        base, rule = Credibility.PROBABLY_TRUE, "probable"
    elif n >= 2 or support[0] >= WEAK_SINGLE_LINE:
        base, rule = Credibility.POSSIBLY_TRUE, "possible" if n >= 2 else "single_line"
    else:
        base, rule = Credibility.DOUBTFUL, "weak_single_line"
    if not conflict:
        return base, rule
    if max(conflict) >= RELIABLE_CONFLICT:
        if sum(conflict) >= total:
            return Credibility.IMPROBABLE, "conflict_outweighs"
        return max(base, Credibility.DOUBTFUL), "reliable_conflict"
    return min(base + 1, Credibility.IMPROBABLE), "weak_conflict"


GRADE_TEXT = {
    "no_evidence": "No evidence yet: the truth cannot be judged.",
    "only_conflict": "Only conflicting evidence: improbable.",
    "confirmed": "Confirmed: {n} independent lines, at least two from reliable origins.",
    "probable": "Probably true: {n} independent lines of support.",
    "possible": "Possibly true: {n} independent lines, but none strong enough to confirm.",
    "single_line": "Possibly true: a single line of support, not confirmed independently.",
    "weak_single_line": "Doubtful: a single, weak line of support.",
    "reliable_conflict": "Doubtful: a reliable source conflicts with it.",
    "conflict_outweighs": "Improbable: the conflicting evidence weighs at least as much as the "
    "support.",
    "weak_conflict": "Conflicting evidence from a weak source lowers the grade by one step.",
}


def judge(
    claim_id: int,
    items: list[Item],
    graph: Graph,
    claims: dict[int, ClaimFacts],
    links: list[ClaimLink],
) -> Assessment:
    """Grade one claim from its evidence items (own and through links)."""
    support_items = [i for i in items if not i.conflicting]
    conflict_items = [i for i in items if i.conflicting]
    weight = {id(i): item_weight(i, graph, claims) for i in items}
    support = build_lines(support_items, weight, graph, "support")
    conflict = build_lines(conflict_items, weight, graph, "conflict")
    grade, rule = grade_from_lines([ln.weight for ln in support], [ln.weight for ln in conflict])

    reasons: list[Reason] = [reason(f"grade_{rule}", GRADE_TEXT[rule].format(n=len(support)), [])]
    if support:
        names = "; ".join(ln.label for ln in support)
        reasons.append(
            reason(
                "independent_origins",
                f"{len(support)} independent origin{'s' if len(support) > 1 else ''}: {names}.",
                sorted({o for ln in support for o in ln.origins}),
            )
        )
    for ln in support + conflict:
        reasons.append(ln.reason(graph))
    reasons.extend(_relay_reasons(support + conflict, graph))
    reasons.extend(_speaker_reasons(claim_id, claims))
    reasons.extend(_link_reasons(claim_id, links))
    return Assessment(grade=int(grade), reasons=list(reasons), support=support, conflict=conflict)


def _relay_reasons(lines: list[Line], graph: Graph) -> Iterable[Reason]:
    for ln in lines:
        for relay in ln.relays:
            info = graph.sources[relay]
            yield reason(
                "relay_not_counted",
                f"{info.title} ({info.outlet_name or 'no outlet'}) relays "
                f"{ln.origin_names(graph)}: counted once, not as confirmation.",
                [relay, *sorted(ln.origins)],
            )


def _speaker_reasons(claim_id: int, claims: dict[int, ClaimFacts]) -> Iterable[Reason]:
    facts = claims[claim_id]
    if facts.speaker_anonymous:
        yield reason(
            "anonymous_speaker",
            f"The speaker ({facts.speaker_name}) is anonymous: the statement weighs "
            f"{ANONYMOUS_FACTOR:.0%} of a named speaker's.",
            [],
        )
    elif facts.speaker_reliability in ("C", "D", "E"):
        yield reason(
            "speaker_reliability",
            f"The speaker is rated {facts.speaker_reliability}: the statement weighs "
            f"{SPEAKER_FACTOR[facts.speaker_reliability]:.0%}.",
            [],
        )


def _link_reasons(claim_id: int, links: list[ClaimLink]) -> Iterable[Reason]:
    for link in sorted(links, key=lambda lk: (lk.kind, lk.from_claim_id, lk.to_claim_id)):
        other = link.to_claim_id if link.from_claim_id == claim_id else link.from_claim_id
        if link.kind == ClaimLink.Kind.SAME_STATEMENT:
            text = f"Claim #{other} is the same statement: its evidence counts in the same line."
        elif link.kind == ClaimLink.Kind.CONTRADICTS:
            text = f"Contradicted by claim #{other}: its evidence counts as conflict."
        elif link.kind == ClaimLink.Kind.SUPPORTS and link.to_claim_id == claim_id:
            text = f"Supported by claim #{other}: its evidence counts as support."
        elif link.kind == ClaimLink.Kind.SUPERSEDES and link.to_claim_id == claim_id:
            text = f"Superseded by claim #{other}: read the newer claim."
        else:
            continue
        yield reason(f"link_{link.kind}", text, [], claims=[other])
