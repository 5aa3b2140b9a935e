"""config/csp.py: the same Content-Security-Policy headers as Django's middleware, each
policy's header built once when no nonce is in it."""

from unittest import mock

import pytest
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.test import RequestFactory
from django.utils.csp import CSP

from config import csp
from config.csp import CachedContentSecurityPolicyMiddleware

POLICY = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]}
OTHER = {"default-src": [CSP.NONE]}


def _answer(middleware_class, *, use_nonce=False, override=None, report_only_override=None):
    def view(request):
        response = HttpResponse("<p>hi</p>")
        if use_nonce:
            str(request._csp_nonce)  # a template that printed the nonce
        if override is not None:
            response._csp_config = override
        if report_only_override is not None:
            response._csp_ro_config = report_only_override
        return response

    request = RequestFactory().get("/")
    response = middleware_class(view)(request)
    return {k: v for k, v in response.headers.items() if "Content-Security-Policy" in k}, request


@pytest.mark.parametrize(
    "case",
    [
        {},
        {"override": OTHER},
        {"override": {}},  # a view that switches the policy off
        {"report_only_override": OTHER},
    ],
)
@pytest.mark.parametrize("report_only", [None, POLICY])
def test_the_headers_are_djangos(settings, case, report_only):
    settings.SECURE_CSP = POLICY
    settings.SECURE_CSP_REPORT_ONLY = report_only
    ours, _ = _answer(CachedContentSecurityPolicyMiddleware, **case)
    djangos, _ = _answer(ContentSecurityPolicyMiddleware, **case)
    assert ours == djangos


def test_a_page_that_used_its_nonce_gets_it_in_the_policy(settings):
    settings.SECURE_CSP = POLICY
    headers, request = _answer(CachedContentSecurityPolicyMiddleware, use_nonce=True)
    assert f"'nonce-{request._csp_nonce}'" in headers["Content-Security-Policy"]


def test_each_policy_is_built_once(settings):
    settings.SECURE_CSP = POLICY
    settings.SECURE_CSP_REPORT_ONLY = OTHER
    middleware = CachedContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    with mock.patch.object(csp, "build_policy", wraps=csp.build_policy) as built:
        for _ in range(5):
            middleware(RequestFactory().get("/"))
    assert built.call_count == 2  # the enforced policy and the report-only one
