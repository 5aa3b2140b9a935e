"""Independent lines of evidence: pieces of evidence grouped by shared origin.

Two items are in the same line when their origins intersect, when they relay the same anonymous
speaker through the same outlet, or when they come from claims linked as the same statement.
"""

from dataclasses import dataclass, field

from .provenance import Graph
from .reasons import Reason, reason


@dataclass
class Item:
    """One piece of evidence as grading sees it."""

    evidence_id: int
    claim_id: int  # whose evidence it is: the claim graded, or a linked claim
    source_id: int
    relation: str
    conflicting: bool
    origins: frozenset[int]
    keys: frozenset = frozenset()  # extra identities that tie items into one line
    via_link: str = ""  # the link kind that brought it in, if any
    located: bool = True  # False: the source cites others, none recorded as carrying the claim


@dataclass
class Line:
    """A group of items with a common origin: one independent line of support or conflict."""

    kind: str  # "support" or "conflict"
    items: list[Item]
    weight: float
    origins: frozenset[int]
    relays: list[int] = field(default_factory=list)
    number: int = 0

    def origin_names(self, graph: Graph) -> str:
        return " / ".join(graph.sources[o].title for o in sorted(self.origins))

    @property
    def label(self) -> str:
        return self._label

    @property
    def located(self) -> bool:
        return all(item.located for item in self.items)

    def describe(self, graph: Graph) -> None:
        """Compute the editor-facing label: origins, then who relayed them."""
        relayers = sorted(
            {graph.sources[r].outlet_name or graph.sources[r].title for r in self.relays}
        )
        if self.located:
            self._label = self.origin_names(graph) + (
                f" (relayed by {', '.join(relayers)})" if relayers else ""
            )
        else:
            self._label = (
                f"{', '.join(relayers)}, which cites {self.origin_names(graph)} "
                "(not recorded which of them carries this statement)"
            )

    def reason(self, graph: Graph) -> Reason:
        grades = sorted({graph.sources[o].reliability for o in self.origins})
        outlets = sorted({graph.sources[o].outlet_name or "no outlet" for o in self.origins})
        return reason(
            f"{self.kind}_line",
            f"{self.kind.capitalize()} line {self.number}: {self.label}; origin outlet "
            f"{', '.join(outlets)} rated {'/'.join(grades)}; weight {self.weight:.2f}"
            + ("." if self.located else ", the weakest outlet involved."),
            sorted(self.origins | set(self.relays)),
            sorted({i.claim_id for i in self.items}),
        )


def build_lines(items: list[Item], weight: dict[int, float], graph: Graph, kind: str) -> list[Line]:
    """Group items into lines (union-find over shared origins and keys), numbered by weight."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict = {}
    for index, item in enumerate(items):
        for key in [("origin", o) for o in item.origins] + list(item.keys):
            if key in owner:
                parent[find(index)] = find(owner[key])
            else:
                owner[key] = index

    groups: dict[int, list[Item]] = {}
    for index, item in enumerate(items):
        groups.setdefault(find(index), []).append(item)

    lines = []
    for members in groups.values():
        origins = frozenset().union(*(m.origins for m in members))
        relays = sorted({m.source_id for m in members} - origins)
        line = Line(
            kind=kind,
            items=sorted(members, key=lambda m: m.evidence_id),
            weight=max(weight[id(m)] for m in members),
            origins=origins,
            relays=relays,
        )
        line.describe(graph)
        lines.append(line)
    lines.sort(key=lambda ln: (-ln.weight, min(ln.origins, default=0)))
    for number, line in enumerate(lines, start=1):
        line.number = number
    return lines
