"""Admin login locks out after repeated failures (django-axes, database handler): the failures
are rows in the database, so a fresh client, as another worker or host would see it, is locked
too. Locked by username and address together: other addresses and other users still log in."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token

from config.auth import client_ip
from tests.factories import EditorFactory

PASSWORD = "correct-horse-battery-9"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Dozens of logins per test: a fast hasher keeps them quick (what is hashed is no concern)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    user = EditorFactory(username="lock-editor")
    user.set_password(PASSWORD)
    user.save()
    return user


def attempt(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_defaults():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_repeated_failures_lock_the_login_for_every_worker(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, staff.username, "wrong")
        assert response.status_code == 200  # the login form again, with its error
    locked = attempt(client, staff.username, "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()

    # Stored in the database: what every worker on every host reads.
    row = AccessAttempt.objects.get(username=staff.username)
    assert row.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert row.ip_address == "203.0.113.7"

    # A fresh client (a new session, as on another worker) with the right password: refused.
    other_worker = Client()
    refused = attempt(other_worker, staff.username, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in other_worker.session


def test_the_lock_is_per_username_and_address(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, staff.username, "wrong")
    assert attempt(Client(), staff.username, PASSWORD).status_code == 429

    # The same user from another address logs in: a shared office address is not punished
    # for one attacker, and an attacker elsewhere cannot lock an editor out.
    elsewhere = Client()
    response = attempt(elsewhere, staff.username, PASSWORD, ip="198.51.100.20")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"

    # Another user from the locked address logs in too.
    colleague = EditorFactory(username="lock-colleague")
    colleague.set_password(PASSWORD)
    colleague.save()
    assert attempt(Client(), colleague.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, staff.username, "wrong")
    assert attempt(Client(), staff.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )
    assert attempt(Client(), staff.username, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, staff.username, "wrong")
    assert attempt(Client(), staff.username, PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(Client(), staff.username, "wrong").status_code == 200
    assert attempt(Client(), staff.username, PASSWORD).status_code == 302


def test_the_test_clients_login_and_force_login_still_work(client, staff):
    assert client.login(username=staff.username, password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    forced = Client()
    forced.force_login(staff)
    assert forced.get("/admin/").status_code == 200


def test_api_token_and_session_authentication_still_work(client, staff):
    token = Token.objects.create(user=staff)
    url = reverse("api:claim-list")
    with_token = client.get(url, headers={"Authorization": f"Token {token.key}"})
    assert with_token.status_code == 200
    bad_token = client.get(url, headers={"Authorization": "Token not-a-token"})
    assert bad_token.status_code == 401
    session = Client()
    session.force_login(staff)
    assert session.get(url).status_code == 200


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy: the header is the client's, ignored
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client cannot forge its address
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: misconfigured
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_client_address_behind_proxies(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
