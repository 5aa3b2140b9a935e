"""The settings of docs/scaling.md, tested on this machine: read replicas behind the database
router, and Redis as the shared cache that every worker's throttling counts in.

Each test runs the product in a separate process with the environment a deployment would set
(settings are read once per process), against a throwaway SQLite database that serves as both
the primary and its "replica" (the router's choice shows in which connection ran the queries).
"""

import json
import os
import socket
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings

from claims.models import Claim
from config import db_router

from .test_production_settings import run

ROUTER = "config.db_router.ReadReplicaRouter"


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory) -> str:
    """A migrated SQLite file with the demo article, as a DATABASE_URL."""
    path = tmp_path_factory.mktemp("scaling") / "claimtrail.sqlite3"
    url = f"sqlite:///{path}"
    for command in (["migrate", "-v0"], ["load_demo"]):
        result = run(["manage.py", *command], env(DATABASE_URL=url))
        assert result.returncode == 0, result.stderr
    return url


def env(**extra: str) -> dict[str, str]:
    out = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    out.update(extra)
    return out


def in_product(script: str, **environment: str) -> dict:
    """Run `script` in a fresh product process; it prints one JSON object last."""
    setup = "import django, json\ndjango.setup()\n"
    result = run(["-c", setup + script], env(**environment))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


ROUTING = """
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from claims.models import Claim, Topic

def where(call):
    with CaptureQueriesContext(connections["default"]) as primary, \\
         CaptureQueriesContext(connections["replica_1"]) as replica:
        response = call()
    return {"status": response.status_code, "primary": len(primary), "replica": len(replica)}

editor = get_user_model().objects.create_superuser("scaling-editor", password="not-used-1")
reader, staff = Client(), Client()
staff.force_login(editor)
claim = Claim.objects.filter(status="published").first()
print(json.dumps({
    "aliases": sorted(settings.DATABASES),
    "routers": settings.DATABASE_ROUTERS,
    "mirror": settings.DATABASES["replica_1"]["TEST"]["MIRROR"],
    "api_list": where(lambda: reader.get("/api/v1/claims/")),
    "api_detail": where(lambda: reader.get(f"/api/v1/claims/{claim.pk}/")),
    "public_page": where(lambda: reader.get("/")),
    "staff_api_read": where(lambda: staff.get("/api/v1/claims/?status=draft")),
    "admin": where(lambda: staff.get("/admin/claims/claim/")),
    "api_write": where(lambda: staff.post(
        "/api/v1/topics/", {"name": "Replicas", "slug": "replicas"},
        content_type="application/json")),
    "outside_a_request": Claim.objects.all().db,
    "written_on_primary": Topic.objects.using("default").filter(slug="replicas").exists(),
}))
"""


def test_with_replicas_api_and_public_reads_go_to_a_replica_and_the_rest_to_the_primary(
    demo_database,
):
    seen = in_product(ROUTING, DATABASE_URL=demo_database, DATABASE_REPLICA_URLS=demo_database)
    assert seen["aliases"] == ["default", "replica_1"]
    assert seen["routers"] == [ROUTER] and seen["mirror"] == "default"
    for read in ("api_list", "api_detail", "public_page", "staff_api_read"):
        assert seen[read]["status"] == 200, read
        assert seen[read]["replica"] > 0 and seen[read]["primary"] == 0, (read, seen[read])
    # The admin reads its own writes; a write request reads and writes on the primary.
    assert seen["admin"]["status"] == 200
    assert seen["admin"]["primary"] > 0 and seen["admin"]["replica"] == 0
    assert seen["api_write"]["status"] == 201
    assert seen["api_write"]["primary"] > 0 and seen["api_write"]["replica"] == 0
    assert seen["written_on_primary"] is True
    assert seen["outside_a_request"] == "default"


def test_without_replicas_there_is_no_router_and_one_database(demo_database):
    seen = in_product(
        "from django.conf import settings\n"
        "print(json.dumps({'aliases': sorted(settings.DATABASES),"
        " 'routers': settings.DATABASE_ROUTERS,"
        " 'middleware': [m for m in settings.MIDDLEWARE if 'db_router' in m]}))",
        DATABASE_URL=demo_database,
    )
    assert seen == {"aliases": ["default"], "routers": [], "middleware": []}


