"""API clients for each kind of caller, and a clean throttle count for every test."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

from .helpers import api_client

ROLES = ["anonymous", "reader", "contributor", "editor"]


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttling counts requests in the cache; a test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(db):
    """A logged-in user who is not newsroom staff: reads what the public reads."""
    return UserFactory(username="reader-in-test", is_staff=False)


@pytest.fixture
def anon():
    return api_client()


@pytest.fixture
def reader_api(reader):
    return api_client(reader)


@pytest.fixture
def contributor_api(contributor):
    return api_client(contributor)


@pytest.fixture
def editor_api(editor):
    return api_client(editor)


@pytest.fixture
def client_for(request):
    """`client_for(role)`: the API client of one of ROLES."""
    names = {
        "anonymous": "anon",
        "reader": "reader_api",
        "contributor": "contributor_api",
        "editor": "editor_api",
    }
    return lambda role: request.getfixturevalue(names[role])
