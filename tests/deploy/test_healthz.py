"""/healthz: 200 when the database (and the shared cache, when configured) answers, 503 naming
what failed otherwise; reachable over plain HTTP when everything else redirects to HTTPS."""

from unittest import mock

import pytest
from django.db import OperationalError, connections

CACHES_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}
CACHES_NOWHERE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens on port 1: refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.mark.django_db
def test_healthy(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # SELECT 1, no session or user lookups
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_database_unreachable_is_503_naming_it(client, caplog):
    broken = mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    )
    with broken:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert "connection refused" not in response.content.decode()  # details go to the log
    assert any("health check failed: database" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_head_works_and_post_is_refused(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/15").ping())
    except redis.exceptions.RedisError:
        return False


@pytest.mark.django_db
def test_with_redis_the_cache_is_checked(client, settings):
    if not _redis_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.REDIS_URL = CACHES_REDIS["default"]["LOCATION"]
    settings.CACHES = CACHES_REDIS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_with_redis_down_the_answer_is_503_naming_the_cache(client, settings):
    settings.REDIS_URL = CACHES_NOWHERE["default"]["LOCATION"]
    settings.CACHES = CACHES_NOWHERE
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    redirected = client.get("/api/v1/claims/")
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")


@pytest.mark.django_db
def test_not_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "2/minute"},
    }
    statuses = {client.get("/healthz").status_code for _ in range(5)}
    assert statuses == {200}
