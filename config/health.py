"""GET /healthz: is this instance able to serve? For load balancers and orchestrators.

Runs `SELECT 1` on the database and, when REDIS_URL is set, a round trip to the shared cache
(throttling counts there, so the API cannot answer without it). 200 with {"status": "ok", ...}
when every check passes; 503 naming the failed check otherwise. The reason goes to the log, not
to the caller. No session, user or CSRF work, no throttling; exempt from the HTTPS redirect
(SECURE_REDIRECT_EXEMPT) so a probe may use plain HTTP.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    try:
        if cache.get(key) != "1":
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def checks() -> dict:
    """The checks that apply to this configuration, by name."""
    found = {"database": check_database}
    if settings.REDIS_URL:
        found["cache"] = check_cache
    return found


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    body = {"status": "ok"}
    for name, check in checks().items():
        try:
            check()
        except Exception:
            logger.exception("health check failed: %s", name)
            body[name] = "error"
            body["status"] = "error"
        else:
            body[name] = "ok"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
