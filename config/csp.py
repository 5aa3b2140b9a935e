"""Content-Security-Policy headers built once per policy rather than on every response."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce
from django.utils.csp import CSP, build_policy

# (header, the response attribute a view's override sets, the setting otherwise), as Django's
# middleware chooses them.
POLICIES = (
    (CSP.HEADER_ENFORCE, "_csp_config", "SECURE_CSP"),
    (CSP.HEADER_REPORT_ONLY, "_csp_ro_config", "SECURE_CSP_REPORT_ONLY"),
)
KEPT_POLICIES = 32


class CachedContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, remembering the header of each policy that carries no nonce.

    Django builds the header from the policy dictionary on every response; for an API answer
    that was 5-7% of its time. Without a nonce (the response's page used none: every API
    answer) the header depends on the dictionary alone, so it is built once and set before
    Django's own `process_response` runs, which then leaves a header already set alone. A page
    that used its nonce (the admin's inline scripts) is answered by Django's code as before.
    """

    def __init__(self, get_response) -> None:
        super().__init__(get_response)
        # id(policy) -> (policy, header): the policy is kept, so its id cannot be reused.
        self._built: dict[int, tuple[dict, str]] = {}

    def process_response(self, request, response):
        if not get_nonce(request):
            for header, attribute, setting in POLICIES:
                config = getattr(response, attribute, None)
                if config is None and not hasattr(response, attribute):
                    config = getattr(settings, setting)
                if config and header not in response:
                    response.headers[str(header)] = self._header(config)
        return super().process_response(request, response)

    def _header(self, config: dict) -> str:
        kept = self._built.get(id(config))
        if kept is not None and kept[0] is config:
            return kept[1]
        if len(self._built) >= KEPT_POLICIES:
            self._built.clear()  # settings overridden many times (tests): start again
        header = build_policy(config)
        self._built[id(config)] = (config, header)
        return header
