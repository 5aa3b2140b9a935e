"""User text is always escaped, and the JSON-LD block cannot be broken out of."""

import json
import re

import pytest
from django.utils.safestring import SafeString

from claims.public.display import ld_json, safe_snippet
from claims.public.fallback_search import highlight
from tests import factories as f

from .conftest import published, reindex, with_verdict

pytestmark = pytest.mark.django_db

EVIL_NAME = "<script>alert(1)</script>"
EVIL_TEXT = 'Peace </script><script>alert(2)</script> <!-- "quoted" & <b>bold</b>'
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def evil(db):
    speaker = f.SpeakerFactory(name=EVIL_NAME, role=EVIL_NAME)
    f.SpeakerAliasFactory(speaker=speaker, name=f"{EVIL_NAME} alias")
    outlet = f.OutletFactory(name=f"Outlet {EVIL_NAME}")
    source = f.SourceFactory(title=f"Title {EVIL_NAME}", outlet=outlet)
    claim = with_verdict(published(speaker=speaker, outlet=outlet, text=EVIL_TEXT))
    f.EvidenceFactory(claim=claim, source=source, relation="conflicts", excerpt=EVIL_TEXT)
    reindex()
    return claim, source


def assert_no_raw_script(html: str) -> None:
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    # The only <script> elements are the JSON-LD one (if any); nothing user-made opens one.
    assert html.count("<script") == html.count('<script type="application/ld+json">')


def test_every_page_escapes_user_text(client, evil):
    claim, source = evil
    urls = [
        f"/claims/{claim.pk}/",
        f"/speakers/{claim.speaker_id}/",
        f"/outlets/{claim.outlet_id}/",
        f"/sources/{source.pk}/",
        "/",
        "/?q=script",
        "/?q=peace&kind=claim",
        "/?q=" + EVIL_NAME,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_raw_script(response.content.decode())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(urls[1]).content.decode()


def test_the_json_ld_block_holds_the_text_and_cannot_be_closed_early(client, evil):
    claim, _source = evil
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    [block] = LD_JSON.findall(html)
    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
    data = json.loads(block)
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == EVIL_TEXT
    assert data["itemReviewed"]["author"]["name"] == EVIL_NAME


def test_ld_json_escapes_markup_characters():
    text = ld_json({"a": "</script><!-- & \u2028"})
    assert isinstance(text, SafeString)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_snippets_keep_only_mark_tags():
    assert safe_snippet("a <mark>b</mark> <script>x</script>") == (
        "a <mark>b</mark> &lt;script&gt;x&lt;/script&gt;"
    )
    assert safe_snippet("&lt;i&gt; <mark>open") == "&lt;i&gt; <mark>open</mark>"
    assert safe_snippet(None) == ""


def test_the_fallback_highlight_escapes_and_marks_case_insensitively():
    snippet = highlight("Talks <b>in</b> ISTANBUL & Ankara", ["istanbul", "b"])
    assert "<mark>ISTANBUL</mark>" in snippet
    assert "<b>" not in snippet and "&amp;" in snippet
    assert "&lt;<mark>b</mark>&gt;" in snippet
