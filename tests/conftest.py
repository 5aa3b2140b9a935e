"""Fixtures shared by the whole suite: users of each role and logged-in clients."""

import pytest
from django.test import override_settings

from tests.factories import ContributorFactory, EditorFactory


@pytest.fixture
def editor(db):
    return EditorFactory(username="editor-in-test")


@pytest.fixture
def contributor(db):
    return ContributorFactory(username="contributor-in-test")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture(autouse=True)
def _fast_passwords():
    """Users are made in most tests; the production hasher (PBKDF2, over a million rounds)
    took 0.5-1 s a user on the CI machine and dominated fixture setup.

    An override of its own, not pytest-django's `settings` fixture: requested here, that would
    be set up before `_fresh_cache` and torn down after it, so a test's own settings (a cache
    that is down) would still be in force when the cache is cleared."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: API throttling counts there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
