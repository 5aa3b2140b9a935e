"""The public pages' matrix: role x page x claim status -> HTTP status, and what is shown.

The public pages are the product's public face, the same for everyone, logged in or not
(DESIGN.md: journalists search published claims): a claim's page exists once it was published,
and stays, marked, when it is retracted (readers must see the retraction and its reason); a
draft or a claim in review is 404 (not 403: its existence is not disclosed) to every caller.
Lists (search, latest claims, a source's, speaker's or outlet's page) show published claims only.
"""

import pytest
from django.test import Client

from claims.models import Evidence
from sources.search import search_index_update
from tests.api.helpers import RETRACTION_REASON, STATUSES, make_claim
from tests.factories import OutletFactory, SourceFactory

from .conftest import ROLES

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, RETRACTED = STATUSES
LISTED, HIDDEN = "listed", "hidden"

_PAGE = (404, 404, 200, 200)  # a claim's own page, whoever asks
_LIST = (HIDDEN, HIDDEN, LISTED, HIDDEN)
# page: {role: (draft, in_review, published, retracted)}
_MATRIX = {
    "claim page": dict.fromkeys(ROLES, _PAGE),
    "search": dict.fromkeys(ROLES, _LIST),
    "latest": dict.fromkeys(ROLES, _LIST),
    "source page": dict.fromkeys(ROLES, _LIST),
    "speaker page": dict.fromkeys(ROLES, _LIST),
    "outlet page": dict.fromkeys(ROLES, _LIST),
}
EXPECTED = {
    (role, page, status): outcome
    for page, by_role in _MATRIX.items()
    for role, outcomes in by_role.items()
    for status, outcome in zip(STATUSES, outcomes, strict=True)
}


@pytest.fixture
def world(db):
    """A claim in each status, all by one speaker through one outlet, resting on one source,
    each with a word of its own; the search index is brought up to date."""
    outlet = OutletFactory()
    source = SourceFactory(outlet=outlet)
    claims = {}
    for status in STATUSES:
        claims[status] = make_claim(
            status,
            appears_in=False,
            outlet=outlet,
            text=f"Marblewick {status.replace('_', '')} statement.",
            **({"speaker": claims[DRAFT].speaker} if claims else {}),
        )
        Evidence.objects.create(claim=claims[status], source=source, relation="appears_in")
    search_index_update("claim", [c.pk for c in claims.values()])
    return {"claims": claims, "source": source, "outlet": outlet, "speaker": claims[DRAFT].speaker}


@pytest.mark.parametrize("role", ROLES)
def test_a_claims_page(browser_as, world, subtests, role):
    client = browser_as(role)
    for status in STATUSES:
        with subtests.test(status=status):
            _check_claim_page(client, world, role, status)


def _check_claim_page(client, world, role, status) -> None:
    claim = world["claims"][status]
    response = client.get(f"/claims/{claim.pk}/")
    expected = EXPECTED[(role, "claim page", status)]
    assert response.status_code == expected, response.status_code
    if expected == 404:
        assert claim.text.encode() not in response.content
        return
    page = response.content.decode()
    assert claim.text in page
    assert (RETRACTION_REASON in page) is (status == RETRACTED)


def _url(page: str, world) -> str:
    return {
        "search": "/?q=Marblewick",
        "latest": "/",
        "source page": f"/sources/{world['source'].pk}/",
        "speaker page": f"/speakers/{world['speaker'].pk}/",
        "outlet page": f"/outlets/{world['outlet'].pk}/",
    }[page]


@pytest.mark.parametrize("page", [p for p in _MATRIX if p != "claim page"])
def test_which_claims_a_page_lists(browser_as, world, subtests, page):
    """One request per (role, page) checks the four statuses' cells at once."""
    for role in ROLES:
        with subtests.test(role=role):
            _check_page_list(browser_as(role), world, role, page)


def _check_page_list(client, world, role, page) -> None:
    response = client.get(_url(page, world))
    assert response.status_code == 200, response.status_code
    content = response.content.decode()
    got = {
        status: LISTED if claim.text in content or f"/claims/{claim.pk}/" in content else HIDDEN
        for status, claim in world["claims"].items()
    }
    assert got == {status: EXPECTED[(role, page, status)] for status in STATUSES}


def test_a_missing_claim_and_a_draft_get_the_same_answer(world):
    draft = world["claims"][DRAFT]
    missing = Client().get("/claims/999999/")
    hidden = Client().get(f"/claims/{draft.pk}/")
    assert (missing.status_code, hidden.status_code) == (404, 404)
    assert missing["Content-Type"] == hidden["Content-Type"]
    assert draft.text.encode() not in hidden.content
    assert draft.speaker.name.encode() not in hidden.content
