"""Browser tests: pytest-django's live server, started after the test database exists."""

import pytest
from django.db import connection


@pytest.fixture(scope="session")
def live_server(django_db_setup, django_db_blocker, live_server):
    """pytest-django's live server, set up after the test database and so stopped before the
    database is dropped.

    The live server answers each browser connection in a thread of its own, which keeps its
    database connection until the browser's socket is closed; at the end of the run one may
    still be open, and PostgreSQL then refuses to drop the test database (a warning, and a
    database left behind). Those sessions are ended here, before the drop."""
    yield live_server
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
