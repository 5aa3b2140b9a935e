"""A journalist searches the demo in a real browser and follows a claim to its provenance; an
editor creates and publishes a claim in the admin and finds it through the public search."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim, Status
from tests.browser.test_api_docs_offline import expect, local_only_page

PASSWORD = "demo-pass-for-browser-123"
THIRD_ROUND = "The third round of negotiations between Russia and Ukraine will take place"
NEW_CLAIM = "Negotiators agreed to exchange the bodies of six thousand fallen soldiers"


def load_demo(monkeypatch) -> None:
    call_command("load_demo", stdout=StringIO())
    call_command("rebuild_search_index", stdout=StringIO(), stderr=StringIO())
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("create_demo_editor", stdout=StringIO())


def search(page, base_url: str, words: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Search for").fill(words)
    page.get_by_role("button", name="Search").click()


def pick(page, field, text: str) -> None:
    """Choose `text` in one of the admin's autocomplete (select2) widgets."""
    field.locator(".select2-selection").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_finds_the_tass_claim_and_its_provenance(live_server, monkeypatch, tmp_path):
    load_demo(monkeypatch)
    with local_only_page() as session:
        page = session.page
        search(page, live_server.url, "third round")
        hit = (
            page.locator("li, article, div")
            .filter(has=page.get_by_role("link", name=THIRD_ROUND))
            .last
        )
        expect(hit).to_be_visible()
        marks = [m.lower() for m in hit.locator("mark").all_inner_texts()]
        assert "third" in marks and "round" in marks, marks
        page.screenshot(path=tmp_path / "search.png", full_page=True)

        page.get_by_role("link", name=THIRD_ROUND).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(THIRD_ROUND)
        provenance = (
            page.locator("section, div")
            .filter(has=page.get_by_role("heading", name="Provenance"))
            .last
        )
        expect(provenance).to_contain_text("TASS")
        expect(provenance).to_contain_text("Pravda.Ru")
        page.screenshot(path=tmp_path / "claim.png", full_page=True)
        assert session.blocked == [], session.blocked
        assert session.console_errors == [], session.console_errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_publishes_a_claim_that_the_public_search_then_finds(live_server, monkeypatch):
    load_demo(monkeypatch)
    with local_only_page() as session:
        page = session.page
        page.goto(live_server.url + "/admin/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))

        page.goto(live_server.url + "/admin/claims/claim/add/")
        page.fill("#id_text", NEW_CLAIM)
        pick(page, page.locator(".field-speaker"), "Peskov")
        pick(page, page.locator("#evidence-0 .field-source"), "Russia-Ukraine talks")
        page.fill("#id_evidence-0-excerpt", "Negotiators agreed to exchange the bodies.")
        page.locator("input[name=_save]").click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
        claim = Claim.objects.get(text=NEW_CLAIM)
        assert claim.status == Status.DRAFT and claim.evidence.count() == 1

        page.locator(f"input[name=_selected_action][value='{claim.pk}']").check()
        page.select_option("select[name=action]", "publish")
        page.get_by_role("button", name="Run").click()
        expect(page.locator(".messagelist")).to_contain_text("published")
        claim.refresh_from_db()
        assert claim.status == Status.PUBLISHED

        search(page, live_server.url, "bodies fallen soldiers")
        expect(page.get_by_role("link", name=NEW_CLAIM)).to_be_visible()
        assert session.blocked == [], session.blocked
        assert session.console_errors == [], session.console_errors
