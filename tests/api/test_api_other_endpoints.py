"""Sources, outlets, speakers, topics and evidence, and the claims of each source, speaker and
outlet."""

import datetime as dt
from urllib.parse import parse_qsl

import pytest
from django.utils import timezone

from claims.models import Evidence, Speaker, Status, Topic
from sources.models import Outlet, Source
from sources.search import rebuild
from tests.factories import (
    CitationFactory,
    EvidenceFactory,
    OutletDomainFactory,
    OutletFactory,
    SourceFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
    TopicFactory,
)

from .helpers import API, assert_error, ids, make_claim

pytestmark = pytest.mark.django_db


# --- Sources ---------------------------------------------------------------------------------


def test_a_source_with_its_outlet_and_citations(anon):
    outlet = OutletFactory(name="Pravda.Ru", kind="online")
    cited = SourceFactory(title="TASS report")
    source = SourceFactory(
        title="Talks in Istanbul", outlet=outlet, url="https://pravda.example/talks", kind="article"
    )
    CitationFactory(citing=source, cited=cited, kind="quotes")
    body = anon.get(f"{API}/sources/{source.pk}/").json()
    assert (body["id"], body["title"], body["url"], body["kind"]) == (
        source.pk,
        "Talks in Istanbul",
        "https://pravda.example/talks",
        "article",
    )
    assert body["url_api"] == f"http://testserver{API}/sources/{source.pk}/"
    assert body["outlet"] == {
        "id": outlet.pk,
        "name": "Pravda.Ru",
        "kind": "online",
        "reliability": "F",
    }
    assert body["cites"] == [{"id": cited.pk, "kind": "quotes", "title": "TASS report"}]
    assert len(body["body_sha256"]) == 64


@pytest.fixture
def library(db):
    tass, ria = OutletFactory(), OutletFactory()
    now = timezone.now()
    sources = {
        "old_wire": SourceFactory(
            outlet=tass,
            kind="wire_report",
            published_at=now - dt.timedelta(days=10),
            url="https://tass.example/news/1?id=7",
        ),
        "new_wire": SourceFactory(outlet=tass, kind="wire_report", published_at=now),
        "transcript": SourceFactory(
            outlet=ria, kind="transcript", published_at=now - dt.timedelta(days=5)
        ),
    }
    day = (now - dt.timedelta(days=7)).date().isoformat()
    return sources, {"tass": tass.pk, "ria": ria.pk, "day": day}


SOURCE_FILTERS = [
    ("outlet={tass}", {"old_wire", "new_wire"}),
    ("kind=transcript", {"transcript"}),
    ("kind=wire_report&outlet={ria}", set()),
    ("published_after={day}T00:00:00Z", {"new_wire", "transcript"}),
    ("published_before={day}T00:00:00Z", {"old_wire"}),
    # The URL is matched in its normalized form: case, tracking parameters, fragment.
    ("url=HTTPS://TASS.example/news/1?id=7%26utm_source=x%23top", {"old_wire"}),
    ("url=https://tass.example/news/1", set()),
]


@pytest.mark.parametrize(("query", "expected"), SOURCE_FILTERS, ids=[f[0] for f in SOURCE_FILTERS])
def test_source_filters(anon, library, query, expected):
    sources, refs = library
    params = dict(parse_qsl(query.format(**refs)))
    assert set(ids(anon.get(f"{API}/sources/", params))) == {sources[name].pk for name in expected}


def test_a_contributor_adds_a_source_with_a_normalized_url(contributor_api):
    outlet = OutletFactory()
    OutletDomainFactory(outlet=outlet, domain="wire.example")
    response = contributor_api.post(
        f"{API}/sources/",
        {"title": "Wire report", "url": "HTTPS://www.Wire.example/a?utm_medium=x#frag"},
        format="json",
    )
    assert response.status_code == 201, response.content
    source = Source.objects.get(pk=response.json()["id"])
    assert source.url == "https://www.wire.example/a"
    assert source.outlet == outlet  # recognised from the domain
    duplicate = contributor_api.post(
        f"{API}/sources/", {"title": "Again", "url": "https://www.wire.example/a"}, format="json"
    )
    assert_error(duplicate, 400, "url")
    assert Source.objects.count() == 1


def test_a_source_needs_a_title(contributor_api):
    assert_error(contributor_api.post(f"{API}/sources/", {"url": ""}, format="json"), 400, "title")


# --- Outlets and speakers --------------------------------------------------------------------


def test_an_outlet_with_its_domains(anon):
    outlet = OutletFactory(name="RIA Novosti", slug="ria", kind="wire_agency", country="RU")
    OutletDomainFactory(outlet=outlet, domain="ria.example")
    body = anon.get(f"{API}/outlets/{outlet.pk}/").json()
    assert (body["name"], body["slug"], body["kind"], body["country"]) == (
        "RIA Novosti",
        "ria",
        "wire_agency",
        "RU",
    )
    assert body["domains"] == ["ria.example"]
    assert body["url"] == f"http://testserver{API}/outlets/{outlet.pk}/"


