"""The claim list's and detail's JSON, built from rows rather than through DRF serializer fields.

The read side of the claims API is what consumers poll all day, so it is built the cheap way:
`values()` rows (no model instances), labels and the URL pattern looked up once per request,
and every nested object written out directly. The output is exactly what `ClaimSerializer` and
`ClaimDetailSerializer` give (tests/api/test_read_representation.py compares the two over
every kind of claim); those serializers stay the schema and the write side.

Queries: a list page is 1 on PostgreSQL (the page with its speaker, outlet, topics and evidence
counts); on SQLite the topics take one more. The detail (claims/api/detail.py) and the list's
everyday page (claims/api/listing.py) run these querysets compiled once per process.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache

import orjson
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import Count, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language
from drf_orjson_renderer.renderers import ORJSONRenderer

from ..models import Claim, Credibility, Evidence, Verdict

CLAIM_COLUMNS = (
    "id", "text", "quote_kind", "language", "stated_on", "status", "credibility",
    "credibility_computed", "credibility_override", "credibility_override_reason",
    "support_lines", "conflict_lines", "credibility_reasons", "verdict", "verdict_explanation",
    "retraction_reason", "created_at", "updated_at", "published_at", "retracted_at", "version",
    "speaker_id", "speaker__name", "speaker__kind", "speaker__role",
    "outlet_id", "outlet__name", "outlet__kind", "outlet__reliability",
)  # fmt: skip
RELATIONS = tuple(Evidence.Relation.values)
COUNT_COLUMNS = tuple(f"n_{relation}" for relation in RELATIONS)


def _evidence_count(relation: str) -> Coalesce:
    """How many evidence rows of one relation the claim has: a subquery per row, so that a
    page of 50 counts 50 claims' evidence, not a GROUP BY over every claim before the LIMIT."""
    rows = (
        Evidence.objects.filter(claim=OuterRef("pk"), relation=relation)
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


EVIDENCE_COUNTS = {f"n_{relation}": _evidence_count(relation) for relation in RELATIONS}


class IntegerArray(Func):
    """`ARRAY[a, b, ...]` of integers (PostgreSQL)."""

    template = "ARRAY[%(expressions)s]"
    output_field = ArrayField(IntegerField())


def _evidence_counts_array() -> Subquery:
    """The claim's evidence counts for every relation, in RELATIONS' order, from one subquery
    (PostgreSQL): one pass over the claim's evidence instead of one per relation. A list page's
    statement took about 20% longer in PostgreSQL with three subqueries (pgbench, 1,000,000
    claims; docs/benchmarks.md). NULL for a claim without evidence."""
    counts = IntegerArray(*(Count("pk", filter=Q(relation=relation)) for relation in RELATIONS))
    rows = (
        Evidence.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(counts=counts)
        .values("counts")
    )
    return Subquery(rows, output_field=counts.output_field)


NO_EVIDENCE = (0,) * len(RELATIONS)


def evidence_counts(row: dict) -> dict[str, int]:
    """A list row's evidence counts by relation (from `claim_rows(..., with_counts=True)`)."""
    if "evidence_counts" in row:
        return dict(zip(RELATIONS, row["evidence_counts"] or NO_EVIDENCE, strict=True))
    return {relation: row[f"n_{relation}"] for relation in RELATIONS}


# Annotations the list may be ordered by; a cursor reads its position from the row.
POSITION_ANNOTATIONS = ("stated_sort", "search_rank")
PLACEHOLDER_ID = 918273645
# Time zones that are UTC under another name (zoneinfo keys).
UTC_KEYS = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu"})


def iso_datetime(value: datetime | None, zone: tzinfo | None = None) -> str | None:
    """As DRF's DateTimeField writes it: in the current time zone (`zone`, looked up when not
    given), `Z` for UTC."""
    if value is None:
        return None
    if value.tzinfo is not None:
        zone = zone or timezone.get_current_timezone()
        # The database hands out UTC; converting it to a UTC zone changes nothing written.
        if value.tzinfo is not UTC or getattr(zone, "key", None) not in UTC_KEYS:
            value = value.astimezone(zone)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@lru_cache(maxsize=16)
def _labels(language: str | None) -> tuple[dict[int, str], dict[str, str]]:
    """The credibility and verdict labels in the active language (the argument is its key)."""
    return (
        {value: str(label) for value, label in Credibility.choices},
        {value: str(label) for value, label in Verdict.choices},
    )


@lru_cache(maxsize=16)
def _claim_path(script_prefix: str) -> str:
    """A claim's URL path with PLACEHOLDER_ID for its id, under this script prefix (the
    argument is its key: `reverse` reads it)."""
    return reverse("api:claim-detail", kwargs={"pk": PLACEHOLDER_ID})


def _rendered_by_orjson_in_utc(request, zone: tzinfo) -> bool:
    """Whether the answer to `request` is written by the orjson renderer, with `Z` for UTC,
    while the current time zone is UTC. orjson then writes an aware UTC date-time exactly as
    DRF's DateTimeField does (`2025-06-02T10:00:00Z`, `.123456` only when there are
    microseconds), so date-times can be left to it (a list page writes 200 of them)."""
    renderer = getattr(request, "accepted_renderer", None)
    return (
        isinstance(renderer, ORJSONRenderer)
        and orjson.OPT_UTC_Z in settings.REST_FRAMEWORK.get("ORJSON_RENDERER_OPTIONS", ())
        and getattr(zone, "key", None) in UTC_KEYS
    )


class ClaimWriter:
    """Writes claims as the API shows them; holds what is the same for every row of a request
    (the labels in the active language, the claim URL pattern, how date-times are written)."""

    def __init__(self, request) -> None:
        self.credibility_labels, self.verdict_labels = _labels(get_language())
        self.zone = timezone.get_current_timezone()
        self.native_datetimes = _rendered_by_orjson_in_utc(request, self.zone)
        url = _claim_path(get_script_prefix())
        if request is not None:
            url = request.build_absolute_uri(url)
        self.url_prefix, self.url_suffix = url.rsplit(str(PLACEHOLDER_ID), 1)

    def when(self, value: datetime | None) -> datetime | str | None:
        """A date-time as the API writes it: as DRF writes it, or, for the orjson renderer in
        UTC, the UTC date-time itself, which orjson writes the same way."""
        if self.native_datetimes and value is not None and value.tzinfo is UTC:
            return value
        return iso_datetime(value, self.zone)

    def claim(self, row: dict, topics: list[str], counts: dict[str, int]) -> dict:
        """A claim as in the list: brief speaker and outlet, credibility, verdict, counts."""
        pk = row["id"]
        override = row["credibility_override"]
        verdict = row["verdict"]
        return {
            "id": pk,
            "url": f"{self.url_prefix}{pk}{self.url_suffix}",
            "text": row["text"],
            "quote_kind": row["quote_kind"],
            "language": row["language"],
            "stated_on": iso_date(row["stated_on"]),
            "speaker": {
                "id": row["speaker_id"],
                "name": row["speaker__name"],
                "kind": row["speaker__kind"],
                "role": row["speaker__role"],
            },
            "outlet": (
                {
                    "id": row["outlet_id"],
                    "name": row["outlet__name"],
                    "kind": row["outlet__kind"],
                    "reliability": row["outlet__reliability"],
                }
                if row["outlet_id"] is not None
                else None
            ),
            "status": row["status"],
            "credibility": {
                "grade": row["credibility"],
                "label": self.credibility_labels[row["credibility"]],
                "computed": row["credibility_computed"],
                "override": (
                    {"grade": override, "reason": row["credibility_override_reason"]}
                    if override is not None
                    else None
                ),
                "lines": {"support": row["support_lines"], "conflict": row["conflict_lines"]},
                "reasons": row["credibility_reasons"],
            },
            "verdict": (
                {
                    "rating": verdict,
                    "label": self.verdict_labels[verdict],
                    "explanation": row["verdict_explanation"],
                }
                if verdict
                else None
            ),
            "topics": topics,
            "retraction_reason": row["retraction_reason"],
            "evidence_counts": {relation: counts.get(relation, 0) for relation in RELATIONS},
            "created_at": self.when(row["created_at"]),
            "updated_at": self.when(row["updated_at"]),
            "published_at": self.when(row["published_at"]),
            "retracted_at": self.when(row["retracted_at"]),
            "version": row["version"],
        }


def claim_rows(claims: QuerySet, *, with_counts: bool = False) -> QuerySet:
    """The claims as dicts: the claim columns, whatever the ordering needs for its cursor, the
    evidence counts by relation when `with_counts` (the list; the detail counts the evidence
    it reads) and, on PostgreSQL, the topics' slugs as an array (elsewhere `topics_by_claim`
    fetches them in a second query)."""
    postgresql = connections[claims.db].vendor == "postgresql"
    if with_counts:
        if postgresql:
            claims = claims.annotate(evidence_counts=_evidence_counts_array())
        else:
            claims = claims.annotate(**EVIDENCE_COUNTS)
    if postgresql:
        slugs = (
            Claim.topics.through.objects.filter(claim_id=OuterRef("pk"))
            .order_by("topic__name", "topic_id")
            .values("topic__slug")
        )
        claims = claims.annotate(topic_slugs=ArraySubquery(slugs))
    annotations = claims.query.annotations
    extra = [name for name in (*COUNT_COLUMNS, "evidence_counts", *POSITION_ANNOTATIONS,
                               "topic_slugs")
             if name in annotations]  # fmt: skip
    return claims.values(*CLAIM_COLUMNS, *extra)


def _topics(rows: list[dict]) -> dict[int, list[str]]:
    if rows and "topic_slugs" in rows[0]:
        return {row["id"]: row["topic_slugs"] for row in rows}
    return topics_by_claim(row["id"] for row in rows)


def topics_by_claim(claim_ids: Iterable[int]) -> dict[int, list[str]]:
    """Topic slugs per claim, in the topics' own order (by name): one query."""
    through = Claim.topics.through
    pairs = (
        through.objects.filter(claim_id__in=list(claim_ids))
        .order_by("topic__name", "topic_id")
        .values_list("claim_id", "topic__slug")
    )
    out: dict[int, list[str]] = defaultdict(list)
    for claim_id, slug in pairs:
        out[claim_id].append(slug)
    return out


def claim_list_data(rows: list[dict], request) -> list[dict]:
    """A page of list rows (from `claim_rows` with counts) as the API shows them; on SQLite,
    one more query for the page's topics."""
    writer = ClaimWriter(request)
    topics = _topics(rows)
    return [
        writer.claim(
            row,
            topics.get(row["id"], []),
            evidence_counts(row),
        )
        for row in rows
    ]


# The claim list as CSV columns: the keys of `ClaimWriter.claim` with nested objects
# flattened (a claim without an outlet or a verdict leaves those cells empty).
CLAIM_CSV_COLUMNS = (
    "id", "url", "text", "quote_kind", "language", "stated_on",
    "speaker.id", "speaker.name", "speaker.kind", "speaker.role",
    "outlet.id", "outlet.name", "outlet.kind", "outlet.reliability",
    "status",
    "credibility.grade", "credibility.label", "credibility.computed", "credibility.override",
    "credibility.lines.support", "credibility.lines.conflict", "credibility.reasons",
    "verdict.rating", "verdict.label", "verdict.explanation",
    "topics", "retraction_reason",
    "evidence_counts.appears_in", "evidence_counts.corroborates", "evidence_counts.conflicts",
    "created_at", "updated_at", "published_at", "retracted_at", "version",
)  # fmt: skip
