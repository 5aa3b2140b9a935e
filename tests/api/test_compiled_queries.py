"""config/compiled_queries.py: querysets compiled once, run with new values, give the ORM rows."""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from claims.api.detail import CLAIM, EVIDENCE, LINKS
from claims.api.read import claim_rows
from claims.models import Claim, Evidence, Status
from config.compiled_queries import WINDOW, CompiledQuery
from tests.factories import ClaimLinkFactory, EvidenceFactory

from .helpers import make_claim

pytestmark = pytest.mark.django_db


def test_rows_are_those_of_values_for_every_value_given():
    claims = [make_claim(Status.PUBLISHED) for _ in range(3)]
    for claim in claims:
        EvidenceFactory(claim=claim)
    for claim in claims:
        expected = list(claim_rows(Claim.objects.with_related().filter(pk=claim.pk)))
        assert CLAIM.rows(using="default", variant=True, pk=claim.pk) == expected
        expected_evidence = list(
            Evidence.objects.filter(claim=claim)
            .order_by("relation", "id")
            .values(*EVIDENCE.build(None, pk=claim.pk).query.values_select)
        )
        assert EVIDENCE.rows(using="default", pk=claim.pk) == expected_evidence
    # The ORM's converters ran: JSON is decoded, datetimes are aware.
    row = CLAIM.rows(using="default", variant=True, pk=claims[0].pk)[0]
    assert isinstance(row["credibility_reasons"], list)
    assert row["created_at"].tzinfo is not None


def test_the_queryset_is_built_and_compiled_once_per_database_and_variant():
    builds = []

    def build(variant, pk):
        builds.append(variant)
        return Claim.objects.filter(pk=pk).values("id", "status")

    query = CompiledQuery(build, "pk")
    first, second = make_claim(Status.PUBLISHED), make_claim(Status.DRAFT)
    for claim in (first, second, first):
        expected = [{"id": claim.pk, "status": claim.status}]
        assert query.rows(using="default", pk=claim.pk) == expected
    assert query.rows(using="default", variant="other", pk=second.pk)[0]["id"] == second.pk
    assert builds == [None, "other"]
    with CaptureQueriesContext(connection) as captured:
        assert query.rows(using="default", pk=first.pk + 10_000) == []
    assert len(captured) == 1


def test_a_value_used_more_than_once_is_replaced_everywhere():
    published, draft = make_claim(Status.PUBLISHED), make_claim(Status.DRAFT)
    ClaimLinkFactory(from_claim=published, to_claim=draft)
    ClaimLinkFactory(from_claim=make_claim(Status.PUBLISHED), to_claim=published)
    staff = LINKS.rows(using="default", variant=True, pk=published.pk)
    public = LINKS.rows(using="default", variant=False, pk=published.pk)
    assert len(staff) == 2
    assert [link["from_claim_id"] for link in public] == [staff[1]["from_claim_id"]]


def test_the_variant_keeps_unpublished_claims_from_readers_outside_the_newsroom():
    draft = make_claim(Status.DRAFT)
    assert CLAIM.rows(using="default", variant=False, pk=draft.pk) == []
    assert CLAIM.rows(using="default", variant=True, pk=draft.pk)[0]["id"] == draft.pk


def test_a_value_the_sql_does_not_carry_as_a_parameter_is_refused():
    ignores_its_value = CompiledQuery(lambda variant, pk: Claim.objects.values("id"), "pk")
    with pytest.raises(ValueError, match="not parameters"):
        ignores_its_value.rows(using="default", pk=1)


def test_a_windowed_query_takes_each_page_s_limit_and_offset_where_the_window_slice_is():
    claims = [make_claim(Status.PUBLISHED) for _ in range(7)]
    order = ("-id",)

    def build(variant):
        ids = Claim.objects.order_by(*order).values("pk")[WINDOW]
        return Claim.objects.filter(pk__in=ids).order_by(*order).values("id")

    windowed = CompiledQuery(build)
    newest_first = [claim.pk for claim in reversed(claims)]
    for offset, limit in ((0, 3), (2, 3), (5, 3), (7, 2)):
        with CaptureQueriesContext(connection) as captured:
            rows = windowed.rows(using="default", limit=limit, offset=offset)
        assert [row["id"] for row in rows] == newest_first[offset : offset + limit]
        # Written inside the subquery, and nowhere else.
        (query,) = captured
        assert query["sql"].count("LIMIT") == 1
        assert f"LIMIT {limit} OFFSET {offset})" in query["sql"]
    with pytest.raises(ValueError, match="needs a limit"):
        windowed.rows(using="default")


