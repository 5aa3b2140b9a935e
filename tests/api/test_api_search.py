"""GET /api/v1/search/: mixed, ranked results with highlighted snippets."""

import pytest

from claims.models import Status
from sources.search import rebuild
from tests.factories import ClaimFactory, OutletFactory, PublishedClaimFactory, SpeakerFactory

API = "/api/v1"


@pytest.fixture
def corpus(db):
    speaker = SpeakerFactory(name="Hakan Fidan", role="Minister of Foreign Affairs")
    outlet = OutletFactory(name="Anadolu Agency", slug="anadolu")
    published = PublishedClaimFactory(
        speaker=speaker, outlet=outlet, text="Talks at Çırağan Palace will resume on Monday."
    )
    draft = ClaimFactory(speaker=speaker, text="Talks at Çırağan Palace were a secret draft.")
    rebuild(progress=False)  # factories bypass the services that keep the index current
    return {"speaker": speaker, "outlet": outlet, "published": published, "draft": draft}


def results(response) -> list[tuple[str, int]]:
    assert response.status_code == 200, response.content
    return [(r["type"], r["id"]) for r in response.json()["results"]]


def test_mixed_results_with_highlights_and_links(anon, corpus):
    response = anon.get(f"{API}/search/", {"q": "Ciragan"})
    assert results(response) == [("claim", corpus["published"].pk)]
    hit = response.json()["results"][0]
    assert "<mark>Çırağan</mark>" in hit["snippet"]
    assert hit["url"].endswith(f"{API}/claims/{corpus['published'].pk}/")
    found = results(anon.get(f"{API}/search/", {"q": "Fidan"}))
    assert ("speaker", corpus["speaker"].pk) in found


def test_type_limits_the_kinds(anon, corpus):
    assert results(anon.get(f"{API}/search/", {"q": "anadolu", "type": "outlet"})) == [
        ("outlet", corpus["outlet"].pk)
    ]


def test_drafts_are_found_by_staff_only(anon, editor_api, corpus):
    draft = ("claim", corpus["draft"].pk)
    assert draft not in results(anon.get(f"{API}/search/", {"q": "secret draft"}))
    assert corpus["draft"].status == Status.DRAFT
    assert draft in results(editor_api.get(f"{API}/search/", {"q": "secret draft"}))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": ""}, "q"),
        ({}, "q"),
        ({"q": "talks", "type": "planet"}, "type"),
        ({"q": "talks", "limit": "1000"}, "limit"),
        ({"q": "talks", "limit": "x"}, "limit"),
        ({"q": "talks", "offset": "-1"}, "offset"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(anon, db, params, field):
    response = anon.get(f"{API}/search/", params)
    assert response.status_code == 400
    assert field in response.json()
