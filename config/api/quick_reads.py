"""Anonymous JSON reads answered with less of DRF's per-request machinery.

Mirrors poll the claim list and the claim detail all day as anonymous clients asking for JSON.
Once those views' queries were compiled, DRF's request cycle (instantiating authenticators and
running them, parsing the Accept header and negotiating a renderer) was a large part of what
was left (docs/benchmarks.md). `QuickReadMixin` shortens it for exactly that shape and leaves
every other request to DRF unchanged:

- GET, with no `Authorization` header and no session cookie, so that the caller is anonymous
  whatever the authenticators are;
- an `Accept` header that DRF would answer with the JSON renderer (none, `*/*`,
  `application/json`);
- a view action listed in `quick_actions`, with only the query parameters listed for it (no
  `format`, no filter).

Such a request gets a DRF `Request` with no authenticators (its user is anonymous), the JSON
renderer without negotiation, and then what DRF's dispatch does: the view's permission
classes and throttles (counted under the same keys), the action itself, DRF's exception
handling and the view's own `finalize_response`. Headers (`Allow`, `Vary`, the ETag) and error
bodies are therefore those DRF gives; tests/api/test_quick_reads.py checks that both paths
answer byte for byte the same.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.http.cookie import parse_cookie
from django.utils.cache import patch_vary_headers
from rest_framework.request import Request

# Accept headers DRF's negotiation answers with the first renderer (JSON here).
JSON_ACCEPTS = frozenset({"", "*/*", "application/json"})


def is_plain_anonymous_json_get(meta: Mapping[str, Any], parameters: frozenset[str]) -> bool:
    """Whether the request whose WSGI environ (or `request.META`) is `meta` is an anonymous
    GET for JSON whose query parameters are all among `parameters` (see the module)."""
    cookies = meta.get("HTTP_COOKIE")
    query = meta.get("QUERY_STRING")
    return (
        meta.get("REQUEST_METHOD") == "GET"
        and "HTTP_AUTHORIZATION" not in meta
        and (not cookies or settings.SESSION_COOKIE_NAME not in parse_cookie(cookies))
        and meta.get("HTTP_ACCEPT", "").strip() in JSON_ACCEPTS
        and (not query or parameters.issuperset(QueryDict(query)))
    )


class QuickReadMixin:
    """For DRF viewsets: `quick_actions` maps an action to the query parameters it may take on
    the quick path (see the module)."""

    quick_actions: dict[str, frozenset[str]] = {}
    # Quick actions the fast lane may answer without DRF's dispatch (config/direct_answers.py):
    # action -> the name of a method `(request, **kwargs)` returning the answer's data.
    direct_actions: dict[str, str] = {}

    def dispatch(self, request, *args, **kwargs):
        action = self.action_map.get(request.method.lower())
        parameters = self.quick_actions.get(action)
        if parameters is not None and is_plain_anonymous_json_get(request.META, parameters):
            return self._quick_dispatch(action, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def _quick_dispatch(self, action: str, request: HttpRequest, *args, **kwargs):
        """DRF's `dispatch` for an anonymous caller whose renderer is known."""
        self.action = action
        request = anonymous_request(self, request, args, kwargs)
        try:
            self.check_permissions(request)
            self.check_throttles(request)
            response = getattr(self, action)(request, *args, **kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        response = self.finalize_response(request, response, *args, **kwargs)
        # The answer depends on the session: a signed-in editor gets another one (drafts). DRF's
        # session authentication says so by reading the session, which adds `Vary: Cookie`;
        # a cache in front must not serve this anonymous answer to a signed-in caller.
        patch_vary_headers(response, ("Cookie",))
        self.response = response
        return response


def anonymous_request(view, request: HttpRequest, args: tuple, kwargs: dict) -> Request:
    """The DRF request for `request`, and `view` set up for it, as DRF's dispatch and
    `initial` set them up, for a caller known to be anonymous whose renderer is the first
    (JSON): no authenticators (the request carries no credentials) and no negotiation."""
    view.args, view.kwargs = args, kwargs
    drf_request = Request(request, parser_context={"view": view, "args": args, "kwargs": kwargs})
    view.request = drf_request
    view.headers = view.default_response_headers
    view.format_kwarg = None
    renderer = view.get_renderers()[0]
    drf_request.accepted_renderer = renderer
    drf_request.accepted_media_type = renderer.media_type
    return drf_request
