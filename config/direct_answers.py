"""The fast lane's plainest reads answered without Django's handler or DRF's dispatch.

A mirror's `GET /api/v1/claims/<id>/` or claim-list page that the fast lane takes
(config/fast_lane.py) still went through Django's handler, the middleware chain, DRF's view
and response objects and rendering: about a third of a detail's time, for a 200 whose headers
are the same on every answer but three (the ETag, the Content-Length, the request id). For a
view action listed in its `direct_actions`, `DirectAnswers` answers such a request itself:

- the view's own permission and throttle checks, on a DRF request with no authenticators
  (the caller sent no credentials);
- the view's own method for the data (`direct_actions[action]`) and its ETag rule
  (`representation_tag`; else ConditionalGetMiddleware's, the body's digest), the view's
  first renderer (JSON);
- the headers of the ordinary answer: the first 200 of each route (per scheme: HSTS goes on
  HTTPS answers only) is answered the ordinary way, through the fast lane's handler, and its
  headers are kept, in order, as the template of the route's answers, with only the three
  values above written per answer. Nothing of Django's or the middleware's header rules is
  written here a second time, so a settings change shows in the next process's answers;
- the request id, its log line, and `request_started`/`request_finished` (connections back to
  the pool), as the handler does.

Anything else goes back to the fast lane's handler, which answers it the ordinary way: a
refused permission or throttle (nothing was counted); a 404, a bad page request or any error
(counted once: the request carries `COUNTED`, and `CallerRateThrottle` does not count it
again); a conditional request (If-None-Match); a host the site does not serve; plain HTTP
where HTTPS is required; and every request while the middleware is not the list the template
stands for (`KNOWN_MIDDLEWARE`). tests/api/test_fast_lane.py compares the answers with
Django's own.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest, get_script_name
from django.http import HttpResponse
from django.urls import ResolverMatch, set_script_prefix
from django.utils.cache import set_response_etag
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from config.api.quick_reads import anonymous_request
from config.api.throttling import COUNTED
from config.request_id import HEADER as REQUEST_ID_HEADER
from config.request_id import accept_request_id, log_request, request_id_var

# The headers written per answer; every other header of the template is the same each time.
PER_ANSWER = frozenset({"ETag", "Content-Length", REQUEST_ID_HEADER})
# The middleware (after the fast lane's skipped ones) whose headers a template stands for:
# request-id, the NUL guard, security headers, CSP, Content-Length, ETag/304, X-Frame-Options.
KNOWN_MIDDLEWARE = (
    "config.request_id.RequestIdMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.csp.CachedContentSecurityPolicyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_RANGE")
logger = logging.getLogger(__name__)


class DirectAnswers:
    """Direct answers for the fast lane (see the module); `handler` answers the rest."""

    def __init__(self, handler: Callable, middleware: list[str]) -> None:
        self.handler = handler
        self.enabled = tuple(middleware) == KNOWN_MIDDLEWARE and not (
            settings.PREPEND_WWW or settings.DISALLOWED_USER_AGENTS
        )
        # (url name, https) -> [(header, value or None when written per answer)]
        self.templates: dict[tuple[str, bool], list[tuple[str, str | None]]] = {}
        self._lock = threading.Lock()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable, match: ResolverMatch
    ) -> Iterable[bytes]:
        view = match.func
        action = getattr(view, "actions", {}).get("get")
        method = getattr(getattr(view, "cls", None), "direct_actions", {}).get(action)
        if not self.enabled or method is None or any(key in environ for key in CONDITIONAL):
            return self.handler(environ, start_response)
        request = WSGIRequest(environ)
        try:
            request.get_host()
        except DisallowedHost:
            return self.handler(environ, start_response)
        secure = request.is_secure()
        if settings.SECURE_SSL_REDIRECT and not secure:
            return self.handler(environ, start_response)
        template = self.templates.get((match.url_name, secure))
        if template is None:
            return self._learn(environ, start_response, (match.url_name, secure))
        answered = self._answer(request, match, action, method, template)
        if answered is None:
            return self.handler(environ, start_response)
        headers, body = answered
        start_response("200 OK", headers)
        return [body]

    def _learn(self, environ, start_response, key: tuple[str, bool]) -> Iterable[bytes]:
        """The ordinary answer; a 200's headers become the template of `key`'s answers."""

        def keep(status: str, headers: list, exc_info=None):
            if status == "200 OK":
                template = [
                    (name, None if name in PER_ANSWER else value) for name, value in headers
                ]
                if {name for name, _ in template} >= PER_ANSWER:
                    with self._lock:
                        self.templates.setdefault(key, template)
            return start_response(status, headers, exc_info)

        return self.handler(environ, keep)

    def _answer(self, request: WSGIRequest, match: ResolverMatch, action: str, method: str,
                template: list) -> tuple[list, bytes] | None:  # fmt: skip
        """The headers and body of the direct answer, or None to answer the ordinary way."""
        environ = request.META
        set_script_prefix(get_script_name(environ))
        signals.request_started.send(sender=self.__class__, environ=environ)
        request_id = accept_request_id(environ.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        drf_request = None
        try:
            try:
                view, drf_request = _view(match, action, request)
                view.check_permissions(drf_request)
                view.check_throttles(drf_request)
            except APIException:
                return None  # refused: the ordinary answer says how (nothing was counted)
            except Exception:
                # The throttle's cache unreachable, say: the ordinary answer (an error page).
                logger.debug("direct answer declined before counting", exc_info=True)
                return None
            environ[COUNTED] = True
            renderer = drf_request.accepted_renderer
            try:
                data = getattr(view, method)(drf_request, **match.kwargs)
                body = renderer.render(data, renderer.media_type, {"view": view})
            except Exception:
                # A 404, a bad page request, a database error: the ordinary answer, counted
                # once.
                logger.debug("direct answer declined", exc_info=True)
                return None
            # The view's tag (a single object's), else ConditionalGetMiddleware's (the body's).
            tag = getattr(view, "representation_tag", None)
            etag = tag(data, 200, renderer, lambda: body) if tag is not None else None
            if etag is None:
                etag = _body_etag(body)
            values = {"ETag": etag, "Content-Length": str(len(body)), REQUEST_ID_HEADER: request_id}
            headers = [(name, values[name] if value is None else value) for name, value in template]
            log_request(request, 200, started)
            return headers, body
        finally:
            if drf_request is not None:
                _release(drf_request)
            request_id_var.reset(token)
            signals.request_finished.send(sender=self.__class__)


def _release(drf_request: Request) -> None:
    """Drop the DRF request's `parser_context`, which names the request itself and the view
    (whose paginator holds the page's rows): the only references that made the answer's
    objects a cycle. Reference counting then frees them as the answer returns. Left to the
    cycle collector, about 220 objects a list request (each row of the page with its lists)
    stayed alive until a collection, which they made longer: with gc callbacks, collections
    took about 7% of a list request's time. (Through Django's whole handler other references
    make a cycle too: there it would not help.)"""
    drf_request.parser_context = None


def _body_etag(body: bytes) -> str:
    """The ETag ConditionalGetMiddleware gives an answer without one (Django's own rule)."""
    response = HttpResponse(body)
    set_response_etag(response)
    return response["ETag"]


def _view(match: ResolverMatch, action: str, request: WSGIRequest) -> tuple[Any, Request]:
    """The view instance for `action`, set up as DRF's `as_view` and the quick path set it up
    for an anonymous caller, and its DRF request."""
    function = match.func
    view = function.cls(**function.initkwargs)
    view.action_map = function.actions
    view.action = action
    return view, anonymous_request(view, request, (), match.kwargs)
