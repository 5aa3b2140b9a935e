"""What the generator writes: its configuration and, per table, the model and fields filled."""

from dataclasses import dataclass

from django.db import models
from django.db.models.fields import NOT_PROVIDED

from claims.models import Claim, ClaimLink, Evidence, Speaker, SpeakerAlias, Topic
from sources.models import Citation, Outlet, OutletDomain, Source


class GenerationError(Exception):
    """The generator cannot run with these arguments or against this schema."""


@dataclass(frozen=True)
class Config:
    """How much to generate, from which seed, written in batches of how many rows."""

    claims: int
    sources: int
    speakers: int
    outlets: int
    seed: int
    batch_size: int = 20_000
    topics: int = 40

    def __post_init__(self) -> None:
        for name in ("claims", "sources", "speakers", "outlets", "topics"):
            if getattr(self, name) < 0:
                raise GenerationError(f"--{name} cannot be negative.")
        if self.batch_size < 1:
            raise GenerationError("--batch-size must be at least 1.")
        if self.claims and not (self.speakers and self.sources):
            raise GenerationError("Claims need at least one speaker and one source.")


@dataclass(frozen=True)
class TableSpec:
    """One table: its short name, its model, and the fields (attnames) of each generated row.

    `exact` says whether the number of rows is known in advance (the config gives it) or
    depends on the random draws (domains, aliases, citations, evidence...).
    """

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    exact: bool = False

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    def columns(self) -> list[str]:
        """The database columns of `fields`, in order; every NOT NULL column must be among them.

        Raises GenerationError when the model has changed under the generator: a field it
        fills has gone, or a new required column has no database default.
        """
        concrete = {f.attname: f for f in self.model._meta.concrete_fields}
        unknown = [name for name in self.fields if name not in concrete]
        missing = [
            name
            for name, field in concrete.items()
            if not field.null and name not in self.fields and field.db_default is NOT_PROVIDED
        ]
        if unknown or missing:
            raise GenerationError(
                f"{self.db_table}: the generator does not match the model "
                f"(unknown fields {unknown}, required columns not filled {missing})."
            )
        return [concrete[name].column for name in self.fields]

    def pk_column(self) -> str:
        return self.model._meta.pk.column


STAMPS = ("created_at", "updated_at")
ClaimTopic = Claim.topics.through

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "outlets",
        Outlet,
        ("id", "name", "slug", "match_key", "kind", "country", "state_affiliation",
         "wikidata_id", "reliability", "reliability_rationale", "description", "needs_review",
         *STAMPS),
        exact=True,
    ),
    TableSpec("outlet_domains", OutletDomain, ("id", "outlet_id", "domain")),
    TableSpec("topics", Topic, ("id", "name", "slug", "description"), exact=True),
    TableSpec(
        "speakers",
        Speaker,
        ("id", "name", "match_key", "kind", "role", "affiliation", "country", "wikidata_id",
         "reliability", "reliability_rationale", "description", "needs_review", *STAMPS),
        exact=True,
    ),
    TableSpec("speaker_aliases", SpeakerAlias, ("id", "speaker_id", "name", "match_key")),
    TableSpec(
        "sources",
        Source,
        ("id", "url", "title", "outlet_id", "kind", "published_at", "retrieved_at", "language",
         "byline", "body", "body_sha256", "archive_url", *STAMPS),
        exact=True,
    ),
    TableSpec(
        "citations", Citation, ("id", "citing_id", "cited_id", "kind", "note", "created_at")
    ),
    TableSpec(
        "claims",
        Claim,
        ("id", "text", "speaker_id", "quote_kind", "stated_on", "outlet_id", "language",
         "status", "published_at", "retracted_at", "retraction_reason", "credibility",
         "credibility_computed", "credibility_reasons", "support_lines", "conflict_lines",
         "credibility_override",
         "credibility_override_reason", "verdict", "verdict_explanation", "verdict_at",
         *STAMPS),
        exact=True,
    ),
    TableSpec("claim_topics", ClaimTopic, ("id", "claim_id", "topic_id")),
    TableSpec(
        "evidence",
        Evidence,
        ("id", "claim_id", "source_id", "relation", "excerpt", "note", *STAMPS),
    ),
    TableSpec(
        "claim_links",
        ClaimLink,
        ("id", "from_claim_id", "to_claim_id", "kind", "note", "created_at"),
    ),
)  # fmt: skip
TABLES_BY_KEY: dict[str, TableSpec] = {spec.key: spec for spec in TABLES}