def test_several_replicas_each_become_an_alias(demo_database):
    seen = in_product(
        "from django.conf import settings\n"
        "from django.db import connections\n"
        "print(json.dumps({alias: connections[alias].vendor for alias in settings.DATABASES}))",
        DATABASE_URL=demo_database,
        DATABASE_REPLICA_URLS=f"{demo_database}, {demo_database}",
    )
    assert seen == {"default": "sqlite", "replica_1": "sqlite", "replica_2": "sqlite"}


@pytest.mark.django_db
@override_settings(DATABASE_ROUTERS=[ROUTER])
def test_the_router_keeps_one_replica_for_a_whole_request_and_forgets_it_after(monkeypatch):
    monkeypatch.setattr(db_router, "replica_aliases", lambda: ["replica_1", "replica_2"])
    chosen = []

    def view(request):
        # Every read of the request goes to the same replica; writes to the primary.
        chosen.append({Claim.objects.all().db for _ in range(20)})
        chosen.append(db_router.ReadReplicaRouter().db_for_write(Claim))
        return None

    middleware = db_router.ReplicaRoutingMiddleware(view)
    for _ in range(10):
        request = RequestFactory().get("/api/v1/claims/")
        request.user = AnonymousUser()
        middleware(request)
    reads = [c for c in chosen if isinstance(c, set)]
    assert all(len(aliases) == 1 for aliases in reads)
    assert {alias for aliases in reads for alias in aliases} <= {"replica_1", "replica_2"}
    assert [c for c in chosen if isinstance(c, str)] == ["default"] * 10
    assert Claim.objects.all().db == "default"
    assert db_router.ReadReplicaRouter().allow_migrate("replica_1", "claims") is False


# --- Redis: the shared cache -----------------------------------------------------------

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url() -> str:
    parts = urlsplit(REDIS_TEST_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=2).close()
    except OSError:
        message = f"no Redis at {parts.hostname}:{parts.port or 6379} (REDIS_TEST_URL)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must test the cache settings, not skip them
        pytest.skip(message)
    return REDIS_TEST_URL


THROTTLED = """
import os
from django.conf import settings
from django.core.cache import cache
from django.test import Client
seen = cache.get("scaling-test-key")
client = Client()
statuses = [client.get("/api/v1/topics/").status_code for _ in range(3)]
cache.set("scaling-test-key", {"written by": os.environ["WORKER"]}, 60)
print(json.dumps({"backend": settings.CACHES["default"]["BACKEND"], "statuses": statuses,
                  "prefix": settings.CACHES["default"]["KEY_PREFIX"], "seen": seen}))
"""


def test_with_redis_every_process_counts_throttling_in_the_same_cache(demo_database, redis_url):
    """Two processes stand for two gunicorn workers (or hosts): the second sees what the
    first cached and counts on from the first one's requests, so a client cannot get around
    the limit by reaching another worker."""
    prefix = f"claimtrail-test-{uuid.uuid4().hex[:8]}"
    common = {
        "DATABASE_URL": demo_database,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "API_THROTTLE_ANON": "5/minute",
    }
    try:
        first = in_product(THROTTLED, WORKER="first", **common)
        second = in_product(THROTTLED, WORKER="second", **common)
    finally:
        import redis

        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    assert first["backend"] == "django.core.cache.backends.redis.RedisCache"
    assert first["prefix"] == prefix
    assert first["statuses"] == [200, 200, 200] and first["seen"] is None
    assert second["seen"] == {"written by": "first"}
    # The limit is 5 a minute across both processes, not 5 each.
    assert second["statuses"] == [200, 200, 429]


def test_without_redis_the_cache_is_local_memory(demo_database):
    seen = in_product(
        "from django.conf import settings\nprint(json.dumps(settings.CACHES['default']))",
        DATABASE_URL=demo_database,
    )
    assert seen == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def test_the_scaling_document_names_every_setting_it_relies_on():
    text = (Path(__file__).resolve().parents[2] / "docs" / "scaling.md").read_text()
    for setting in (
        "DATABASE_REPLICA_URLS",
        "REDIS_URL",
        "CACHE_KEY_PREFIX",
        "DATABASE_POOL",
        "DATABASE_SERVER_SIDE_BINDING",
        "TASKS_BACKEND",
    ):
        assert setting in text, setting
