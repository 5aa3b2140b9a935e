"""The demo data: the Istanbul-talks article, its outlets, speakers and 15 attributed statements.

`demo_load()` is idempotent: every row is found by its natural key before it is created, so
running it twice creates nothing new. The data lives beside this module (istanbul-talks.json and
the article text); nothing outside the project is read.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from sources.models import Citation, Outlet, OutletDomain, Source
from sources.search import search_index_update
from sources.text import matching_key

from ..models import Claim, ClaimLink, Evidence, Speaker, SpeakerAlias, Status, Topic
from ..recompute import credibility_recompute

DATA_DIR = Path(__file__).resolve().parent
DATA_FILE = DATA_DIR / "istanbul-talks.json"
HISTORY_REASON = "Loaded demo data"


@dataclass
class LoadReport:
    """What a load created, by kind of row (zero everywhere on a second run)."""

    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, was_created: bool) -> None:
        self.created[kind] = self.created.get(kind, 0) + int(was_created)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _ensure(model, lookup: dict, defaults: dict, report: LoadReport, kind: str):
    """Find a row by its natural key, or validate and create it; count what was created."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup, **defaults)
        obj._change_reason = HISTORY_REASON
        obj.full_clean()
        obj.save()
    report.count(kind, created)
    return obj


def load_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def demo_load() -> LoadReport:
    """Load the demo article and its claims; return what was created."""
    data = load_data()
    report = LoadReport()

    outlets = {}
    for spec in data["outlets"]:
        spec = dict(spec)
        domains = spec.pop("domains")
        name = spec.pop("name")
        outlet = Outlet.objects.filter(match_key=matching_key(name)).first()
        if outlet is None:
            outlet = _ensure(Outlet, {"name": name}, spec, report, "outlets")
        else:
            report.count("outlets", False)
        for domain in domains:
            _ensure(OutletDomain, {"domain": domain}, {"outlet": outlet}, report, "domains")
        outlets[name] = outlet

    topics = {
        spec["slug"]: _ensure(
            Topic, {"slug": spec["slug"]}, {"name": spec["name"]}, report, "topics"
        )
        for spec in data["topics"]
    }

    speakers = {}
    for spec in data["speakers"]:
        spec = dict(spec)
        aliases = spec.pop("aliases")
        name = spec.pop("name")
        speaker = Speaker.objects.filter(match_key=matching_key(name), kind=spec["kind"]).first()
        if speaker is None:
            speaker = _ensure(Speaker, {"name": name}, spec, report, "speakers")
        else:
            report.count("speakers", False)
        for alias in aliases:
            _ensure(
                SpeakerAlias,
                {"speaker": speaker, "match_key": matching_key(alias)},
                {"name": alias},
                report,
                "aliases",
            )
        speakers[name] = speaker

    sources = {}
    for key, spec in data["sources"].items():
        spec = dict(spec)
        body_file = spec.pop("body_file", None)
        if body_file:
            spec["body"] = (DATA_DIR / body_file).read_text(encoding="utf-8")
        spec["outlet"] = outlets[spec["outlet"]]
        spec["published_at"] = datetime.fromisoformat(spec["published_at"])
        lookup = {"outlet": spec.pop("outlet"), "title": spec.pop("title")}
        sources[key] = _ensure(Source, lookup, spec, report, "sources")

    for spec in data["citations"]:
        _ensure(
            Citation,
            {"citing": sources[spec["citing"]], "cited": sources[spec["cited"]]},
            {"kind": spec["kind"], "note": spec["note"]},
            report,
            "citations",
        )

    claims = {}
    for spec in data["claims"]:
        claim = _load_claim(spec, Status.PUBLISHED, speakers, outlets, sources, topics, report)
        claims[(spec["line"], spec["speaker"])] = claim
    for spec in data["drafts"]:
        _load_claim(spec, Status.DRAFT, speakers, outlets, sources, topics, report)
    for spec in data["extra_evidence"]:
        _ensure(
            Evidence,
            {
                "claim": claims[tuple(spec["claim"])],
                "source": sources[spec["source"]],
                "relation": spec["relation"],
            },
            {"note": spec["note"]},
            report,
            "evidence",
        )
    for spec in data["links"]:
        _ensure(
            ClaimLink,
            {
                "from_claim": claims[tuple(spec["from"])],
                "to_claim": claims[tuple(spec["to"])],
                "kind": spec["kind"],
            },
            {"note": spec["note"]},
            report,
            "links",
        )
    # Only grades that changed are written, so a second load records nothing new.
    credibility_recompute(claim_ids=Claim.objects.values_list("id", flat=True))
    # The rows above were written directly, not through the services: index them for search.
    search_index_update("outlet", [o.pk for o in outlets.values()])
    search_index_update("speaker", [s.pk for s in speakers.values()])
    search_index_update("source", [s.pk for s in sources.values()])
    search_index_update(
        "claim", Claim.objects.filter(speaker__in=speakers.values()).values_list("pk", flat=True)
    )
    return report


def _load_claim(spec, status, speakers, outlets, sources, topics, report) -> Claim:
    verdict = spec.get("verdict") or {}
    now = timezone.now()
    claim = _ensure(
        Claim,
        {"speaker": speakers[spec["speaker"]], "text": spec["text"]},
        {
            "quote_kind": spec["quote_kind"],
            "stated_on": date.fromisoformat(spec["stated_on"]) if spec["stated_on"] else None,
            "outlet": outlets[spec["outlet"]],
            "language": "en",
            "status": status,
            "published_at": now if status == Status.PUBLISHED else None,
            "verdict": verdict.get("verdict", ""),
            "verdict_explanation": verdict.get("explanation", ""),
            "verdict_at": now if verdict else None,
        },
        report,
        "claims",
    )
    claim.topics.add(*(topics[slug] for slug in spec["topics"]))
    # The statement appears in the article; when the article relays a wire report, it
    # appears in that report too (the report is where it was first published).
    appearances = {"article"} | ({spec["source"]} if spec["source"] != "article" else set())
    for key in sorted(appearances):
        in_article = key == "article"
        _ensure(
            Evidence,
            {"claim": claim, "source": sources[key], "relation": Evidence.Relation.APPEARS_IN},
            {
                "excerpt": spec["excerpt"] if in_article else "",
                "note": spec.get("note", "")
                if in_article
                else "Known through the Pravda.Ru article that relays it; "
                "its own text is not on file.",
            },
            report,
            "evidence",
        )
    return claim
