"""A claim's detail as the API shows it: the claim, its evidence (sources and outlets), its links.

The detail is the API's most frequent read (mirrors fetch claims one by one), so its queries
are compiled once per process and database (`config.compiled_queries`): building and compiling
them was about 60% of a detail request's time. On PostgreSQL it is one statement: the claim's
row carries its evidence rows and its link rows as arrays of JSON objects (each array an
ORM subquery of the same rows the other databases read with two more queries), which saves
two round trips and two statements' work on both sides. JSON has no date-time type, so
date-times travel as microseconds since the epoch and become the same aware UTC date-times the
ORM gives. The JSON is written from the rows by the same writer as the list
(claims/api/read.py), and equals `ClaimDetailSerializer`'s output
(tests/api/test_read_representation.py).
"""

from collections import Counter
from datetime import UTC, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, router
from django.db.models import BigIntegerField, F, Func, OuterRef, Q, QuerySet
from django.db.models.functions import JSONObject
from django.http import Http404

from config.api.fields import MAX_ID
from config.compiled_queries import CompiledQuery

from ..models import Claim, ClaimLink, Evidence, Status, sees_unpublished
from .read import ClaimWriter, claim_rows, topics_by_claim

EVIDENCE_COLUMNS = (
    "id", "claim_id", "relation", "excerpt", "note", "created_at", "updated_at", "version",
    "source_id", "source__title", "source__url", "source__kind", "source__published_at",
    "source__outlet_id", "source__outlet__name", "source__outlet__kind",
    "source__outlet__reliability",
)  # fmt: skip
SIDES = ("from_claim", "to_claim")
LINKED_CLAIM_COLUMNS = (
    "text", "status", "credibility", "speaker_id", "speaker__name", "speaker__kind",
    "speaker__role",
)  # fmt: skip
LINK_COLUMNS = (
    "id", "kind", "note", "from_claim_id", "to_claim_id",
    *(f"{side}__{column}" for side in SIDES for column in LINKED_CLAIM_COLUMNS),
)  # fmt: skip


def _evidence(row: dict, writer: ClaimWriter) -> dict:
    outlet_id = row["source__outlet_id"]
    return {
        "id": row["id"],
        "claim": row["claim_id"],
        "relation": row["relation"],
        "excerpt": row["excerpt"],
        "note": row["note"],
        "source": {
            "id": row["source_id"],
            "title": row["source__title"],
            "url": row["source__url"],
            "kind": row["source__kind"],
            "published_at": writer.when(row["source__published_at"]),
            "outlet": (
                {
                    "id": outlet_id,
                    "name": row["source__outlet__name"],
                    "kind": row["source__outlet__kind"],
                    "reliability": row["source__outlet__reliability"],
                }
                if outlet_id is not None
                else None
            ),
        },
        "created_at": writer.when(row["created_at"]),
        "updated_at": writer.when(row["updated_at"]),
        "version": row["version"],
    }


def _link(row: dict, claim_id: int) -> dict:
    outgoing = row["from_claim_id"] == claim_id
    side = "to_claim" if outgoing else "from_claim"
    return {
        "id": row["id"],
        "kind": row["kind"],
        "direction": "outgoing" if outgoing else "incoming",
        "claim": {
            "id": row[f"{side}_id"],
            "text": row[f"{side}__text"],
            "speaker": {
                "id": row[f"{side}__speaker_id"],
                "name": row[f"{side}__speaker__name"],
                "kind": row[f"{side}__speaker__kind"],
                "role": row[f"{side}__speaker__role"],
            },
            "status": row[f"{side}__status"],
            "credibility": row[f"{side}__credibility"],
        },
        "note": row["note"],
    }


EVIDENCE_DATETIMES = frozenset({"created_at", "updated_at", "source__published_at"})
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _claim(unpublished: bool, pk: int) -> QuerySet:
    return claim_rows(Claim.objects.readable(unpublished=unpublished).with_related().filter(pk=pk))


