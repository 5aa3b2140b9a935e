"""Users of every role, made on demand (one per test), and clients logged in as them.

Roles: anonymous (no user), reader (logged in, not newsroom staff), contributor and editor
(the groups of claims/roles.py), admin (a superuser). `staff` (a staff account in no group:
it can enter the admin and may do nothing there) is used by the admin tests only.
"""

import pytest
from django.test import Client

from tests.api.helpers import api_client
from tests.factories import ContributorFactory, EditorFactory, UserFactory

ROLES = ["anonymous", "reader", "contributor", "editor", "admin"]
STAFF_ROLES = {"contributor", "editor", "admin"}

_MAKERS = {
    "anonymous": lambda: None,
    "reader": lambda: UserFactory(username="access-reader", is_staff=False),
    "staff": lambda: UserFactory(username="access-staff"),
    "contributor": lambda: ContributorFactory(username="access-contributor"),
    "editor": lambda: EditorFactory(username="access-editor"),
    "admin": lambda: UserFactory(username="access-admin", is_superuser=True),
}


@pytest.fixture
def user_of(db):
    """`user_of(role)`: the user of a role (None for anonymous), made once per test."""
    made: dict = {}

    def get(role: str):
        if role not in made:
            made[role] = _MAKERS[role]()
        return made[role]

    return get


@pytest.fixture
def api_as(user_of):
    """`api_as(role)`: an API client with the role's token (see tests/api/helpers.api_client)."""
    return lambda role: api_client(user_of(role))


@pytest.fixture
def browser_as(user_of):
    """`browser_as(role)`: a Django test client logged in (session) as the role's user; server
    errors come back as 500 responses so that a crash fails an assertion, not the run."""

    def make(role: str) -> Client:
        client = Client(raise_request_exception=False)
        user = user_of(role)
        if user is not None:
            client.force_login(user)
        return client

    return make
