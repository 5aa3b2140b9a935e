"""The content security policy breaks nothing: the public search, a claim page with its
ClaimReview JSON-LD, the admin and the API docs load in Chromium with no CSP violation."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim
from tests.browser.test_api_docs_offline import expect, local_only_page

PASSWORD = "demo-pass-for-browser-123"
# Every violation, enforced or report-only, as the page itself sees it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}`);
});
"""


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_csp_violations_on_public_admin_and_api_pages(live_server, monkeypatch):
    call_command("load_demo", stdout=StringIO())
    call_command("rebuild_search_index", stdout=StringIO(), stderr=StringIO())
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("create_demo_editor", stdout=StringIO())
    reviewed = Claim.objects.exclude(verdict="").order_by("pk").first()
    assert reviewed is not None, "the demo has claims with a fact-check verdict"
    base = live_server.url

    with local_only_page() as session:
        page = session.page
        page.add_init_script(RECORD_VIOLATIONS)
        seen: dict[str, list[str]] = {}

        def visit(path: str) -> None:
            response = page.goto(base + path)
            assert response is not None and response.ok, path
            assert "script-src" in response.headers["content-security-policy"], path
            page.wait_for_load_state("networkidle")
            seen[path] = violations(page)

        visit("/?q=third+round")
        expect(page.locator("mark").first).to_be_visible()

        # The claim page embeds ClaimReview JSON-LD: a data block, not a script, so allowed.
        visit(f"/claims/{reviewed.pk}/")
        blocks = page.locator('script[type="application/ld+json"]')
        expect(blocks).to_have_count(1)
        assert json.loads(blocks.inner_text())["@type"] == "ClaimReview"

        # The admin: login form, index, a change form (inline scripts carry the nonce).
        page.goto(base + "/admin/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))
        seen["/admin/login/"] = violations(page)
        visit("/admin/")
        visit(f"/admin/claims/claim/{reviewed.pk}/change/")
        expect(page.locator(".field-provenance .ct-chain")).to_be_visible()
        visit("/admin/claims/claim/add/")
        page.locator(".field-speaker .select2-selection").click()  # autocomplete: fetch + JS
        expect(page.locator(".select2-results__option").first).to_be_visible()
        seen["/admin/claims/claim/add/ (autocomplete)"] = violations(page)

        # Swagger UI: its inline start-up script is allowed on that page alone (config/urls.py).
        visit("/api/docs/")
        expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)
        seen["/api/docs/"] = violations(page)
        # The browsable API.
        visit("/api/v1/claims/")

        found = {path: found for path, found in seen.items() if found}
        assert found == {}, f"CSP violations: {found}"
        csp_errors = [e for e in session.console_errors if "Content Security Policy" in e]
        assert csp_errors == []
        assert session.console_errors == [], session.console_errors
        assert session.blocked == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_injected_inline_script_is_blocked(live_server, settings):
    """The policy is enforced: an inline script without the nonce does not run."""
    with local_only_page() as session:
        page = session.page
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(live_server.url + "/")
        ran = page.evaluate(
            """() => {
                window.__ran = false;
                const s = document.createElement("script");
                s.textContent = "window.__ran = true";
                document.body.appendChild(s);
                return window.__ran;
            }"""
        )
        assert ran is False
        assert any("script-src" in v for v in violations(page))
