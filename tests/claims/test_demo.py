"""The demo data: the Istanbul-talks article and its 15 hand-annotated statements."""

import pytest
from django.core.management import call_command

from claims.models import Claim, Evidence, Status
from sources.models import Citation, Outlet, Source

pytestmark = pytest.mark.django_db

# (line of the article, canonical speaker, outlet given to / first reported by), from the hand
# annotation; statements the article relays without naming an outlet are first reported by it.
EXPECTED = [
    (3, "Turkish Ministry of Foreign Affairs representative", "RIA Novosti"),
    (4, "TASS source", "TASS"),
    (5, "TASS source", "TASS"),
    (6, "Volodymyr Zelensky", "Pravda.Ru"),
    (7, "TASS source", "TASS"),
    (8, "TASS source", "TASS"),
    (9, "Andriy Yermak", "Pravda.Ru"),
    (10, "Andriy Yermak", "Pravda.Ru"),
    (11, "Hakan Fidan", "Pravda.Ru"),
    (14, "Russian media", "Pravda.Ru"),
    (18, "Government of Ukraine", "Pravda.Ru"),
    (18, "Office of the President of Ukraine", "Pravda.Ru"),
    (20, "Dmitry Peskov", "Pravda.Ru"),
    (21, "Kremlin", "Pravda.Ru"),
    (22, "Maria Zakharova", "Pravda.Ru"),
]


@pytest.fixture
def demo():
    call_command("load_demo")


def article() -> Source:
    return Source.objects.get(outlet__name="Pravda.Ru")


def test_fifteen_published_claims_with_their_speakers_and_outlets(demo):
    published = Claim.objects.filter(status=Status.PUBLISHED).select_related("speaker", "outlet")
    assert published.count() == 15
    got = sorted((c.speaker.name, c.outlet.name) for c in published)
    assert got == sorted((speaker, outlet) for _line, speaker, outlet in EXPECTED)


def test_each_claim_appears_in_the_article_with_an_exact_excerpt(demo):
    body = article().body
    lines = body.split("\n")
    for claim in Claim.objects.filter(status=Status.PUBLISHED):
        evidence = claim.evidence.get(source=article(), relation=Evidence.Relation.APPEARS_IN)
        assert evidence.excerpt and evidence.excerpt in body, claim
        assert any(evidence.excerpt in line for line in lines)


def test_statements_told_to_wire_agencies_also_appear_in_their_reports(demo):
    for claim in Claim.objects.filter(outlet__name__in=["TASS", "RIA Novosti"]):
        assert claim.evidence.filter(source__outlet=claim.outlet).exists(), claim


def test_the_article_cites_the_reports_and_the_statement_it_relays(demo):
    cited = set(
        Citation.objects.filter(citing=article()).values_list("cited__outlet__name", flat=True)
    )
    assert cited == {"TASS", "RIA Novosti", "Office of the President of Ukraine"}
    assert not Source.objects.get(outlet__name="TASS").url  # a report known without a URL


def test_outlets_have_kind_country_and_state_affiliation(demo):
    tass = Outlet.objects.get(name="TASS")
    assert (tass.kind, tass.country.code, tass.state_affiliation) == (
        "wire_agency",
        "RU",
        "state_controlled",
    )
    assert Outlet.objects.for_url("https://english.pravda.ru/news/world/1") == article().outlet


def test_two_verdicts_and_one_draft_that_needs_a_source(demo):
    verdicts = Claim.objects.exclude(verdict="").select_related("speaker")
    assert sorted(c.speaker.name for c in verdicts) == ["Dmitry Peskov", "TASS source"]
    assert all(c.verdict == "true" and c.verdict_explanation for c in verdicts)
    assert any("23 July 2025" in c.verdict_explanation for c in verdicts)
    draft = Claim.objects.get(status=Status.DRAFT)
    assert "largest exchange since" in draft.text


def test_speakers_are_found_by_their_aliases(demo):
    from claims.models import Speaker

    assert Speaker.objects.by_name("Yermak").get().name == "Andriy Yermak"
    assert Speaker.objects.by_name("Zelenskiy").get().name == "Volodymyr Zelensky"
    assert Speaker.objects.by_name("the Ukrainian Presidential Administration").get().kind == (
        "organization"
    )


def test_load_demo_twice_creates_nothing_new(demo, capsys):
    counts = [m.objects.count() for m in (Claim, Evidence, Source, Outlet, Citation)]
    history = Claim.history.count()
    call_command("load_demo")
    assert [m.objects.count() for m in (Claim, Evidence, Source, Outlet, Citation)] == counts
    assert Claim.history.count() == history
    assert "nothing new" in capsys.readouterr().out


def test_demo_editor_is_created_and_can_log_in(demo, client, monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    call_command("create_demo_editor")
    assert "'demo-pass-123'" in capsys.readouterr().out
    assert client.login(username="editor", password="demo-pass-123")
    response = client.get("/admin/claims/claim/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 16


def test_the_demo_is_searchable_right_after_loading(demo):
    from sources.search import search

    hits = search('"third round"', kinds=("claim",)).hits
    texts = {Claim.objects.get(pk=h.object_id).text for h in hits}
    assert "The third round of negotiations between Russia and Ukraine will take place" in texts
    assert all("<mark>" in h.snippet for h in hits)
    assert search("Zelenskiy", kinds=("speaker",)).hits  # fuzzy name, through the aliases too
