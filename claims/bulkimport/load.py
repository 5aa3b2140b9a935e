"""Loading valid rows, one batch per transaction.

Per batch, whatever its size, a fixed number of queries: speakers, outlets, sources and the
claims already on file are each looked up with one query; missing speakers, outlets and sources
are created (flagged for review) with their history and search entries; then the claims, their
topics and their "appears in" evidence are written with COPY (PostgreSQL) or bulk_create,
followed by their history rows, their search entries and their credibility grades. A batch is
one transaction: it is written completely or not at all.

A claim already on file is one with the same speaker, the same text (as stored: NFC, trimmed)
and the same date stated; such rows are skipped and counted, so importing a file twice adds
nothing the second time.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from sources.models import Outlet, OutletDomain, Source
from sources.search import search_index_update
from sources.text import domain_candidates, url_host

from ..assessment import Context
from ..credibility import ClaimFacts, judge
from ..models import Claim, Evidence, Speaker, Status
from ..provenance import walk_sources
from .report import ImportReport
from .validate import ImportRow
from .write import (
    concrete,
    history_objects,
    history_plain,
    insert_objects,
    insert_plain,
    reserve_ids,
)

CHUNK = 900  # values per IN (...) list on SQLite, which allows 32,766 parameters a statement


class SpeakerFacts(NamedTuple):
    """What a batch needs of a speaker: its id, and the facts grading weighs."""

    id: int
    name: str
    kind: str
    reliability: str


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    """The values in lists small enough for one statement: all of a batch on PostgreSQL (one
    query), chunks of `size` on SQLite."""
    if connection.vendor == "postgresql":
        size = max(size, len(values), 1)
    for start in range(0, len(values), size):
        yield values[start : start + size]


class BatchLoader:
    """Writes batches of valid rows for one import, as one user, with one history reason."""

    def __init__(self, *, user, reason: str, report: ImportReport):
        self.user = user
        self.reason = reason
        self.report = report
        self.claim_fields = [f.attname for f in concrete(Claim)]
        self.claim_at = {name: i for i, name in enumerate(self.claim_fields)}
        self.evidence_fields = [f.attname for f in concrete(Evidence)]
        self.evidence_at = {name: i for i, name in enumerate(self.evidence_fields)}

    # --- speakers, outlets, sources: found with one query each, or created ------------------

    def speakers(self, rows: list[ImportRow], now) -> dict[str, SpeakerFacts]:
        """Speakers by matching key: a name match first, then an alias, lowest id first."""
        keys = sorted({r.speaker_key for r in rows})
        by_name, by_alias = {}, {}
        for chunk in map(set, _chunks(keys)):
            found = (
                Speaker.objects.filter(Q(match_key__in=chunk) | Q(aliases__match_key__in=chunk))
                .order_by("-id")
                .values_list("id", "match_key", "aliases__match_key", "name", "kind", "reliability")
            )
            for pk, key, alias_key, *facts in found:
                if key in chunk:
                    by_name[key] = SpeakerFacts(pk, *facts)
                if alias_key in chunk:
                    by_alias[alias_key] = SpeakerFacts(pk, *facts)
        speakers = {**by_alias, **by_name}
        created = []
        for key, row in {r.speaker_key: r for r in rows if r.speaker_key not in speakers}.items():
            speaker = Speaker(name=row.speaker, kind=row.speaker_kind, needs_review=True)
            speaker.normalize()
            speaker.match_key = key  # the same key, as validated
            speaker.created_at = speaker.updated_at = now
            created.append(speaker)
        self._create(Speaker, created, now, "speaker")
        speakers.update(
            (s.match_key, SpeakerFacts(s.pk, s.name, s.kind, s.reliability)) for s in created
        )
        self.report.speakers_created += len(created)
        return speakers

    def outlets(self, rows: list[ImportRow], now) -> dict[str, int]:
        """Outlet id by matching key, for claims' outlets and the publishers of new sources."""
        names = {r.outlet_key: r.outlet for r in rows if r.outlet_key}
        names.update(
            (a.publisher_key, a.publisher) for r in rows for a in r.appearances if a.publisher_key
        )
        ids = {}
        for chunk in _chunks(sorted(names)):
            ids.update(Outlet.objects.filter(match_key__in=chunk).values_list("match_key", "id"))
        missing = {key: name for key, name in names.items() if key not in ids}
        if not self.user.has_perm("sources.add_outlet"):
            # Claims naming an unknown outlet were refused before loading; an unknown publisher
            # of a new source is left out (the source's outlet then comes from its URL).
            missing = {}
        if not missing:
            return ids
        bases = {key: slugify(name)[:180] or "outlet" for key, name in missing.items()}
        taken = set()
        for chunk in _chunks(sorted(set(bases.values())), 100):
            query = Q()
            for base in chunk:
                query |= Q(slug__startswith=base)
            taken.update(Outlet.objects.filter(query).values_list("slug", flat=True))
        created = []
        for key, name in missing.items():
            slug, n = bases[key], 1
            while slug in taken:
                n += 1
                slug = f"{bases[key]}-{n}"
            taken.add(slug)
            outlet = Outlet(name=name, slug=slug, match_key=key, needs_review=True)
            outlet.created_at = outlet.updated_at = now
            created.append(outlet)
        self._create(Outlet, created, now, "outlet")
        ids.update((o.match_key, o.pk) for o in created)
        self.report.outlets_created += len(created)
        return ids

    def sources(self, rows: list[ImportRow], outlets: dict[str, int], now) -> dict[str, int]:
        """Source id by normalized URL; new sources get their publisher or their URL's outlet."""
        wanted = {a.url: (a, r) for r in rows for a in r.appearances}
        ids = {}
        for chunk in _chunks(sorted(wanted)):
            ids.update(Source.objects.filter(url__in=chunk).values_list("url", "id"))
        missing = [wanted[url] for url in wanted if url not in ids]
        domains = self._outlets_by_domain([a.url for a, _row in missing])
        created = []
        for appearance, row in missing:
            outlet_id = outlets.get(appearance.publisher_key) or next(
                (domains[d] for d in domain_candidates(url_host(appearance.url)) if d in domains),
                None,
            )
            source = Source(
                url=appearance.url,
                title=appearance.title or appearance.url[:500],
                outlet_id=outlet_id,
                published_at=appearance.published_at,
                language=row.language,
            )
            source.created_at = source.updated_at = now
            created.append(source)
        self._create(Source, created, now, "source")
        ids.update((s.url, s.pk) for s in created)
        self.report.sources_created += len(created)
        return ids

    @staticmethod
    def _outlets_by_domain(urls: list[str]) -> dict[str, int]:
        candidates = sorted({d for url in urls for d in domain_candidates(url_host(url))})
        found = {}
        for chunk in _chunks(candidates):
            found.update(
                OutletDomain.objects.filter(domain__in=chunk).values_list("domain", "outlet_id")
            )
        return found

    def _create(self, model, objs: list, now, kind: str) -> None:
        if not objs:
            return
        insert_objects(model, objs)
        history_objects(model, objs, now=now, user=self.user, reason=self.reason)
        search_index_update(kind, [o.pk for o in objs], new=True)

    # --- claims ---------------------------------------------------------------------------------

    def on_file(self, rows: list[ImportRow], speakers: dict[str, SpeakerFacts]) -> set[tuple]:
        """(speaker id, text, date stated) of the batch's claims already on file."""
        pairs = sorted({(speakers[r.speaker_key].id, r.text) for r in rows})
        found = set()
        for chunk in _chunks(pairs, CHUNK // 2):
            query = Claim.objects.filter(
                speaker_id__in={s for s, _t in chunk}, text__in={t for _s, t in chunk}
            )
            found.update(query.order_by().values_list("speaker_id", "text", "stated_on"))
        return found

    def load(self, rows: list[ImportRow]) -> list[int]:
        """Write one batch in one transaction; return the ids of the claims created."""
        with transaction.atomic():
            return self._load(rows)

    def _load(self, rows: list[ImportRow]) -> list[int]:
        now = timezone.now()
        timed = self.report.timed
        with timed("speakers and outlets"):
            speakers = self.speakers(rows, now)
            outlets = self.outlets(rows, now)
        with timed("already on file"):
            seen = self.on_file(rows, speakers)
            new = []
            for row in rows:
                key = (speakers[row.speaker_key].id, row.text, row.stated_on)
                if key in seen:
                    self.report.already_on_file += 1
                    continue
                seen.add(key)
                new.append(row)
        if not new:
            return []
        with timed("sources"):
            sources = self.sources(new, outlets, now)

        with timed("prepare"):
            claim_rows = self._claims(new, speakers, outlets, now)
            claim_ids = [record[0] for record in claim_rows]
            evidence_rows = self._evidence(new, claim_ids, sources, now)
        with timed("credibility"):
            self._grade(claim_rows, evidence_rows, new, speakers)
        with timed("write claims"):
            insert_plain(Claim, claim_rows)
        with timed("history"):
            history_plain(Claim, claim_rows, now=now, user=self.user, reason=self.reason)
        with timed("topics and evidence"):
            through = Claim.topics.through
            links = [[None, c, t] for c, r in zip(claim_ids, new, strict=True) for t in r.topic_ids]
            for link, pk in zip(links, reserve_ids(through, len(links)), strict=True):
                link[0] = pk
            insert_plain(through, links)
            insert_plain(Evidence, evidence_rows)
        with timed("history"):
            history_plain(Evidence, evidence_rows, now=now, user=self.user, reason=self.reason)
        with timed("search index"):
            search_index_update("claim", claim_ids, new=True)
        self.report.claims_created += len(claim_ids)
        self.report.evidence_created += len(evidence_rows)
        return claim_ids

    def _claims(self, rows, speakers, outlets, now) -> list[list]:
        """The new claims' rows (drafts, version 1), with ids reserved."""
        user_id = self.user.pk
        values = {
            "version": 1,
            "status": Status.DRAFT.value,
            "retraction_reason": "",
            "credibility_override_reason": "",
            "created_at": now,
            "updated_at": now,
            "created_by_id": user_id,
            "updated_by_id": user_id,
        }
        at = self.claim_at
        template = [values.get(name) for name in self.claim_fields]
        result = []
        for pk, row in zip(reserve_ids(Claim, len(rows)), rows, strict=True):
            record = template.copy()
            record[0] = pk
            record[at["text"]] = row.text
            record[at["speaker_id"]] = speakers[row.speaker_key].id
            record[at["outlet_id"]] = outlets.get(row.outlet_key)
            record[at["quote_kind"]] = row.quote_kind
            record[at["stated_on"]] = row.stated_on
            record[at["language"]] = row.language
            record[at["verdict"]] = row.verdict
            record[at["verdict_at"]] = now if row.verdict else None
            record[at["verdict_explanation"]] = row.verdict_explanation
            result.append(record)
        return result

    def _grade(self, claim_rows, evidence_rows, rows, speakers) -> None:
        """Grade the new claims before they are written, with the grading code itself
        (assessment.Context, credibility.judge) given the batch's facts from memory.

        This is what credibility_recompute would compute after the write (new claims have no
        links, and nothing else's grade depends on them yet), without writing each claim twice
        and recording a second history row for it.
        """
        at = self.claim_at
        facts = {}
        for record, row in zip(claim_rows, rows, strict=True):
            speaker = speakers[row.speaker_key]
            facts[record[0]] = ClaimFacts(
                id=record[0],
                speaker_id=speaker.id,
                speaker_name=speaker.name,
                speaker_anonymous=speaker.kind == Speaker.Kind.ANONYMOUS,
                speaker_reliability=speaker.reliability,
                outlet_id=record[at["outlet_id"]],
                status=Status.DRAFT.value,
            )
        ev_at = self.evidence_at
        evidence = defaultdict(list)
        for record in evidence_rows:
            evidence[record[ev_at["claim_id"]]].append(
                (record[0], record[ev_at["source_id"]], record[ev_at["relation"]])
            )
        graph = walk_sources({source for rows in evidence.values() for _e, source, _r in rows})
        context = Context(list(facts), [], facts, evidence, graph)
        for record in claim_rows:
            result = judge(record[0], *context.inputs_for(record[0]))
            record[at["credibility_computed"]] = record[at["credibility"]] = result.grade
            record[at["credibility_reasons"]] = result.reasons
            record[at["support_lines"]] = len(result.support)
            record[at["conflict_lines"]] = len(result.conflict)

    def _evidence(self, rows, claim_ids, sources, now) -> list[list]:
        """The "appears in" evidence of the new claims, with ids reserved."""
        values = {
            "version": 1,
            "relation": Evidence.Relation.APPEARS_IN.value,
            "note": "",
            "created_at": now,
            "updated_at": now,
            "created_by_id": self.user.pk,
        }
        at = self.evidence_at
        template = [values.get(name) for name in self.evidence_fields]
        result = []
        for claim_id, row in zip(claim_ids, rows, strict=True):
            for appearance in row.appearances:
                record = template.copy()
                record[at["claim_id"]] = claim_id
                record[at["source_id"]] = sources[appearance.url]
                record[at["excerpt"]] = appearance.excerpt
                result.append(record)
        for record, pk in zip(result, reserve_ids(Evidence, len(result)), strict=True):
            record[0] = pk
        return result