def test_outlet_filters(anon):
    wire = OutletFactory(kind="wire_agency", name="Interfax")
    OutletFactory(kind="newspaper", name="The Times")
    rebuild(progress=False)  # factories bypass the services that keep the search index current
    assert ids(anon.get(f"{API}/outlets/", {"kind": "wire_agency"})) == [wire.pk]
    assert ids(anon.get(f"{API}/outlets/", {"q": "interfax"})) == [wire.pk]
    assert ids(anon.get(f"{API}/outlets/", {"q": "Interfaks"})) == [wire.pk]  # fuzzy name


def test_a_speaker_with_aliases(anon):
    speaker = SpeakerFactory(name="Volodymyr Zelensky", role="President", kind="person")
    SpeakerAliasFactory(speaker=speaker, name="Zelenskyy")
    body = anon.get(f"{API}/speakers/{speaker.pk}/").json()
    assert (body["name"], body["role"], body["kind"], body["aliases"]) == (
        "Volodymyr Zelensky",
        "President",
        "person",
        ["Zelenskyy"],
    )


def test_speaker_filters(anon):
    person = SpeakerFactory(name="Rustem Umerov", kind="person")
    source = SpeakerFactory(name="TASS source", kind="anonymous")
    assert ids(anon.get(f"{API}/speakers/", {"kind": "anonymous"})) == [source.pk]
    assert ids(anon.get(f"{API}/speakers/", {"name": "umer"})) == [person.pk]
    assert ids(anon.get(f"{API}/speakers/", {"name": "nobody"})) == []


RATE = {"reliability": "B", "reliability_rationale": "A long record of accurate statements."}


@pytest.mark.parametrize("kind", ["speakers", "outlets"])
def test_an_editor_rates_speakers_and_outlets(editor_api, kind):
    obj = SpeakerFactory() if kind == "speakers" else OutletFactory()
    response = editor_api.patch(f"{API}/{kind}/{obj.pk}/", RATE, format="json")
    assert response.status_code == 200, response.content
    obj.refresh_from_db()
    assert (obj.reliability, obj.reliability_rationale) == ("B", RATE["reliability_rationale"])


@pytest.mark.parametrize("kind", ["speakers", "outlets"])
def test_a_rating_needs_a_rationale(editor_api, kind):
    obj = SpeakerFactory() if kind == "speakers" else OutletFactory()
    response = editor_api.patch(f"{API}/{kind}/{obj.pk}/", {"reliability": "A"}, format="json")
    assert_error(response, 400, "reliability_rationale")
    obj.refresh_from_db()
    assert obj.reliability == "F"


@pytest.mark.parametrize("kind", ["speakers", "outlets"])
def test_a_contributor_does_not_rate(contributor_api, kind):
    obj = SpeakerFactory() if kind == "speakers" else OutletFactory()
    response = contributor_api.patch(f"{API}/{kind}/{obj.pk}/", RATE, format="json")
    assert_error(response, 403)
    obj.refresh_from_db()
    assert obj.reliability == "F"


