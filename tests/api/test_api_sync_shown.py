"""Sync sees a claim whenever what the API shows of it changes, even through another row.

A claim shows its speaker, its outlet, its topics, the sources of its evidence with their
outlets, and the claims it is linked to. Renaming any of them changes the claim's JSON, so
`claims/?updated_since=` must return the claim, or a mirror keeps the old name forever.
"""

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Claim, ClaimLink
from claims.recompute import credibility_recompute
from tests.factories import EvidenceFactory, OutletFactory, SourceFactory, TopicFactory

from .helpers import API, all_pages, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """Published claims, all changed long ago; `bystander` shares nothing with `claim`."""
    outlet, source_outlet = OutletFactory(), OutletFactory()
    source = SourceFactory(outlet=source_outlet)
    claim = make_claim(outlet=outlet, appears_in=False)
    EvidenceFactory(claim=claim, source=source)
    topic = TopicFactory(slug="economy")
    claim.topics.add(topic)
    linked = make_claim()
    ClaimLink.objects.create(from_claim=linked, to_claim=claim, kind=ClaimLink.Kind.SUPPORTS)
    bystander = make_claim()
    # Graded as the services would have, so that only the change under test regrades anything.
    credibility_recompute(claim_ids=Claim.objects.values_list("pk", flat=True))
    Claim.objects.update(updated_at=timezone.now() - dt.timedelta(days=30))
    return {
        "claim": claim,
        "linked": linked,
        "bystander": bystander,
        "outlet": outlet,
        "source": source,
        "source_outlet": source_outlet,
        "topic": topic,
    }


def synced_since(anon, since) -> list[dict]:
    params = {"updated_since": since.isoformat(), "ordering": "updated_at"}
    return all_pages(anon, f"{API}/claims/", params)


def changed(anon, editor_api, path: str, body: dict) -> dict[int, dict]:
    """PATCH `path` as an editor; return the claims sync then returns, by id."""
    since = timezone.now()
    response = editor_api.patch(f"{API}/{path}", body, format="json")
    assert response.status_code == 200, response.content
    return {row["id"]: row for row in synced_since(anon, since)}


def test_renaming_a_speaker_syncs_their_claims_and_the_claims_linked_to_them(
    anon, editor_api, world
):
    claim = world["claim"]
    rows = changed(anon, editor_api, f"speakers/{claim.speaker_id}/", {"name": "New Name"})
    assert rows[claim.pk]["speaker"]["name"] == "New Name"
    assert world["linked"].pk in rows  # its link shows the claim's speaker
    assert world["bystander"].pk not in rows
    detail = anon.get(f"{API}/claims/{world['linked'].pk}/").json()
    assert detail["links"][0]["claim"]["speaker"]["name"] == "New Name"


def test_renaming_the_claims_outlet_syncs_it(anon, editor_api, world):
    rows = changed(anon, editor_api, f"outlets/{world['outlet'].pk}/", {"name": "Renamed Wire"})
    assert rows[world["claim"].pk]["outlet"]["name"] == "Renamed Wire"
    assert world["bystander"].pk not in rows


def test_renaming_the_outlet_of_a_source_of_its_evidence_syncs_it(anon, editor_api, world):
    path = f"outlets/{world['source_outlet'].pk}/"
    rows = changed(anon, editor_api, path, {"name": "Renamed Daily"})
    assert set(rows) == {world["claim"].pk}


def test_retitling_a_source_of_its_evidence_syncs_it(anon, editor_api, world):
    rows = changed(anon, editor_api, f"sources/{world['source'].pk}/", {"title": "New title"})
    assert set(rows) == {world["claim"].pk}
    detail = anon.get(f"{API}/claims/{world['claim'].pk}/").json()
    assert detail["evidence"][0]["source"]["title"] == "New title"


def test_a_source_edit_that_claims_do_not_show_syncs_nothing(anon, editor_api, world):
    assert changed(anon, editor_api, f"sources/{world['source'].pk}/", {"body": "Text."}) == {}


def test_renaming_a_topic_slug_syncs_its_claims(anon, editor_api, world):
    rows = changed(anon, editor_api, f"topics/{world['topic'].pk}/", {"slug": "economics"})
    assert set(rows) == {world["claim"].pk}
    assert rows[world["claim"].pk]["topics"] == ["economics"]


def test_editing_a_claim_syncs_the_claims_whose_links_show_it(anon, editor_api, world):
    claim, linked = world["claim"], world["linked"]
    rows = changed(anon, editor_api, f"claims/{claim.pk}/", {"text": "Reworded."})
    assert set(rows) == {claim.pk, linked.pk}
    detail = anon.get(f"{API}/claims/{linked.pk}/").json()
    assert detail["links"][0]["claim"]["text"] == "Reworded."


def test_retracting_a_claim_syncs_the_claims_whose_links_showed_it(anon, editor_api, world):
    claim, linked = world["claim"], world["linked"]
    since = timezone.now()
    response = editor_api.post(
        f"{API}/claims/{claim.pk}/retract/", {"reason": "Misquoted."}, format="json"
    )
    assert response.status_code == 200
    rows = {row["id"]: row for row in synced_since(anon, since)}
    assert set(rows) == {claim.pk, linked.pk}
    assert anon.get(f"{API}/claims/{linked.pk}/").json()["links"] == []


def test_regrading_a_claim_syncs_the_claims_whose_links_show_its_grade(anon, editor_api, world):
    claim, linked = world["claim"], world["linked"]
    before = anon.get(f"{API}/claims/{linked.pk}/").json()["links"][0]["claim"]["credibility"]
    since = timezone.now()
    response = editor_api.post(
        f"{API}/evidence/",
        {"claim_id": claim.pk, "source_id": SourceFactory().pk, "relation": "conflicts"},
        format="json",
    )
    assert response.status_code == 201, response.content
    rows = {row["id"] for row in synced_since(anon, since)}
    assert linked.pk in rows and world["bystander"].pk not in rows
    after = anon.get(f"{API}/claims/{linked.pk}/").json()["links"][0]["claim"]["credibility"]
    assert after != before


def test_overriding_a_grade_syncs_the_claims_whose_links_show_it(anon, editor_api, world):
    claim, linked = world["claim"], world["linked"]
    body = {"credibility_override": 1, "credibility_override_reason": "Confirmed by our desk."}
    rows = changed(anon, editor_api, f"claims/{claim.pk}/", body)
    assert set(rows) == {claim.pk, linked.pk}
    assert anon.get(f"{API}/claims/{linked.pk}/").json()["links"][0]["claim"]["credibility"] == 1
