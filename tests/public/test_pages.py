"""The public pages render for the demo, show only published claims, and explain retractions."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from claims.models import Claim, Status
from sources.models import Outlet, Source
from tests import factories as f

from .conftest import THIRD_ROUND, published, reindex, retracted, with_verdict

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.S)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_every_page_renders_for_the_demo(client, demo):
    html = page(client, "/")
    assert "<main" in html and "<h1>" in html and 'href="/api/docs/"' in html
    for claim in Claim.objects.published():
        html = page(client, f"/claims/{claim.pk}/")
        assert '<link rel="canonical" href="http://testserver/claims/' in html
        assert '<meta name="description"' in html and "<title>" in html
    for source in Source.objects.all():
        page(client, f"/sources/{source.pk}/")
    for speaker_id in Claim.objects.values_list("speaker_id", flat=True):
        page(client, f"/speakers/{speaker_id}/")
    for outlet in Outlet.objects.all():
        page(client, f"/outlets/{outlet.pk}/")


def test_the_front_door_is_the_search_page_not_the_admin(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b'role="search"' in response.content
    assert b"/static/claims/public.css" in response.content


def test_the_third_round_diagram_names_tass_and_pravda(client, demo):
    claim = Claim.objects.get(text=THIRD_ROUND)
    html = page(client, f"/claims/{claim.pk}/")
    diagram = html[html.index('id="provenance-heading"') :]
    diagram = diagram[: diagram.index('id="related-heading"')]
    assert ">TASS</a>" in diagram and ">Pravda.Ru</a>" in diagram
    assert "Support line 1" in diagram and "origin</strong>" in diagram
    assert 'href="/sources/' in diagram


def test_a_claim_page_shows_speaker_outlet_grade_reasons_verdict_and_evidence(client, demo):
    claim = Claim.objects.get(text=THIRD_ROUND)
    html = page(client, f"/claims/{claim.pk}/")
    assert f'href="/speakers/{claim.speaker_id}/"' in html
    assert f'href="/outlets/{claim.outlet_id}/"' in html
    assert claim.get_credibility_display() in html
    assert claim.credibility_reasons[0]["text"] in html
    assert "Fact-check verdict" in html and claim.verdict_explanation in html
    excerpt = claim.evidence.exclude(excerpt="").first().excerpt
    assert excerpt in html
    assert 'href="/claims/' in html[html.index('id="related-heading"') :]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_unpublished_claims_are_404(client, db, status):
    claim = f.ClaimFactory(status=status)
    assert client.get(f"/claims/{claim.pk}/").status_code == 404


def test_a_huge_or_unknown_id_is_404(client, db):
    for url in ["/claims/99999999999999999999/", "/speakers/0/", "/outlets/12345/", "/sources/9/"]:
        assert client.get(url).status_code == 404, url


def test_a_retracted_claim_shows_the_notice_and_reason(client, db):
    claim = retracted(text="Retracted statement text.")
    html = page(client, f"/claims/{claim.pk}/")
    assert "This claim was retracted" in html
    assert "The quote was misattributed." in html
    assert '<meta name="robots" content="noindex">' in html
    assert not LD_JSON.search(html.encode())


def test_lists_show_only_published_claims(client, db):
    speaker, outlet = f.SpeakerFactory(), f.OutletFactory()
    source = f.SourceFactory(outlet=outlet)
    shown = published(speaker=speaker, outlet=outlet, text="Shown published statement.")
    f.EvidenceFactory(claim=shown, source=source, relation="corroborates")
    hidden = []
    for status in (Status.DRAFT, Status.IN_REVIEW):
        claim = f.ClaimFactory(
            speaker=speaker, outlet=outlet, status=status, text=f"Hidden {status}."
        )
        f.EvidenceFactory(claim=claim, source=source)
        hidden.append(claim)
    hidden.append(retracted(speaker=speaker, outlet=outlet, text="Hidden retracted."))
    for url in [
        f"/speakers/{speaker.pk}/",
        f"/outlets/{outlet.pk}/",
        f"/sources/{source.pk}/",
        "/",
    ]:
        html = page(client, url)
        assert "Shown published statement." in html, url
        for claim in hidden:
            assert claim.text not in html, (url, claim.status)
            assert f'href="/claims/{claim.pk}/"' not in html


def test_related_claims_are_published_only(client, db):
    claim = published(text="The main statement.")
    friend = published(text="A published friend.")
    draft = f.ClaimFactory(text="A draft relative.")
    f.ClaimLinkFactory(from_claim=claim, to_claim=friend, kind="supports")
    f.ClaimLinkFactory(from_claim=draft, to_claim=claim, kind="contradicts")
    html = page(client, f"/claims/{claim.pk}/")
    assert "A published friend." in html
    assert "A draft relative." not in html and f'href="/claims/{draft.pk}/"' not in html


def test_the_provenance_leaves_out_evidence_of_unpublished_linked_claims(client, db):
    from claims.recompute import credibility_recompute

    claim = published(text="The main statement.")
    draft = f.ClaimFactory(text="A draft relative.")
    f.EvidenceFactory(claim=draft, relation="corroborates", excerpt="A draft's unchecked excerpt.")
    f.ClaimLinkFactory(from_claim=claim, to_claim=draft, kind="same_statement")
    credibility_recompute(claim_ids=[claim.pk, draft.pk])
    html = page(client, f"/claims/{claim.pk}/")
    assert "unchecked excerpt" not in html
    assert f"#{draft.pk}" not in html[html.index('id="provenance-heading"') :]


def test_claimreview_json_ld_for_a_claim_with_a_verdict(client, db):
    claim = with_verdict(published(text="Checked statement."))
    [block] = LD_JSON.findall(client.get(f"/claims/{claim.pk}/").content)
    data = json.loads(block)
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "Checked statement."
    assert data["url"] == f"http://testserver/claims/{claim.pk}/"


@pytest.mark.parametrize("verdict", ["", "unverifiable"])
def test_no_json_ld_without_a_rating(client, db, verdict):
    claim = published()
    if verdict:
        claim = with_verdict(claim, verdict)
    assert not LD_JSON.search(client.get(f"/claims/{claim.pk}/").content)


def test_the_source_page_links_out_safely_and_shows_citations_both_ways(client, db):
    source = f.SourceFactory(title="The middle report", url="https://news.example/middle")
    origin = f.SourceFactory(title="The origin report")
    relay = f.SourceFactory(title="The relaying report")
    f.CitationFactory(citing=source, cited=origin)
    f.CitationFactory(citing=relay, cited=source)
    html = page(client, f"/sources/{source.pk}/")
    assert (
        '<a class="external" href="https://news.example/middle" '
        'rel="noopener noreferrer nofollow">' in html
    )
    cites = html[html.index('id="cites-heading"') : html.index('id="cited-by-heading"')]
    cited_by = html[html.index('id="cited-by-heading"') : html.index('id="claims-heading"')]
    assert "The origin report" in cites and "The relaying report" in cited_by


def test_speaker_and_outlet_pages_show_facts_and_the_grade_spread(client, db):
    speaker = f.SpeakerFactory(name="Ada Speaker", role="spokesperson", affiliation="Ministry")
    f.SpeakerAliasFactory(speaker=speaker, name="A. Speaker")
    outlet = f.OutletFactory(
        name="Wire One", reliability="B", reliability_rationale="Long record.", country="FR"
    )
    for _ in range(3):
        published(speaker=speaker, outlet=outlet)
    html = page(client, f"/speakers/{speaker.pk}/")
    assert "spokesperson" in html and "Ministry" in html and "A. Speaker" in html
    assert '<td class="spread-count">3</td>' in html
    html = page(client, f"/outlets/{outlet.pk}/")
    assert "Long record." in html and "France" in html and "B: usually reliable" in html
    assert '<td class="spread-count">3</td>' in html


def test_lists_are_paginated_with_links_that_keep_the_query(client, db):
    speaker = f.SpeakerFactory()
    for _ in range(25):
        published(speaker=speaker)
    html = page(client, f"/speakers/{speaker.pk}/")
    assert html.count('class="claim-item"') == 20 and 'href="?page=2"' in html
    html = page(client, f"/speakers/{speaker.pk}/?page=2")
    assert html.count('class="claim-item"') == 5
    assert page(client, f"/speakers/{speaker.pk}/?page=abc").count('class="claim-item"') == 20


def test_the_search_finds_demo_claims(client, demo, search_backend):
    html = page(client, "/?q=memorandum")
    assert "<mark>" in html.lower()
    assert 'href="/claims/' in html


def test_the_backend_is_the_engine_or_the_fallback(search_backend):
    from claims.public import fallback_search
    from claims.public.views import _search_backend

    chosen = _search_backend("words")
    assert (chosen is fallback_search.search) == (search_backend == "fallback")
    assert _search_backend("") is fallback_search.search  # filters alone: the ORM browses


def test_search_results_hold_no_unpublished_claims(client, db, search_backend):
    shown = published(text="Zanzibar negotiations resume.")
    draft = f.ClaimFactory(text="Zanzibar draft statement.")
    review = f.ClaimFactory(text="Zanzibar in review.", status=Status.IN_REVIEW)
    gone = retracted(text="Zanzibar retracted statement.")
    reindex()
    html = page(client, "/?q=zanzibar&kind=claim")
    assert f'href="/claims/{shown.pk}/"' in html
    for claim in (draft, review, gone):
        assert f'href="/claims/{claim.pk}/"' not in html and claim.text not in html


def test_search_paginates_keeping_the_query(client, db, search_backend):
    for n in range(25):
        published(text=f"Quokka statement number {n}.")
    reindex()
    html = page(client, "/?q=quokka&kind=claim")
    assert html.count('class="hit"') == 20
    assert 'href="?q=quokka&amp;kind=claim&amp;page=2"' in html
    html = page(client, "/?q=quokka&kind=claim&page=2")
    assert html.count('class="hit"') == 5 and 'rel="prev"' in html


def test_filters_without_words_browse_the_claims(client, db):
    outlet = f.OutletFactory()
    mine = published(outlet=outlet, text="From the chosen outlet.")
    other = published(text="From elsewhere.")
    html = page(client, f"/?outlet={outlet.pk}&kind=claim")
    assert f'href="/claims/{mine.pk}/"' in html and f'href="/claims/{other.pk}/"' not in html


@pytest.mark.parametrize(
    "query",
    [
        "credibility_max=abc",
        "date_from=2025-13-45",
        "date_to=yesterday",
        "date_from=2025-06-02&date_to=2025-06-01",
        "outlet=abc",
        "outlet=99999999999999999999",
        "speaker=-1",
        "kind=everything",
        "q=" + "x" * 500,
    ],
)
def test_bad_filter_values_give_the_page_with_a_form_error(client, db, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert b'class="errorlist' in response.content
    assert b'aria-invalid="true"' in response.content


def test_a_nul_byte_is_refused_before_the_view(client, db):
    assert client.get("/?q=a%00b").status_code == 400
    assert reverse("public:search") == "/"


class _Outline(HTMLParser):
    """Headings in order, ids of labelled controls, form controls, and landmarks."""

    def __init__(self):
        super().__init__()
        self.levels: list[int] = []
        self.labelled: set[str] = set()
        self.controls: list[str] = []
        self.landmarks: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        elif tag == "label" and a.get("for"):
            self.labelled.add(a["for"])
        elif tag in {"input", "select", "textarea"} and a.get("type") != "hidden":
            self.controls.append(a.get("id") or "")
        if tag in {"header", "main", "footer", "nav"}:
            self.landmarks.add(tag)


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def test_pages_have_landmarks_headings_in_order_and_labelled_fields(client, demo):
    claim = Claim.objects.get(text=THIRD_ROUND)
    gone = retracted(speaker=claim.speaker)
    urls = [
        "/",
        "/?q=memorandum",
        "/?credibility_max=abc",
        f"/claims/{claim.pk}/",
        f"/claims/{gone.pk}/",
        f"/sources/{Source.objects.first().pk}/",
        f"/speakers/{claim.speaker_id}/",
        f"/outlets/{claim.outlet_id}/",
    ]
    for url in urls:
        parsed = outline(page(client, url))
        assert parsed.landmarks == {"header", "main", "footer", "nav"}, url
        assert parsed.levels[0] == 1 and parsed.levels.count(1) == 1, (url, parsed.levels)
        jumps = zip(parsed.levels, parsed.levels[1:], strict=False)
        assert all(b <= a + 1 for a, b in jumps), (url, parsed.levels)
        assert all(c and c in parsed.labelled for c in parsed.controls), url
