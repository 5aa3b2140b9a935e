"""Database settings from the environment: persistent connections, or psycopg's pool."""

import json

from .test_production_settings import production_env, run

PRINT_DATABASE = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({"max_age": db["CONN_MAX_AGE"], "health": db["CONN_HEALTH_CHECKS"],
                  "pool": {k: v for k, v in db["OPTIONS"].get("pool", {}).items() if k != "check"},
                  "check": getattr(db["OPTIONS"].get("pool", {}).get("check"), "seconds", None)}))
"""


def database_settings(**extra: str) -> dict:
    result = run(
        ["-c", PRINT_DATABASE], production_env(DJANGO_SETTINGS_MODULE="config.settings", **extra)
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_by_default_connections_persist_with_health_checks():
    assert database_settings() == {"max_age": 600, "health": True, "pool": {}, "check": None}


def test_database_pool_switches_to_a_checked_pool_per_process():
    settings = database_settings(DATABASE_POOL="1", DATABASE_POOL_MAX_SIZE="4")
    assert settings["max_age"] == 0 and settings["health"] is False
    assert settings["pool"] == {"min_size": 2, "max_size": 4, "timeout": 10}
    assert settings["check"] == 1.0  # seconds a connection may idle before it is checked
    assert database_settings(DATABASE_POOL="1", DATABASE_POOL_CHECK_AFTER="0")["check"] == 0
