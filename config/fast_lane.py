"""A shorter road through Django for the API's hottest anonymous reads.

Mirrors poll one claim after another and page through the claim list all day, as anonymous
clients asking for JSON. For such a request (the shape `QuickReadMixin` already recognises:
GET, no credentials, a JSON `Accept`, only the action's own query parameters; and no cookie
at all) half of what Django did was work with no effect on the answer: resolving the URL
through every pattern of the site, and seven middleware with nothing to do for it (static
files, sessions, CSRF, authentication, messages, history, lockouts). `FastLane` is a WSGI
application in front of Django's that sends exactly those requests to a second Django handler:

- the URL is matched by one regular expression per route, built from the route's own URL
  (`reverse`), and answered by the view function Django's resolver finds for it, with the
  same `ResolverMatch`;
- the middleware chain is the site's `MIDDLEWARE` without `SKIPPED_MIDDLEWARE`, built the way
  Django builds it (each layer wrapped by `convert_exception_to_response`), so every header,
  ETag, 304, request id, log line, replica choice and error page comes from the same code;
- everything else of Django's handler is inherited: the script prefix, `request_started` and
  `request_finished` (connections go back to the pool), logging of 4xx and 5xx responses.

A view action listed in the view's `direct_actions` (a claim's detail, a page of the list) goes
one step further: once the route's first 200 has been answered this way, `DirectAnswers`
(config/direct_answers.py) answers its 200s without the handler, with that answer's headers.

Every other request goes to Django's own handler, untouched. tests/api/test_fast_lane.py
checks that both roads give the same status, headers and body for the routes' answers (200,
304, 404, 400, 429) and that anything else takes the ordinary road.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.urls import ResolverMatch, resolve, reverse
from django.utils.module_loading import import_string

from config.api.quick_reads import is_plain_anonymous_json_get
from config.direct_answers import DirectAnswers

# Middleware that leave an anonymous JSON GET without cookies or credentials untouched, and
# why: none of them changes anything of such a request or its response.
SKIPPED_MIDDLEWARE = {
    "whitenoise.middleware.WhiteNoiseMiddleware": "answers /static/ paths only",
    "django.contrib.sessions.middleware.SessionMiddleware": (
        "no cookie, so no session is loaded or saved; the quick path adds the `Vary: Cookie` "
        "a session read would have added"
    ),
    "django.middleware.csrf.CsrfViewMiddleware": "checks unsafe methods; on a GET it only "
    "replaces a bad csrftoken cookie, and the request has no cookie",
    "django.contrib.auth.middleware.AuthenticationMiddleware": (
        "the quick path's caller is anonymous by construction (no credentials)"
    ),
    "django.contrib.messages.middleware.MessageMiddleware": "messages live in the session",
    "simple_history.middleware.HistoryRequestMiddleware": "records who writes; a read writes "
    "nothing",
    "axes.middleware.AxesMiddleware": "answers lockouts flagged by a failed login",
}
# A middleware hook the lean chain does not run (Django's handler runs them around the view).
UNSUPPORTED_HOOKS = ("process_view", "process_template_response", "process_exception")
PLACEHOLDER = "987654321"  # stands for a captured path segment while a route's URL is reversed
ROUTE_KEY = "claimtrail.fast_lane.match"


@dataclass(frozen=True)
class FastRoute:
    """One URL the lane answers: the path pattern, the view's resolver match (a template for
    each request's), and the query parameters the view's quick action accepts."""

    pattern: re.Pattern
    match: ResolverMatch
    parameters: frozenset[str]

    @classmethod
    def for_url(cls, name: str, captured: Iterable[str] = ()) -> "FastRoute":
        """The route of the URL named `name` (e.g. "api:claim-detail"), whose `captured`
        keyword arguments are digits (ids)."""
        captured = tuple(captured)
        path = reverse(name, kwargs=dict.fromkeys(captured, PLACEHOLDER) or None)
        template = resolve(path)
        view = template.func
        action = getattr(view, "actions", {}).get("get")
        quick = getattr(getattr(view, "cls", None), "quick_actions", {})
        if action not in quick:
            raise ImproperlyConfigured(f"{name}: its GET action is not one of quick_actions")
        pattern = re.escape(path)
        for key in captured:
            pattern = pattern.replace(PLACEHOLDER, f"(?P<{key}>[0-9]+)", 1)
        return cls(re.compile(f"{pattern}\\Z"), template, quick[action])

    def resolved(self, kwargs: dict[str, str]) -> ResolverMatch:
        """The resolver match Django's resolver would give for these captured values."""
        template = self.match
        return ResolverMatch(
            template.func,
            (),
            kwargs,
            url_name=template.url_name,
            app_names=template.app_names,
            namespaces=template.namespaces,
            route=template.route,
            captured_kwargs=kwargs,
            extra_kwargs=template.extra_kwargs,
        )


class _LaneHandler(WSGIHandler):
    """Django's WSGI handler with a shorter middleware chain, answering requests whose view
    the lane has already found."""

    def __init__(self, middleware: list[str]) -> None:
        self.middleware = middleware
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware, self._template_response_middleware = [], []
        self._exception_middleware = []
        handler: Callable = convert_exception_to_response(self._get_response)
        for path in reversed(self.middleware):
            try:
                instance = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            hooks = [hook for hook in UNSUPPORTED_HOOKS if hasattr(instance, hook)]
            if hooks:
                raise ImproperlyConfigured(f"{path} has {hooks}: the fast lane cannot run it")
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler

    def resolve_request(self, request) -> ResolverMatch:
        match = request.META.pop(ROUTE_KEY)
        request.resolver_match = match
        return match


class FastLane:
    """WSGI: the routes' plain anonymous JSON reads through `_LaneHandler`, anything else
    through `application` (see the module)."""

    def __init__(self, application: WSGIHandler, routes: list[FastRoute]) -> None:
        self.application = application
        self.routes = routes
        middleware = [path for path in settings.MIDDLEWARE if path not in SKIPPED_MIDDLEWARE]
        self.handler = _LaneHandler(middleware)
        self.direct = DirectAnswers(self.handler, middleware)

    def route(self, environ: dict[str, Any]) -> ResolverMatch | None:
        """The resolver match for this request when the lane takes it, else None."""
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("SCRIPT_NAME")
            # Any cookie, not only the session's: CSRF middleware replaces a malformed
            # csrftoken cookie even on a GET. Mirrors and scripts send none.
            or environ.get("HTTP_COOKIE")
        ):
            return None
        path = environ.get("PATH_INFO", "")
        for route in self.routes:
            found = route.pattern.match(path)
            if found is not None:
                if not is_plain_anonymous_json_get(environ, route.parameters):
                    return None
                return route.resolved(found.groupdict())
        return None

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        match = self.route(environ)
        if match is None:
            return self.application(environ, start_response)
        environ[ROUTE_KEY] = match
        return self.direct(environ, start_response, match)


def fast_lane(application: WSGIHandler) -> WSGIHandler | FastLane:
    """`application` behind the lane for the URLs named in `settings.FAST_LANE_URLS` (name ->
    captured keyword arguments); `application` alone when the setting is empty, or when
    `FORCE_SCRIPT_NAME` moves every URL (the routes' paths would not be the request's)."""
    names: dict[str, tuple[str, ...]] = getattr(settings, "FAST_LANE_URLS", {})
    if not names or settings.FORCE_SCRIPT_NAME is not None:
        return application
    routes = [FastRoute.for_url(name, captured) for name, captured in names.items()]
    return FastLane(application, routes)