def test_a_query_using_the_window_slice_twice_is_refused():
    def build(variant):
        ids = Claim.objects.order_by("id").values("pk")[WINDOW]
        return Claim.objects.filter(pk__in=ids).exclude(pk__in=ids).values("id")

    with pytest.raises(ValueError, match="2 times"):
        CompiledQuery(build).rows(using="default", limit=1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_thread_runs_the_shared_statement_on_its_own_connection():
    claims = [make_claim(Status.PUBLISHED) for _ in range(4)]
    CLAIM.rows(using="default", variant=False, pk=claims[0].pk)  # compiled in this thread
    found, used, errors = {}, set(), []

    def read(claim):
        try:
            with CaptureQueriesContext(connections["default"]) as captured:
                found[claim.pk] = CLAIM.rows(using="default", variant=False, pk=claim.pk)
            assert len(captured) >= 1
            used.add(id(connections["default"]))
        except Exception as error:  # reported below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read, args=(claim,)) for claim in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {pk: rows[0]["id"] for pk, rows in found.items()} == {c.pk: c.pk for c in claims}
    assert id(connections["default"]) not in used


@pytest.mark.parametrize("pk", ["abc", "0", "-5", str(2**63), "99999999999999999999999"])
def test_an_id_that_cannot_be_a_claim_is_a_json_404(client, pk):
    response = client.get(f"/api/v1/claims/{pk}/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement on PostgreSQL only")
@pytest.mark.parametrize("unpublished", [False, True])
def test_on_postgresql_the_detail_is_one_statement_with_the_same_rows(unpublished):
    from datetime import UTC, datetime

    from claims.api.detail import CLAIM_WITH_ALL, EVIDENCE_DATETIMES, _with_datetimes

    claim = make_claim(Status.PUBLISHED)
    undated = EvidenceFactory(claim=claim, relation="corroborates")
    undated.source.published_at = None
    undated.source.save()
    dated = EvidenceFactory(claim=claim, relation="conflicts")
    # Microseconds, and a date before 1970: both survive the trip as microseconds.
    dated.source.published_at = datetime(1969, 7, 20, 20, 17, 40, 123456, tzinfo=UTC)
    dated.source.save()
    ClaimLinkFactory(from_claim=claim, to_claim=make_claim(Status.PUBLISHED))
    ClaimLinkFactory(from_claim=make_claim(Status.DRAFT), to_claim=claim)

    with CaptureQueriesContext(connection) as queries:
        (row,) = CLAIM_WITH_ALL.rows(using="default", variant=unpublished, pk=claim.pk)
    assert len(queries) == 1
    evidence = [_with_datetimes(item, EVIDENCE_DATETIMES) for item in row.pop("evidence_rows")]
    links = row.pop("link_rows")
    assert row == CLAIM.rows(using="default", variant=unpublished, pk=claim.pk)[0]
    assert evidence == EVIDENCE.rows(using="default", pk=claim.pk)
    assert links == LINKS.rows(using="default", variant=unpublished, pk=claim.pk)
    assert len(evidence) == 3 and len(links) == (2 if unpublished else 1)
    assert {item["source__published_at"] for item in evidence} >= {
        None,
        datetime(1969, 7, 20, 20, 17, 40, 123456, tzinfo=UTC),
    }


def test_date_times_are_the_orms_to_the_time_zone_object(monkeypatch):
    """On PostgreSQL in UTC the compiled path loads date-times with psycopg's own loader; they
    are the ORM's values, time zone object included."""
    from config.compiled_queries import _utc_timestamp_loader

    claim = make_claim(Status.PUBLISHED)
    registered = []
    if connection.vendor == "postgresql":
        from psycopg.adapt import AdaptersMap

        real = AdaptersMap.register_loader

        def recording(self, oid, loader):
            registered.append((oid, loader))
            return real(self, oid, loader)

        monkeypatch.setattr(AdaptersMap, "register_loader", recording)
    (row,) = CLAIM.rows(using="default", variant=True, pk=claim.pk)
    monkeypatch.undo()
    (expected,) = claim_rows(Claim.objects.with_related().filter(pk=claim.pk))
    for column in ("created_at", "updated_at", "published_at"):
        assert row[column] == expected[column]
        assert row[column].tzinfo is expected[column].tzinfo
    with connection.cursor() as cursor:
        loader = _utc_timestamp_loader(connection, cursor.cursor)
    if connection.vendor == "postgresql":
        assert loader is not None and loader.__module__.startswith("psycopg")
        assert registered == [("timestamptz", loader)]  # on the compiled query's cursor
    else:
        assert loader is None and registered == []
