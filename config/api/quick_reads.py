"""Anonymous JSON reads answered without DRF's per-request machinery.

Mirrors poll the claim detail all day as anonymous clients asking for JSON. For such a request
DRF's request cycle (wrapping the request, instantiating parsers, authenticators, the content
negotiator, permissions and throttles, parsing the Accept header) cost about as much as the
view's own work once its queries were compiled (docs/benchmarks.md). `QuickReadMixin` answers
exactly that shape itself and hands every other request to DRF unchanged:

- GET, with no query string, no `Authorization` header and no session cookie, so that the
  caller is anonymous whatever the authenticators are;
- an `Accept` header that DRF would answer with the JSON renderer (none, `*/*`,
  `application/json`);
- a view action listed in `quick_actions`.

Such a request runs the view's permission classes and the same throttles (counted under the
same keys), and its response goes through the view's own `finalize_response`, so headers
(`Allow`, `Vary`, the ETag) and error bodies are those DRF would give; a refused permission or
throttle falls back to DRF, which then gives its usual 403 or 429 (a refused throttle counts
nothing, so the request is not counted twice). tests/api/test_quick_reads.py checks that both
paths answer byte for byte the same.
"""

from django.conf import settings
from django.http import HttpRequest
from rest_framework.response import Response
from rest_framework.settings import api_settings

# Accept headers DRF's negotiation answers with the first renderer (JSON here).
JSON_ACCEPTS = frozenset({"", "*/*", "application/json"})


def is_plain_anonymous_json_get(request: HttpRequest) -> bool:
    """Whether `request` is an anonymous GET for JSON with no parameters (see the module)."""
    meta = request.META
    return (
        request.method == "GET"
        and not meta.get("QUERY_STRING")
        and "HTTP_AUTHORIZATION" not in meta
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and meta.get("HTTP_ACCEPT", "").strip() in JSON_ACCEPTS
    )


class QuickReadMixin:
    """For DRF viewsets: answer plain anonymous JSON reads of the actions in `quick_actions`
    with `quick_read(request, **kwargs)`, which returns the response's data or raises what the
    action would raise (Http404, a DRF APIException, a database error)."""

    quick_actions: frozenset[str] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        action = self.action_map.get(request.method.lower()) if request.method else None
        if action in self.quick_actions and is_plain_anonymous_json_get(request):
            response = self._quick_dispatch(request, *args, **kwargs)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def _quick_dispatch(self, request, *args, **kwargs):
        """The response, or None when a permission or throttle refuses (DRF then answers)."""
        self.args, self.kwargs, self.request = args, kwargs, request
        self.action = self.action_map[request.method.lower()]
        self.format_kwarg = None
        if not all(p.has_permission(request, self) for p in self.get_permissions()):
            return None
        if not all(t.allow_request(request, self) for t in self.get_throttles()):
            return None
        self.headers = self.default_response_headers
        request.accepted_renderer = self.get_renderers()[0]
        request.accepted_media_type = request.accepted_renderer.media_type
        try:
            response = Response(self.quick_read(request, **kwargs))
        except Exception as exc:  # Http404, a database error: DRF's exception handler answers
            response = self._error_response(exc)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        return self.response

    def _error_response(self, exc: Exception) -> Response:
        """As DRF's `handle_exception` for an anonymous reader: the configured handler's
        response, or the exception raised again when the handler has none (a 500)."""
        handler = api_settings.EXCEPTION_HANDLER
        response = handler(exc, self.get_exception_handler_context())
        if response is None:
            raise exc
        response.exception = True
        return response

    def quick_read(self, request, **kwargs) -> dict:
        """The data of the action's response for an anonymous reader."""
        raise NotImplementedError
