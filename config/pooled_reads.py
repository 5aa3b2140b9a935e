"""A compiled read on a connection borrowed from the pool for one statement.

With pooling on (DATABASE_POOL=1), Django hands each request a connection from psycopg's
pool the first time the request touches the database, and gives it back when the request
ends: `connect()` (the connection parameters built again, autocommit set, the session
checked, `connection_created` sent) and `close()` around a cursor wrapper: about 57 µs of
CPU in a tight loop, where psycopg's pool itself hands a connection out and takes it back in
6 µs. A claim's detail is one statement; without that handling it costs 6.7-8.8% fewer
instructions (docs/benchmarks.md, ninth API run).

`read_cursor` gives a compiled read its cursor on one road or the other; `borrowing_pool`
says when it may skip Django's handling: the alias pools its connections, the request
holds no connection of its own and is not inside `atomic` (so there is no transaction,
savepoint or session setting the read would have to see), and nothing watches the wrapper's
queries (no execute wrappers, no query logging: `DEBUG`, or a test counting queries, which
then sees the same statement on the ordinary road). `borrowed_cursor` then takes a connection
from the same pool, runs the read in autocommit (as Django's `connect()` sets it), maps
psycopg's errors to Django's, and gives it back. The SQL, its parameters, the connection's
settings and the rows' conversion are those of the ordinary road.
`DATABASE_POOL_DIRECT_READS=0` turns it off (for instance under an APM that instruments
Django's cursor wrapper, which would not see these reads).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper


def borrowing_pool(connection: BaseDatabaseWrapper) -> Any | None:
    """The psycopg pool a read on `connection`'s alias may borrow from directly, else None."""
    if (
        connection.connection is not None
        # Closed inside `atomic` (Django then refuses to connect again until it ends).
        or connection.in_atomic_block
        or connection.vendor != "postgresql"
        or connection.execute_wrappers
        or connection.queries_logged
        or not settings.DATABASE_POOL_DIRECT_READS
    ):
        return None
    return connection.pool


@contextmanager
def borrowed_cursor(connection: BaseDatabaseWrapper, pool: Any) -> Iterator[Any]:
    """A psycopg cursor on a connection taken from `pool` for the block, given back after;
    psycopg's errors come out as Django's (`DatabaseError` and its kind)."""
    with connection.wrap_database_errors:
        if pool.closed:
            pool.open()  # as Django opens it on first use
        raw = pool.getconn()
        try:
            # As Django's `connect()` sets it: a connection given back by a request that
            # turned autocommit off would otherwise run the read in a transaction.
            if not raw.autocommit:
                raw.autocommit = True
            with raw.cursor() as cursor:
                yield cursor
        finally:
            # A broken connection (the server went away) is discarded by the pool.
            pool.putconn(raw)


@contextmanager
def read_cursor(connection: BaseDatabaseWrapper) -> Iterator[tuple[Any, Any]]:
    """(the cursor to run one read on, its driver cursor): a connection borrowed from the pool
    when `borrowing_pool` allows it, else Django's cursor wrapper (which logs, counts and wraps
    the query as every ORM query does) around its driver cursor."""
    pool = borrowing_pool(connection)
    if pool is None:
        with connection.cursor() as cursor:
            yield cursor, cursor.cursor
    else:
        with borrowed_cursor(connection, pool) as cursor:
            yield cursor, cursor