def test_a_contributor_creates_a_speaker_but_not_a_rated_one(contributor_api):
    response = contributor_api.post(
        f"{API}/speakers/", {"name": "TASS source", "kind": "anonymous"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Speaker.objects.get(pk=response.json()["id"]).kind == "anonymous"
    response = contributor_api.post(f"{API}/speakers/", {"name": "Rated", **RATE}, format="json")
    assert_error(response, 403)
    assert not Speaker.objects.filter(name="Rated").exists()


# --- Topics and evidence ---------------------------------------------------------------------


def test_topics(anon, editor_api):
    topic = TopicFactory(name="Prisoner exchange", slug="prisoners", description="POW swaps.")
    TopicFactory(name="Other")
    assert anon.get(f"{API}/topics/{topic.pk}/").json() == {
        "id": topic.pk,
        "name": "Prisoner exchange",
        "slug": "prisoners",
        "description": "POW swaps.",
    }
    assert ids(anon.get(f"{API}/topics/", {"slug": "prisoners"})) == [topic.pk]
    response = editor_api.post(
        f"{API}/topics/", {"name": "Energy", "slug": "energy"}, format="json"
    )
    assert response.status_code == 201
    assert Topic.objects.filter(slug="energy").exists()
    assert_error(
        editor_api.post(f"{API}/topics/", {"name": "x", "slug": "energy"}, format="json"),
        400,
        "slug",
    )


def test_evidence_list_and_filters(editor_api):
    claim = make_claim(Status.DRAFT, appears_in=False)
    source = SourceFactory()
    appears = EvidenceFactory(claim=claim, source=source, relation="appears_in", excerpt="Quote.")
    conflicts = EvidenceFactory(claim=claim, relation="conflicts")
    EvidenceFactory(relation="corroborates")
    assert set(ids(editor_api.get(f"{API}/evidence/", {"claim": claim.pk}))) == {
        appears.pk,
        conflicts.pk,
    }
    assert ids(editor_api.get(f"{API}/evidence/", {"source": source.pk})) == [appears.pk]
    assert ids(editor_api.get(f"{API}/evidence/", {"relation": "conflicts"})) == [conflicts.pk]
    body = editor_api.get(f"{API}/evidence/{appears.pk}/").json()
    assert (body["claim"], body["relation"], body["excerpt"]) == (claim.pk, "appears_in", "Quote.")
    assert body["source"]["id"] == source.pk
    assert body["source"]["outlet"]["id"] == source.outlet_id


def test_adding_evidence_recomputes_the_grade(contributor_api, contributor):
    claim = make_claim(Status.DRAFT, appears_in=False)
    response = contributor_api.post(
        f"{API}/evidence/",
        {"claim_id": claim.pk, "source_id": SourceFactory().pk, "relation": "appears_in"},
        format="json",
    )
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get(pk=response.json()["id"])
    assert (evidence.claim, evidence.created_by) == (claim, contributor)
    claim.refresh_from_db()
    assert claim.credibility_reasons  # the grade was computed from the new evidence
    assert claim.support_lines == 1


def test_the_same_evidence_twice_is_refused(contributor_api):
    evidence = EvidenceFactory(claim=make_claim(Status.DRAFT, appears_in=False))
    data = {
        "claim_id": evidence.claim_id,
        "source_id": evidence.source_id,
        "relation": "appears_in",
    }
    assert_error(
        contributor_api.post(f"{API}/evidence/", data, format="json"), 400, "non_field_errors"
    )
    assert Evidence.objects.count() == 1


def test_evidence_on_a_retracted_claim_is_a_conflict(editor_api):
    claim = make_claim(Status.RETRACTED)
    data = {"claim_id": claim.pk, "source_id": SourceFactory().pk, "relation": "conflicts"}
    response = editor_api.post(f"{API}/evidence/", data, format="json")
    assert response.status_code == 409
    assert claim.evidence.count() == 1


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("sources", {"title": "A report", "url": "https://a.example/1"}),
        ("speakers", {"name": "A speaker"}),
        ("outlets", {"name": "An outlet", "slug": "an-outlet"}),
        ("evidence", {"relation": "appears_in"}),
    ],
)
def test_timestamps_are_refused_on_every_resource(editor_api, kind, data):
    if kind == "evidence":
        data = {**data, "claim_id": make_claim(Status.DRAFT, appears_in=False).pk,
                "source_id": SourceFactory().pk}  # fmt: skip
    model = {"sources": Source, "speakers": Speaker, "outlets": Outlet, "evidence": Evidence}[kind]
    before = model.objects.count()
    response = editor_api.post(
        f"{API}/{kind}/", {**data, "created_at": "2000-01-01T00:00:00Z"}, format="json"
    )
    assert_error(response, 400, "created_at")
    assert model.objects.count() == before


# --- The claims of a source, speaker or outlet -----------------------------------------------


@pytest.mark.parametrize("parent", ["sources", "speakers", "outlets"])
def test_the_claims_of_a_parent(anon, editor_api, parent):
    speaker, outlet, source = SpeakerFactory(), OutletFactory(), SourceFactory()
    mine = []
    for status in (Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT):
        claim = make_claim(status, speaker=speaker, outlet=outlet)
        EvidenceFactory(claim=claim, source=source, relation="corroborates")
        mine.append(claim)
    other = make_claim()
    EvidenceFactory(claim=other, relation="corroborates")
    parent_id = {"sources": source.pk, "speakers": speaker.pk, "outlets": outlet.pk}[parent]
    url = f"{API}/{parent}/{parent_id}/claims/"
    assert sorted(ids(anon.get(url))) == sorted(c.pk for c in mine[:2])
    assert sorted(ids(editor_api.get(url))) == sorted(c.pk for c in mine)
    # The claim filters work inside too.
    assert ids(anon.get(url, {"status": "draft"})) == []
    assert_error(anon.get(f"{API}/{parent}/99999/claims/"), 404)


def test_evidence_counts_in_the_claims_of_a_source(anon):
    source = SourceFactory()
    claim = make_claim(appears_in=False)
    EvidenceFactory(claim=claim, source=source, relation="appears_in")
    EvidenceFactory(claim=claim, relation="corroborates")
    EvidenceFactory(claim=claim, relation="conflicts")
    expected = {"appears_in": 1, "corroborates": 1, "conflicts": 1}
    assert anon.get(f"{API}/claims/").json()["results"][0]["evidence_counts"] == expected
    row = anon.get(f"{API}/sources/{source.pk}/claims/").json()["results"][0]
    assert row["evidence_counts"] == expected


def test_a_claim_is_listed_once_in_its_source_however_it_is_cited(anon):
    source = SourceFactory()
    claim = make_claim(appears_in=False)
    EvidenceFactory(claim=claim, source=source, relation="appears_in")
    EvidenceFactory(claim=claim, source=source, relation="corroborates")
    assert ids(anon.get(f"{API}/sources/{source.pk}/claims/")) == [claim.pk]
    assert ids(anon.get(f"{API}/claims/", {"source": source.pk})) == [claim.pk]
