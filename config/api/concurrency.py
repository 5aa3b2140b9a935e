"""Conditional writes over HTTP: ETag on every versioned object, If-Match on every edit.

A client reads an object (its ETag header names the version), then sends that ETag as
`If-Match` with PUT, PATCH, DELETE or a workflow POST. No If-Match: 428 Precondition Required.
An ETag that is not the current one: 412 Precondition Failed, with the current version, and
nothing is written. The check is the services' one conditional UPDATE (sources/versioning.py),
so two writers who read the same version cannot both win, and who may write, and whether the
write is valid, are answered first (401/403/404/400/409 before 428/412).
"""

import hashlib
from collections.abc import Callable

import orjson
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework import status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from sources.versioning import (
    StaleVersion,
    Versioned,
    VersionRequired,
    version_from_etag,
    version_tag,
)

HEADER = "If-Match"


def stale_version_response(exc: StaleVersion) -> Response:
    """428 when the writer sent no usable If-Match, 412 when it names another version."""
    name = exc.model._meta.verbose_name
    if isinstance(exc, VersionRequired):
        message = (
            f"Editing a {name} needs an If-Match header with the ETag from your last read of it "
            f"(now {version_tag(exc.current)}), so that no one else's change is overwritten."
        )
        code = status.HTTP_428_PRECONDITION_REQUIRED
    else:
        message = exc.describe(name)
        code = status.HTTP_412_PRECONDITION_FAILED
    body = {"detail": message, HEADER: [message]}
    if exc.current is not None:
        body["current_version"] = exc.current
    response = Response(body, status=code)
    if exc.current is not None:
        response["ETag"] = version_tag(exc.current)
    return response


def expected_version(request, obj: Versioned) -> int | None:
    """The version the client says it read, from If-Match: None when it says none (no header,
    an empty one, or `*`, which names no version), 0 when its tags are not ours."""
    header = (request.headers.get(HEADER) or "").strip()
    if not header or header == "*":
        return None
    versions = [version_from_etag(tag) for tag in header.split(",")[:20]]
    if obj.version in versions:
        return obj.version
    return next((v for v in versions if v is not None), 0)


class ConditionalWriteMixin:
    """For viewsets of versioned models: ETag on single-object responses, and the If-Match
    version handed to the service on writes to an existing object."""

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in SAFE_METHODS and isinstance(obj, Versioned):
            obj.version = expected_version(self.request, obj)
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.has_header("ETag"):
            return response  # a replayed create: the tag its first answer was given
        renderer = getattr(response, "accepted_renderer", None)
        # A body to digest is rendered here, once: Django's handler then finds it rendered.
        tag = self.representation_tag(
            getattr(response, "data", None),
            response.status_code,
            renderer,
            lambda: response.render().content,
        )
        if tag is not None:
            response["ETag"] = tag
        return response

    def answer_tag(self, request, response) -> str | None:
        """The ETag `finalize_response` will give this answer, worked out before: an idempotent
        create stores it with its answer, whose replay (read back with its keys in another
        order) then carries the same tag."""
        renderer = getattr(request, "accepted_renderer", None)
        data = getattr(response, "data", None)
        return self.representation_tag(
            data,
            response.status_code,
            renderer,
            lambda: renderer.render(data, request.accepted_media_type, self.get_renderer_context()),
        )

    def representation_tag(
        self, data, status_code: int, renderer, render: Callable[[], bytes]
    ) -> str | None:
        """The ETag of a single object's answer (a read or a create) with `data`, written by
        `renderer`, else None. `render` gives the body, asked for only when the tag is its
        digest (`digests_body`). The fast lane's direct answers (config/direct_answers.py) ask
        this too, so both roads tag alike."""
        single = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field) is not None
        if not (
            (single or status_code == status.HTTP_201_CREATED)
            and 200 <= status_code < 300
            and isinstance(data, dict)
            and isinstance(data.get("version"), int)
        ):
            return None
        return representation_etag(data, render() if digests_body(renderer) else None)


def digests_body(renderer) -> bool:
    """Whether an answer's ETag is the digest of its body: for the JSON renderer, whose output
    is the same for the same data, written in the same order (the writers and serializers fix
    it). Other renderers' output (the browsable API's page) holds more than the object."""
    return isinstance(renderer, ORJSONRenderer)


def representation_etag(data: dict, body: bytes | None = None) -> str:
    """`"v<version>-<digest>"`: the version, which If-Match compares (edits raise it), and a
    digest of the representation, so that If-None-Match (ConditionalGetMiddleware) sees
    computed changes too (a regraded claim keeps its version but changes its body).

    The digest is of the JSON `body` when given: the body already rendered, rather than the
    data rendered a second time with sorted keys (1.9% of a claim detail's instructions,
    docs/benchmarks.md). Otherwise of that key-sorted rendering, in which a date-time left to
    the renderer (claims/api/read.py) is written as the renderer writes it (`Z` for UTC)."""
    if body is None:
        options = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z
        body = orjson.dumps(data, option=options, default=str)
    digest = hashlib.blake2b(body, digest_size=6).hexdigest()
    return version_tag(data["version"], digest)
