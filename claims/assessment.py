"""Reads everything grading needs for a batch of claims, in a fixed number of queries.

Queries, whatever the batch size, evidence count or chain depth: the links touching the batch,
the facts of the claims involved, their evidence, and one recursive walk of the citation graph.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from .credibility import Assessment, ClaimFacts, judge
from .lines import Item
from .models import Claim, ClaimLink, Evidence, Speaker
from .provenance import Graph, walk_sources

APPEARS_IN = Evidence.Relation.APPEARS_IN
CONFLICTS = Evidence.Relation.CONFLICTS


def assess_claims(claim_ids: Iterable[int]) -> dict[int, Assessment]:
    """Compute the grade and reasons of each claim (nothing is written)."""
    context = load_context(claim_ids)
    return {cid: judge(cid, *context.inputs_for(cid)) for cid in context.claim_ids}


class Context:
    """The evidence, links and citation graph around a batch of claims."""

    def __init__(self, claim_ids, links, facts, evidence, graph):
        self.claim_ids: list[int] = claim_ids
        self.links: list[ClaimLink] = links
        self.facts: dict[int, ClaimFacts] = facts
        self.evidence: dict[int, list[tuple[int, int, str]]] = evidence  # claim -> (id, src, rel)
        self.graph: Graph = graph
        self.links_of: dict[int, list[ClaimLink]] = defaultdict(list)
        for link in links:
            self.links_of[link.from_claim_id].append(link)
            self.links_of[link.to_claim_id].append(link)

    def carriers(self, claim_id: int) -> set[int]:
        """The sources the claim appears in."""
        return {src for _id, src, rel in self.evidence.get(claim_id, ()) if rel == APPEARS_IN}

    def origins(self, claim_id: int, source_id: int) -> tuple[list[frozenset[int]], bool]:
        """Origins of a piece of evidence, narrowed to the chains that carry this claim.

        Returns one origin set per chain, and whether the chain is known. An article that
        relays a wire report *and* other material counts only the report as the origin of a
        statement that also appears in that report (relay narrowing); relaying two reports
        that both carry it does not merge them. When the source cites others but none of them
        is recorded as carrying the claim, the origins are all that it cites, and the chain is
        unknown: such evidence weighs as the weakest outlet involved.
        """
        walks = self.graph.walks
        carriers = self.carriers(claim_id)
        relayed = walks[source_id].reached & carriers
        deepest = sorted(t for t in relayed if not (walks[t].reached & carriers))
        if deepest:
            return [frozenset(walks[t].origins) for t in deepest], True
        origins = frozenset(walks[source_id].origins)
        return [origins], origins == {source_id} or not walks[source_id].reached

    def items_of(self, claim_id: int, *, conflicting_as: bool | None, keys=(), via="") -> list:
        facts = self.facts[claim_id]
        result = []
        for evidence_id, source_id, relation in self.evidence.get(claim_id, ()):
            conflicting = relation == CONFLICTS
            if conflicting_as is not None:
                if conflicting:  # a linked claim's conflicts bear on it, not on us
                    continue
                conflicting = conflicting_as
            item_keys = set(keys) if relation == APPEARS_IN else set()
            if relation == APPEARS_IN and facts.speaker_anonymous:
                item_keys.add(("anonymous", facts.speaker_id, facts.outlet_id))
            chains, located = self.origins(claim_id, source_id)
            result.extend(
                Item(
                    evidence_id=evidence_id,
                    claim_id=claim_id,
                    source_id=source_id,
                    relation=relation,
                    conflicting=conflicting,
                    origins=origins,
                    keys=frozenset(item_keys),
                    via_link=via,
                    located=located,
                )
                for origins in chains
            )
        return result

    def inputs_for(self, claim_id: int):
        """Items (own evidence and evidence through links), graph, facts and links of a claim.

        Same-statement links put a linked claim's appearances in one line with this claim's
        own: a re-report is not corroboration. Only appearances join it, and only when there
        is one on the other side: a link to a claim with no appearance leaves this claim's
        independent origins apart.
        """
        links = sorted(self.links_of.get(claim_id, []), key=lambda lk: lk.pk)
        statement = ("statement", claim_id)
        items = []
        for link in links:
            other = link.to_claim_id if link.from_claim_id == claim_id else link.from_claim_id
            if link.kind == ClaimLink.Kind.SAME_STATEMENT:
                items += self.items_of(
                    other, conflicting_as=False, keys=(statement,), via=link.kind
                )
            elif link.kind == ClaimLink.Kind.SUPPORTS and link.to_claim_id == claim_id:
                items += self.items_of(other, conflicting_as=False, via=link.kind)
            elif link.kind == ClaimLink.Kind.CONTRADICTS:
                items += self.items_of(other, conflicting_as=True, via=link.kind)
        restated = any(statement in item.keys for item in items)
        own = self.items_of(claim_id, conflicting_as=None, keys=(statement,) if restated else ())
        return own + items, self.graph, self.facts, links


def load_context(claim_ids: Iterable[int]) -> Context:
    ids = sorted(set(claim_ids))
    links = list(
        ClaimLink.objects.filter(Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids)).only(
            "id", "from_claim_id", "to_claim_id", "kind"
        )
    )
    involved = set(ids) | {lk.from_claim_id for lk in links} | {lk.to_claim_id for lk in links}
    facts = {
        cid: ClaimFacts(
            id=cid,
            speaker_id=speaker_id,
            speaker_name=name,
            speaker_anonymous=kind == Speaker.Kind.ANONYMOUS,
            speaker_reliability=reliability,
            outlet_id=outlet_id,
            status=status,
        )
        for cid, speaker_id, name, kind, reliability, outlet_id, status in Claim.objects.filter(
            id__in=involved
        ).values_list(
            "id",
            "speaker_id",
            "speaker__name",
            "speaker__kind",
            "speaker__reliability",
            "outlet_id",
            "status",
        )
    }
    evidence: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for evidence_id, claim_id, source_id, relation in (
        Evidence.objects.filter(claim_id__in=involved)
        .order_by("id")
        .values_list("id", "claim_id", "source_id", "relation")
    ):
        evidence[claim_id].append((evidence_id, source_id, relation))
    graph = walk_sources({src for rows in evidence.values() for _id, src, _rel in rows})
    return Context([i for i in ids if i in facts], links, facts, evidence, graph)
