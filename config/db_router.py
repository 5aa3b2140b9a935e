"""Read replicas: reads of safe requests go to a replica, everything else to the primary.

Switched on by `DATABASE_REPLICA_URLS` (config/settings.py adds one database alias per URL,
`replica_1`, `replica_2`, ..., and this router). Then:

- a GET, HEAD or OPTIONS request outside the admin reads from a replica, chosen at random
  for each request and kept for the whole request, so one response never mixes two
  replicas' states;
- a write request (POST, PUT, PATCH, DELETE) reads and writes on the primary: a service's
  reads before its write (the version check, the rules) must see the latest rows;
- the admin always uses the primary: an editor who has just saved must see the save, and
  replication lag must never make an edit look lost;
- writes, migrations and anything outside a request (management commands, tasks) use the
  primary.

`ReplicaRoutingMiddleware` (right after the request id middleware when replicas are on)
marks the request.
"""

import random
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

PRIMARY = "default"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The replica this request reads from, or None (the primary).
_read_alias: ContextVar[str | None] = ContextVar("read_alias", default=None)


def replica_aliases() -> list[str]:
    """The configured replicas' database aliases, in order."""
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def reads_from_replica(request: HttpRequest, admin_prefix: str) -> bool:
    """Whether this request's reads may go to a replica."""
    return request.method in SAFE_METHODS and not request.path.startswith(admin_prefix)


class ReplicaRoutingMiddleware:
    """Chooses, per request, where its reads go (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.replicas = replica_aliases()
        self.admin_prefix = reverse("admin:index")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replica = self.replicas and reads_from_replica(request, self.admin_prefix)
        token = _read_alias.set(random.choice(self.replicas) if replica else None)
        try:
            return self.get_response(request)
        finally:
            _read_alias.reset(token)


class ReadReplicaRouter:
    """Sends reads to the request's replica when it has one; all else to the primary."""

    def db_for_read(self, model, **hints) -> str:
        return _read_alias.get() or PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Replicas hold the primary's rows: objects from any of them may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        # Replicas copy the primary (streaming replication); only the primary is migrated.
        return db == PRIMARY
