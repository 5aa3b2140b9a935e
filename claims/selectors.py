"""Reads of claims that are more than a queryset: the provenance chain.

`claim_provenance()` is the one source of the chain shown in the admin, the API and the public
pages: speaker -> outlet told -> sources the claim appears in (and sources bearing on it) -> the
sources they cite -> origins, with the independent lines marked. It is plain data (JSON-ready).
"""

from .assessment import load_context
from .credibility import judge
from .models import Claim, Evidence, LinkKind
from .provenance import Graph, Walk


def _source(graph: Graph, source_id: int) -> dict:
    info = graph.sources[source_id]
    return {
        "id": info.id,
        "title": info.title,
        "outlet": info.outlet_name or None,
        "outlet_id": info.outlet_id,
        "reliability": info.reliability,
    }


def _tree(
    walk: Walk, node: int, kind: str, graph: Graph, path: tuple[int, ...], line_origins=()
) -> dict:
    """The citation tree below a source, each branch ending at an origin (or a cycle)."""
    children = sorted(
        (child, child_kind) for parent, child, child_kind in walk.edges if parent == node
    )
    branches = [
        _tree(walk, child, child_kind, graph, (*path, node), line_origins)
        for child, child_kind in children
        if child not in path and child != node
    ]
    return {
        "source": _source(graph, node),
        "citation_kind": kind or None,
        "is_origin": node in walk.origins,
        "origin_of_line": node in line_origins,
        "cites": branches,
    }


def claim_provenance(claim: Claim, *, public: bool = False) -> dict:
    """The claim's provenance chain and independent lines, as data.

    `public`: for readers outside the newsroom, evidence that comes through a linked claim
    which is not published is left out of the chain (the grade still counts it).
    """
    context = load_context([claim.pk])
    if claim.pk not in context.facts:
        return {"claim": claim.pk, "evidence": [], "lines": [], "reasons": []}
    assessment = judge(claim.pk, *context.inputs_for(claim.pk))
    graph = context.graph

    line_of: dict[tuple[int, int], dict] = {}
    lines = []
    for line in assessment.support + assessment.conflict:
        entry = {
            "kind": line.kind,
            "number": line.number,
            "weight": line.weight,
            "label": line.label,
            "origins": [_source(graph, o) for o in sorted(line.origins)],
            "relayed_by": [_source(graph, r) for r in line.relays],
            "evidence": sorted({i.evidence_id for i in line.items}),
        }
        lines.append(entry)
        for item in line.items:
            line_of[(item.evidence_id, item.claim_id)] = entry

    notes = dict(
        Evidence.objects.filter(
            pk__in={i for entry in lines for i in entry["evidence"]}
        ).values_list("pk", "excerpt")
    )
    evidence = []
    seen = set()
    hidden = (
        {
            cid
            for cid, facts in context.facts.items()
            if cid != claim.pk and facts.status != "published"
        }
        if public
        else set()
    )
    for line in assessment.support + assessment.conflict:
        for item in line.items:
            if item.evidence_id in seen or item.claim_id in hidden:
                continue
            seen.add(item.evidence_id)
            entry = line_of[(item.evidence_id, item.claim_id)]
            evidence.append(
                {
                    "id": item.evidence_id,
                    "relation": item.relation,
                    "relation_label": Evidence.Relation(item.relation).label,
                    "counts_as": "conflict" if item.conflicting else "support",
                    "claim": item.claim_id,
                    "via_link": item.via_link or None,
                    "via_link_label": LinkKind(item.via_link).label if item.via_link else None,
                    "excerpt": notes.get(item.evidence_id, ""),
                    "line": {"kind": entry["kind"], "number": entry["number"]},
                    "chain": _tree(
                        graph.walks[item.source_id],
                        item.source_id,
                        "",
                        graph,
                        (),
                        {o["id"] for o in entry["origins"]},
                    ),
                }
            )
    evidence.sort(key=lambda e: (e["line"]["kind"] != "support", e["line"]["number"], e["id"]))
    speaker = claim.speaker
    outlet = claim.outlet
    return {
        "claim": claim.pk,
        "speaker": {
            "id": speaker.pk,
            "name": speaker.name,
            "kind": speaker.kind,
            "role": speaker.role,
        },
        "outlet": {"id": outlet.pk, "name": outlet.name, "reliability": outlet.reliability}
        if outlet
        else None,
        "grade": assessment.grade,
        "evidence": evidence,
        "lines": lines,
        "reasons": assessment.reasons,
    }


HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def claim_history(claim: Claim) -> list[dict]:
    """Every recorded change to the claim, newest first: who, when, why, and field by field."""
    records = list(claim.history.select_related("history_user").order_by("history_id"))
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [{"field": c.field, "old": c.old, "new": c.new} for c in delta.changes]
        entries.append(
            {
                "id": record.history_id,
                "at": record.history_date,
                "user": record.history_user.get_username() if record.history_user else None,
                "type": HISTORY_TYPES.get(record.history_type, record.history_type),
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
        previous = record
    return entries[::-1]


def provenance_lines(chain: dict, *, visible: set[int] | None = None) -> list[dict]:
    """The chain's lines for drawing: each source once per line, with every way it bears on it.

    Evidence of the claim and of linked claims often rests on the same source; drawing its
    citation tree once per line, with "appears in; appears in (through claim #6, same
    statement)" beside it, shows that it counts once. With `visible`, evidence that comes from
    other claims is kept only for those claim ids, and lines left empty are dropped (readers
    outside the newsroom see published claims only).
    """
    lines = []
    for line in chain["lines"]:
        by_source: dict[int, dict] = {}
        for ev in chain["evidence"]:
            if ev["id"] not in line["evidence"]:
                continue
            if visible is not None and ev["claim"] not in visible:
                continue
            how = ev["relation_label"]
            if ev["via_link"]:
                how += f" (through claim #{ev['claim']}, {ev['via_link_label']})"
            entry = by_source.setdefault(
                ev["chain"]["source"]["id"], {"chain": ev["chain"], "how": []}
            )
            if how not in entry["how"]:
                entry["how"].append(how)
        if by_source or visible is None:
            lines.append({**line, "sources": list(by_source.values())})
    return lines
