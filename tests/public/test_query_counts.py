"""Every public page costs the same number of queries for 1 row as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f

from .conftest import published, reindex, with_verdict

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(n: int, **kwargs) -> list:
    return [published(**kwargs) for _ in range(n)]


@pytest.mark.parametrize("kind", ["speaker", "outlet"])
def test_speaker_and_outlet_pages(client, db, kind):
    owner = f.SpeakerFactory() if kind == "speaker" else f.OutletFactory()
    url = f"/{kind}s/{owner.pk}/"
    grow(1, **{kind: owner})
    queries(client, url)  # warm up
    few = queries(client, url)
    grow(29, **{kind: owner})
    many = queries(client, url)
    assert many == few, f"{kind}: {few} queries for 1 claim, {many} for 30"


def test_source_page(client, db):
    source = f.SourceFactory()
    url = f"/sources/{source.pk}/"

    def add(n: int) -> None:
        for _ in range(n):
            f.EvidenceFactory(claim=published(), source=source)
            f.CitationFactory(citing=source)
            f.CitationFactory(cited=source)

    add(1)
    queries(client, url)
    few = queries(client, url)
    add(29)
    assert queries(client, url) == few


def test_claim_page(client, db):
    claim = with_verdict(published())
    url = f"/claims/{claim.pk}/"

    def add(n: int) -> None:
        for _ in range(n):
            f.EvidenceFactory(claim=claim, relation="corroborates")
            f.EvidenceFactory(claim=claim, relation="conflicts")
            f.ClaimLinkFactory(from_claim=claim, to_claim=published())
            f.CitationFactory(citing=claim.evidence.first().source)

    add(1)
    queries(client, url)
    few = queries(client, url)
    add(29)
    assert queries(client, url) == few


@pytest.mark.parametrize(
    "query", ["q=walrus", "q=walrus&kind=claim", "kind=claim&credibility_max=6"]
)
def test_search_page(client, db, search_backend, query):
    url = f"/?{query}"
    grow(1, text="A walrus statement.")
    reindex()
    queries(client, url)
    few = queries(client, url)
    for n in range(29):
        published(text=f"Walrus statement {n}.")
    reindex()
    assert queries(client, url) == few


def test_search_page_without_a_query(client, db):
    grow(1)
    queries(client, "/")
    few = queries(client, "/")
    grow(29)
    assert queries(client, "/") == few
