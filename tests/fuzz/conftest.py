"""Fixtures for the fuzz tests: the demo data loaded once per module, an editor's token,
a database connection that stays open across in-process WSGI requests, and the known bugs."""

import os
import tempfile
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from rest_framework.authtoken.models import Token

from claims.demo import demo_load
from claims.models import Claim, Evidence, Speaker, Topic
from sources.models import Outlet, Source
from tests.factories import EditorFactory

# Hypothesis keeps caches (no example database: the tests turn it off) outside the checkout.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "claimtrail-hypothesis")
)

# The model behind each path's id, by the path's first segment after /api/v1/.
MODELS = {
    "claims": Claim,
    "evidence": Evidence,
    "outlets": Outlet,
    "sources": Source,
    "speakers": Speaker,
    "topics": Topic,
}

# Bugs the fuzzer shows outside config/ (to be fixed where they are): each operation below
# must fail until its bug is fixed, then its line goes. `True`: every run shows the bug;
# `False`: whether an example hits it depends on the examples drawn (FUZZ_EXAMPLES).
KNOWN_BUGS: dict[str, tuple[str, bool]] = {}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.name in KNOWN_BUGS:
            reason, strict = KNOWN_BUGS[item.name]
            item.add_marker(pytest.mark.xfail(strict=strict, reason=f"BUG: {reason}"))


@pytest.fixture(scope="module")
def fuzz_data(django_db_setup, django_db_blocker):
    """The demo data (so that path ids name real objects), an editor's token and the ids of
    each kind, made once for the module in a transaction rolled back at its end. Each test,
    and each example in it, runs in a savepoint inside it: what one example writes is gone
    before the next, so every example sees the same objects."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo_load()
            editor = EditorFactory(username="fuzz-editor")
            yield {
                "editor_token": Token.objects.create(user=editor).key,
                "ids": {
                    kind: list(model.objects.order_by("pk").values_list("pk", flat=True)[:30])
                    for kind, model in MODELS.items()
                },
            }
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _keep_connection_open():
    """Django's WSGI handler closes the database connection when a request ends, which
    would end the test's transaction; like Django's test client, keep it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
