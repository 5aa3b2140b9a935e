"""Rows for the claim side: claims, their topics, their evidence and the links between them."""

import random
from collections.abc import Iterator, Mapping

from claims.models import Credibility, LinkKind, QuoteKind, Relation, Status, Verdict

from .spec import Config
from .text import SPAN_DAYS, TextPools, deck, pick
from .words import EVIDENCE_NOTES, RETRACTION_REASONS, VERDICT_EXPLANATIONS

Row = tuple
STATUSES = deck({Status.PUBLISHED: 75, Status.DRAFT: 10, Status.IN_REVIEW: 10, Status.RETRACTED: 5})
TOPIC_COUNTS = deck({0: 15, 1: 45, 2: 30, 3: 10})
EVIDENCE_COUNTS = deck({1: 30, 2: 30, 3: 20, 4: 12, 5: 8})
RELATIONS = deck({Relation.APPEARS_IN: 40, Relation.CORROBORATES: 35, Relation.CONFLICTS: 25})
LINK_KINDS = deck({
    LinkKind.SAME_STATEMENT: 40, LinkKind.SUPPORTS: 25, LinkKind.CONTRADICTS: 20,
    LinkKind.SUPERSEDES: 15,
})  # fmt: skip
SECONDS = 86_400
# Until the credibility service recomputes them, every claim is "cannot be judged".
UNJUDGED = int(Credibility.CANNOT_BE_JUDGED)


