"""An editor logs into the admin in a real browser and reads a demo claim's provenance diagram
beside its credibility grade and reasons."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim
from tests.browser.test_api_docs_offline import expect, local_only_page

CLAIM = "The third round of negotiations between Russia and Ukraine will take place"
PASSWORD = "demo-pass-for-browser-123"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_sees_provenance_diagram(live_server, monkeypatch, tmp_path):
    call_command("load_demo", stdout=StringIO())
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("create_demo_editor", stdout=StringIO())
    claim = Claim.objects.get(text=CLAIM)

    with local_only_page() as session:
        page = session.page
        page.goto(live_server.url + "/admin/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))

        # Find the claim as an editor would: the claims list's search, then its link.
        page.goto(live_server.url + "/admin/claims/claim/")
        page.fill("#searchbar", "third round of negotiations")
        page.keyboard.press("Enter")
        page.get_by_role("link", name=re.compile("^" + re.escape(CLAIM))).click()
        expect(page).to_have_url(re.compile(rf"/admin/claims/claim/{claim.pk}/change/"))

        chain = page.locator(".field-provenance .ct-chain")
        expect(chain).to_be_visible()
        for text in ("TASS", "Pravda.Ru", "Support line 1"):
            expect(chain).to_contain_text(text)
        expect(chain.locator(".ct-tag", has_text=re.compile(r"^origin$")).first).to_be_visible()

        badge = page.locator(".field-grade .readonly span[title]")
        expect(badge).to_be_visible()
        expect(badge).to_have_text(re.compile(rf"^{claim.credibility}\*?$"))
        expect(badge).to_have_attribute(
            "title", re.compile(re.escape(claim.get_credibility_display()))
        )
        expect(page.locator(".field-reasons li").first).to_be_visible()

        # One picture of what the editor reads: the Credibility and Provenance fieldsets.
        top = page.locator("fieldset:has(.field-grade)").bounding_box()
        bottom = page.locator("fieldset:has(.field-provenance)").bounding_box()
        scroll_y = page.evaluate("window.scrollY")
        page.screenshot(
            path=tmp_path / "admin-provenance.png",
            full_page=True,
            clip={
                "x": top["x"] - 8,
                "y": top["y"] + scroll_y - 8,
                "width": top["width"] + 16,
                "height": bottom["y"] + bottom["height"] - top["y"] + 16,
            },
        )
        assert session.blocked == [], f"requests to other hosts: {session.blocked}"
        assert session.console_errors == [], f"console errors: {session.console_errors}"