def _evidence_of(pk) -> QuerySet:
    return Evidence.objects.filter(claim_id=pk).order_by("relation", "id")


def _links_of(unpublished: bool, pk) -> QuerySet:
    """Readers outside the newsroom see links to published claims only."""
    links = ClaimLink.objects.filter(Q(from_claim_id=pk) | Q(to_claim_id=pk)).order_by("id")
    if not unpublished:
        links = links.filter(
            Q(from_claim_id=pk, to_claim__status=Status.PUBLISHED)
            | Q(to_claim_id=pk, from_claim__status=Status.PUBLISHED)
        )
    return links


def _evidence_rows(_variant: None, pk: int) -> QuerySet:
    return _evidence_of(pk).values(*EVIDENCE_COLUMNS)


def _link_rows(unpublished: bool, pk: int) -> QuerySet:
    return _links_of(unpublished, pk).values(*LINK_COLUMNS)


class EpochMicroseconds(Func):
    """A date-time as whole microseconds since 1970-01-01 UTC (PostgreSQL), exact."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
    output_field = BigIntegerField()


def _json_objects(rows: QuerySet, columns: tuple[str, ...], datetimes: frozenset) -> ArraySubquery:
    """`rows` as an array of JSON objects keyed by column, in the queryset's order."""
    values = {
        column: EpochMicroseconds(column) if column in datetimes else F(column)
        for column in columns
    }
    return ArraySubquery(rows.values(json=JSONObject(**values)))


def _claim_with_all(unpublished: bool, pk: int) -> QuerySet:
    """The claim's row with its evidence and link rows as arrays (PostgreSQL only)."""
    outer = OuterRef("pk")
    return _claim(unpublished, pk).annotate(
        evidence_rows=_json_objects(_evidence_of(outer), EVIDENCE_COLUMNS, EVIDENCE_DATETIMES),
        link_rows=_json_objects(_links_of(unpublished, outer), LINK_COLUMNS, frozenset()),
    )


def _with_datetimes(row: dict, datetimes: frozenset) -> dict:
    """A row read from JSON, with its date-times back from microseconds since the epoch."""
    for column in datetimes:
        value = row[column]
        if value is not None:
            row[column] = EPOCH + timedelta(microseconds=value)
    return row


CLAIM = CompiledQuery(_claim, "pk")
EVIDENCE = CompiledQuery(_evidence_rows, "pk")
LINKS = CompiledQuery(_link_rows, "pk")
CLAIM_WITH_ALL = CompiledQuery(_claim_with_all, "pk")


def claim_detail(pk: str | int, request) -> dict:
    """The claim with id `pk` as `request`'s user may read it, with its evidence and links:
    one query on PostgreSQL, four elsewhere (the claim, its topics, evidence, links). Raises
    Http404 when there is no such claim, or the user may not see it.

    The evidence counts are those of every evidence row, as in the list.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No Claim matches the given query.") from None
    if not 0 < pk <= MAX_ID:
        raise Http404("No Claim matches the given query.")
    unpublished = sees_unpublished(request.user if request is not None else None)
    using = router.db_for_read(Claim)
    in_one = connections[using].vendor == "postgresql"
    found = (CLAIM_WITH_ALL if in_one else CLAIM).rows(using=using, variant=unpublished, pk=pk)
    if not found:
        raise Http404("No Claim matches the given query.")
    row = found[0]
    if in_one:
        evidence = [_with_datetimes(item, EVIDENCE_DATETIMES) for item in row["evidence_rows"]]
        links = row["link_rows"]
    else:
        evidence = EVIDENCE.rows(using=using, pk=pk)
        links = LINKS.rows(using=using, variant=unpublished, pk=pk)
    writer = ClaimWriter(request)
    topics = row["topic_slugs"] if "topic_slugs" in row else topics_by_claim([pk]).get(pk, [])
    data = writer.claim(row, topics, Counter(item["relation"] for item in evidence))
    data["evidence"] = [_evidence(item, writer) for item in evidence]
    data["links"] = [_link(link, pk) for link in links]
    return data
