"""config/pooled_reads.py: with pooling on, a compiled read outside any connection of the
request's own borrows one from the pool for its statement, and gives the same rows as the
ordinary road; anything that must see the request's connection or its queries keeps it."""

from types import SimpleNamespace

import pytest
from django.db import DataError, OperationalError, connection, transaction
from django.db.backends.signals import connection_created
from django.test.utils import CaptureQueriesContext

from claims.api.detail import CLAIM, CLAIM_WITH_ALL, claim_detail
from claims.models import Status
from config.pooled_reads import borrowed_cursor, borrowing_pool

from .helpers import claim_with_everything, make_claim


def wrapper(**overrides) -> SimpleNamespace:
    """What `borrowing_pool` reads of a database wrapper: by default one that may borrow."""
    values = {
        "connection": None,
        "in_atomic_block": False,
        "vendor": "postgresql",
        "execute_wrappers": [],
        "queries_logged": False,
        "pool": "the pool",
    }
    return SimpleNamespace(**{**values, **overrides})


def test_a_read_borrows_only_when_nothing_needs_the_requests_own_connection(settings):
    settings.DATABASE_POOL_DIRECT_READS = True
    assert borrowing_pool(wrapper()) == "the pool"
    # An open connection may hold a transaction or session state the read must see.
    assert borrowing_pool(wrapper(connection=object())) is None
    # Closed inside `atomic`: Django refuses to connect again until the block ends.
    assert borrowing_pool(wrapper(in_atomic_block=True)) is None
    assert borrowing_pool(wrapper(execute_wrappers=[print])) is None  # instrumented
    assert borrowing_pool(wrapper(queries_logged=True)) is None  # DEBUG, counted in tests
    assert borrowing_pool(wrapper(vendor="sqlite")) is None
    assert borrowing_pool(wrapper(pool=None)) is None  # pooling off
    settings.DATABASE_POOL_DIRECT_READS = False
    assert borrowing_pool(wrapper()) is None


# Committed rows (a borrowed connection does not see the test's transaction); the rows the
# migrations wrote are put back afterwards, as in the suite's other transactional tests.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def pooled():
    """The default alias with psycopg's pool on, as DATABASE_POOL=1 sets it (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("connection pooling is PostgreSQL's")
    settings_dict = connection.settings_dict
    saved = settings_dict["OPTIONS"], settings_dict["CONN_MAX_AGE"]
    connection.close()
    # No check before a connection is handed out, so that a dropped one reaches the read.
    settings_dict["OPTIONS"] = {**saved[0], "pool": {"min_size": 1, "max_size": 2, "check": None}}
    settings_dict["CONN_MAX_AGE"] = 0
    try:
        yield connection.pool
    finally:
        connection.close()
        connection.close_pool()
        settings_dict["OPTIONS"], settings_dict["CONN_MAX_AGE"] = saved


@committed
def test_a_detail_read_outside_a_connection_borrows_and_gives_the_ordinary_rows(pooled):
    claim = claim_with_everything()
    with CaptureQueriesContext(connection):  # query logging: the ordinary road
        expected = CLAIM_WITH_ALL.rows(using="default", variant=False, pk=claim.pk)
        expected_detail = claim_detail(claim.pk, None)
    connection.close()  # back to the pool: the request holds no connection now
    opened = []

    def record(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection_created.connect(record)
    borrowed_before = pooled.get_stats()["requests_num"]
    try:
        rows = CLAIM_WITH_ALL.rows(using="default", variant=False, pk=claim.pk)
        detail = claim_detail(claim.pk, None)
    finally:
        connection_created.disconnect(record)
    assert rows == expected and len(rows) == 1
    for column in ("created_at", "updated_at", "published_at"):
        assert rows[0][column].tzinfo is expected[0][column].tzinfo
    assert detail == expected_detail
    assert detail["evidence"] and detail["links"]
    # Django's wrapper never opened a connection: two statements, each on a borrowed one,
    # both given back.
    assert connection.connection is None and opened == []
    stats = pooled.get_stats()
    assert stats["requests_num"] - borrowed_before == 2
    assert stats["pool_available"] == stats["pool_size"]


@committed
def test_inside_a_transaction_the_read_sees_its_uncommitted_rows(pooled):
    """A read inside the request's transaction stays on its connection: a borrowed one would
    not see the rows the transaction has written."""
    with transaction.atomic():
        claim = make_claim(Status.PUBLISHED)
        assert borrowing_pool(connection) is None
        (row,) = CLAIM.rows(using="default", variant=False, pk=claim.pk)
        assert row["id"] == claim.pk
        transaction.set_rollback(True)


@committed
def test_counted_queries_take_the_ordinary_road(pooled):
    claim = make_claim(Status.PUBLISHED)
    connection.close()
    with CaptureQueriesContext(connection) as captured:
        CLAIM.rows(using="default", variant=False, pk=claim.pk)
    assert len(captured) == 1 and "claims_claim" in captured[0]["sql"]


@committed
def test_a_database_error_on_a_borrowed_connection_is_djangos_and_the_pool_recovers(pooled):
    claim = make_claim(Status.PUBLISHED)
    connection.close()
    with pytest.raises(DataError), borrowed_cursor(connection, pooled) as cursor:
        cursor.execute("SELECT 1 / 0")
    stats = pooled.get_stats()
    assert stats["pool_available"] == stats["pool_size"]  # given back
    (row,) = CLAIM.rows(using="default", variant=False, pk=claim.pk)
    assert row["id"] == claim.pk


@committed
def test_a_connection_the_server_dropped_fails_one_read_and_is_replaced(pooled):
    """A borrowed connection whose server process ended (a restart, an idle timeout) fails
    that read with Django's OperationalError; the pool discards it, and the next read gets a
    new one."""
    import psycopg

    claim = make_claim(Status.PUBLISHED)
    connection.close()
    assert pooled.get_stats()["pool_size"] >= 1
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"], user=params["USER"], password=params["PASSWORD"] or None,
        host=params["HOST"] or None, port=params["PORT"] or None, autocommit=True,
    ) as admin:  # fmt: skip
        # Every connection of the pool: as a database restart would.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    failures = 0
    for _attempt in range(pooled.max_size + 1):
        try:
            (row,) = CLAIM.rows(using="default", variant=False, pk=claim.pk)
            break
        except OperationalError:
            failures += 1  # one read per dropped connection, which the pool then discards
    assert row["id"] == claim.pk
    assert 1 <= failures <= pooled.max_size
    assert connection.connection is None


@committed
def test_a_borrowed_connection_reads_in_autocommit_whatever_it_was_given_back_with(pooled):
    """A request that turned autocommit off and gave its connection back leaves it so in the
    pool; the read turns it on again, as Django's connect() does, and opens no transaction."""
    from psycopg.pq import TransactionStatus

    claim = make_claim(Status.PUBLISHED)
    connection.close()
    held = [pooled.getconn() for _ in range(pooled.max_size)]  # every connection there is
    for raw in held:
        raw.autocommit = False
        pooled.putconn(raw)
    with borrowed_cursor(connection, pooled) as cursor:
        cursor.execute("SELECT %s::bigint", [claim.pk])
        assert cursor.fetchone() == (claim.pk,)
        assert cursor.connection.autocommit
        assert cursor.connection.info.transaction_status == TransactionStatus.IDLE