class ClaimSideRows:
    """Row generators for the claim-side tables (mixed into RowGenerator).

    Claims refer only to speakers, outlets, topics and sources generated in the same run, by
    id arithmetic (the run's ids follow the ids that already exist), never by reading back.
    """

    config: Config
    bases: Mapping[str, int]
    pools: TextPools

    def rng(self, key: str) -> random.Random:
        raise NotImplementedError

    def claims_rows(self) -> Iterator[Row]:
        """Claims with text in their language, a workflow status and consistent dates.

        Published and retracted claims have published_at (a day or three after creation);
        retracted ones a reason; about one in seven public claims a verdict with its
        explanation. Credibility is 6 computed and effective, with no override.
        """
        cfg, pools = self.config, self.pools
        r = self.rng("claims").random
        sentences, languages, days, times = (
            pools.sentences,
            pools.languages,
            pools.days,
            pools.times,
        )
        n_lang, n_speakers, n_outlets = len(languages), cfg.speakers, cfg.outlets
        first_id, speaker0 = self.bases["claims"] + 1, self.bases["speakers"] + 1
        outlet0 = self.bases["outlets"] + 1
        every_status, n_status = Status.values, len(STATUSES)
        public = (Status.PUBLISHED, Status.RETRACTED)
        direct, paraphrase = QuoteKind.DIRECT.value, QuoteKind.PARAPHRASE.value
        verdicts, n_reasons = Verdict.values, len(RETRACTION_REASONS)
        for i in range(cfg.claims):
            lang = languages[int(r() * n_lang)]
            pool = sentences[lang]
            size = len(pool)
            text = pool[int(r() * size)]
            if r() < 0.3:
                text = f"{text} {pool[int(r() * size)]}"
            status = every_status[i] if i < 4 else STATUSES[int(r() * n_status)]
            day = int(r() * SPAN_DAYS)
            created = updated = f"{days[day]} {times[int(r() * SECONDS)]}"
            published = retracted = verdict_at = None
            reason = verdict = explanation = ""
            if status in public:
                published = updated = f"{days[day + 1 + int(r() * 3)]} {times[int(r() * SECONDS)]}"
                if r() < 0.15 or i < 4:
                    verdict = pick(r(), verdicts)
                    explanation = pick(r(), VERDICT_EXPLANATIONS).format(n=2 + int(r() * 60))
                    verdict_at = updated = f"{days[day + 5 + int(r() * 4)]} {times[0]}"
                if status == Status.RETRACTED:
                    reason = RETRACTION_REASONS[int(r() * n_reasons)]
                    retracted = updated = f"{days[day + 10 + int(r() * 60)]} {times[0]}"
            x = r()
            yield (
                first_id + i,
                text,
                speaker0 + int(n_speakers * x * x),  # a few speakers make most statements
                direct if r() < 0.4 else paraphrase,
                days[day] if r() < 0.95 else None,
                outlet0 + int(r() * n_outlets) if n_outlets and r() < 0.85 else None,
                lang,
                status,
                published,
                retracted,
                reason,
                UNJUDGED,
                UNJUDGED,
                "[]",
                0,
                0,
                None,
                "",
                verdict,
                explanation,
                verdict_at,
                created,
                updated,
            )

    def claim_topics_rows(self) -> Iterator[Row]:
        """Zero to three distinct topics per claim."""
        r, n_topics = self.rng("claim_topics").random, self.config.topics
        next_id, topic0 = self.bases["claim_topics"] + 1, self.bases["topics"] + 1
        if not n_topics:
            return
        for i in range(self.config.claims):
            claim = self.bases["claims"] + 1 + i
            count = min(TOPIC_COUNTS[int(r() * len(TOPIC_COUNTS))], n_topics)
            chosen: list[int] = []
            while len(chosen) < count:
                topic = int(r() * n_topics)
                if topic not in chosen:
                    chosen.append(topic)
            for topic in chosen:
                yield (next_id, claim, topic0 + topic)
                next_id += 1

    def evidence_rows(self) -> Iterator[Row]:
        """One to five sources per claim, consecutive ones (so often a citation chain).

        The first usually is where the claim appears; the rest appear in, corroborate or
        conflict. Sources are distinct per claim, so (claim, source, relation) is unique.
        """
        r, pools = self.rng("evidence").random, self.pools
        n_sources = self.config.sources
        next_id, source0 = self.bases["evidence"] + 1, self.bases["sources"] + 1
        every_relation = Relation.values
        for i in range(self.config.claims):
            claim = self.bases["claims"] + 1 + i
            count = min(EVIDENCE_COUNTS[int(r() * len(EVIDENCE_COUNTS))], n_sources)
            if i == 0:
                count = min(len(every_relation), n_sources)
            start = int(r() * n_sources)
            day = int(r() * SPAN_DAYS)
            for k in range(count):
                if i == 0:
                    relation = every_relation[k]
                elif k == 0 and r() < 0.85:
                    relation = Relation.APPEARS_IN.value
                else:
                    relation = pick(r(), RELATIONS)
                excerpt = ""
                if r() < 0.6:
                    excerpt = pick(r(), pools.sentences[pick(r(), pools.languages)])
                note = pick(r(), EVIDENCE_NOTES) if r() < 0.2 else ""
                stamp = pools.timestamp(day + k, int(r() * SECONDS))
                source = source0 + (start + k) % n_sources
                yield (next_id, claim, source, relation, excerpt, note, stamp, stamp)
                next_id += 1

    def claim_links_rows(self) -> Iterator[Row]:
        """About one claim in five linked to an earlier claim of the run (at most one link each,
        so never a duplicate, never to itself)."""
        r, pools = self.rng("claim_links").random, self.pools
        next_id, made = self.bases["claim_links"] + 1, 0
        every_kind = LinkKind.values
        for i in range(1, self.config.claims):
            if r() >= 0.2 and made >= len(every_kind):
                continue
            claim = self.bases["claims"] + 1 + i
            kind = every_kind[made] if made < len(every_kind) else pick(r(), LINK_KINDS)
            target = claim - 1 - int(r() * min(i, 500))
            note = "Same quote, reported by another outlet." if r() < 0.1 else ""
            stamp = pools.timestamp(int(r() * SPAN_DAYS), int(r() * SECONDS))
            yield (next_id, claim, target, kind, note, stamp)
            next_id += 1
            made += 1
