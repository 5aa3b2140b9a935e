"""config/db_pool.py: pooled connections are checked when they come back from idleness."""

import pytest

from config import db_pool


class Connection:
    """Stands for a psycopg connection (only identity and weak references are used)."""


@pytest.fixture
def checks(monkeypatch):
    checked = []
    monkeypatch.setattr(
        db_pool.ConnectionPool, "check_connection", staticmethod(lambda conn: checked.append(conn))
    )
    return checked


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(db_pool.time, "monotonic", lambda: now[0])
    return now


def test_a_connection_is_checked_first_and_after_idling(checks, clock):
    check = db_pool.CheckWhenIdle(1.0)
    busy, other = Connection(), Connection()
    check(busy)
    check(other)
    assert checks == [busy, other]  # never handed out before
    clock[0] += 0.2
    check(busy)  # back out within the second: its last request proved it
    assert checks == [busy, other]
    clock[0] += 1.5
    check(busy)
    assert checks == [busy, other, busy]


def test_zero_seconds_checks_every_time(checks, clock):
    check = db_pool.CheckWhenIdle(0)
    conn = Connection()
    for _ in range(3):
        check(conn)
    assert checks == [conn, conn, conn]


def test_a_failed_check_raises_so_the_pool_replaces_the_connection(monkeypatch, clock):
    def refuse(conn):
        raise OSError("server closed the connection")

    monkeypatch.setattr(db_pool.ConnectionPool, "check_connection", staticmethod(refuse))
    with pytest.raises(OSError):
        db_pool.CheckWhenIdle(1.0)(Connection())
