"""Idempotent creates: a POST retried with the same `Idempotency-Key` creates one object.

A client that does not know whether its create went through (a timeout, a dropped
connection) sends it again with the same key. The first request claims the key (one row,
unique per user and key) and stores its response when it succeeds; a retry gets that response
again, marked `Idempotent-Replayed: true`. The same key with a different request is 422; a
retry while the first is still running waits for it and gets its answer. A request that fails
frees its key, so the client may correct it and try again. Keys are kept for
IDEMPOTENCY_KEY_HOURS (default 24).
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response

from .concurrency import representation_etag
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT_HEADERS = ("ETag", "Location")


def _error(message: str, code: int) -> Response:
    return Response({"detail": message, HEADER: [message]}, status=code)


def _valid(key: str) -> bool:
    return 0 < len(key) <= 255 and key.isascii() and key.isprintable()


def _fingerprint(request) -> str:
    data = request.data
    if hasattr(data, "lists"):  # a form or multipart QueryDict
        data = dict(data.lists())
    payload = json.dumps(
        [request.method, request.path, data], sort_keys=True, cls=DjangoJSONEncoder, default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _expired_before():
    return timezone.now() - timedelta(hours=getattr(settings, "IDEMPOTENCY_KEY_HOURS", 24))


def _earlier_answer(request, key: str, fingerprint: str) -> Response:
    """The answer for a key another request already used (and committed)."""
    earlier = IdempotencyKey.objects.filter(user=request.user, key=key).first()
    if earlier is None or not earlier.completed:
        # Only reachable if the first request's transaction is still open somewhere.
        return _error(
            "A request with this Idempotency-Key is still being processed; retry shortly.",
            status.HTTP_409_CONFLICT,
        )
    if (earlier.method, earlier.path, earlier.fingerprint) != (
        request.method,
        request.path,
        fingerprint,
    ):
        return _error(
            "This Idempotency-Key was used for a different request; use a new key for a new "
            "request.",
            status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    headers = dict(earlier.headers)
    data = earlier.response
    if "ETag" not in headers and isinstance(data, dict) and isinstance(data.get("version"), int):
        # Stored before answers kept their tag: its first answer had the key-sorted digest.
        headers["ETag"] = representation_etag(data)
    replay = Response(data, status=earlier.status_code, headers=headers)
    replay[REPLAYED] = "true"
    return replay


class IdempotentCreateMixin:
    """For viewsets: `create` honours the Idempotency-Key header (see the module doc)."""

    def create(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            return super().create(request, *args, **kwargs)
        if not _valid(key):
            return _error(
                "An Idempotency-Key is 1 to 255 printable ASCII characters (a UUID is a good one).",
                status.HTTP_400_BAD_REQUEST,
            )
        fingerprint = _fingerprint(request)
        IdempotencyKey.objects.filter(
            user=request.user, key=key, created_at__lt=_expired_before()
        ).delete()
        # The key, the object and the stored answer commit together or not at all: a request
        # that fails (a bad body, a database restart, a killed worker) leaves no trace, so its
        # retry runs afresh; a concurrent retry waits on the key's unique index until the first
        # commits, then gets its answer.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(
                        user=request.user, key=key, method=request.method, path=request.path,
                        fingerprint=fingerprint,
                    )  # fmt: skip
            except IntegrityError:
                return _earlier_answer(request, key, fingerprint)
            response = super().create(request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                transaction.set_rollback(True)
                return response
            answer_tag = getattr(self, "answer_tag", None)
            tag = answer_tag(request, response) if answer_tag is not None else None
            if tag is not None:
                response["ETag"] = tag  # kept by finalize_response, and stored for replays
            record.status_code = response.status_code
            record.response = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder))
            record.headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
            record.save(update_fields=["status_code", "response", "headers"])
            return response
