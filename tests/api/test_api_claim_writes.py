"""Writing claims: drafts, the workflow actions, and the fields each role may set."""

import pytest

from claims.models import Claim, Status
from tests.factories import OutletFactory, SpeakerFactory, TopicFactory

from .helpers import API, ReadBeforeWriteClient, assert_error, make_claim, snapshot

pytestmark = pytest.mark.django_db

VERDICT = {"rating": "false", "explanation": "The ministry's own figures say otherwise."}
SYSTEM_FIELDS = {
    "status": "published",
    "credibility": 1,
    "credibility_computed": 1,
    "credibility_reasons": [],
    "published_at": "2024-01-01T00:00:00Z",
    "retracted_at": "2024-01-01T00:00:00Z",
    "retraction_reason": "Because.",
    "created_by": 1,
    "updated_by": 1,
    "created_at": "2000-01-01T00:00:00Z",
    "updated_at": "2000-01-01T00:00:00Z",
    "verdict_at": "2024-01-01T00:00:00Z",
}
EDITOR_ONLY_FIELDS = {
    "credibility_override": 1,
    "credibility_override_reason": "I was there.",
    "verdict": VERDICT,
}


def new_claim(**extra) -> dict:
    return {
        "text": "Unemployment has halved since 2020.",
        "speaker_id": SpeakerFactory().pk,
    } | extra


# --- Creating and editing drafts -------------------------------------------------------------


def test_a_contributor_creates_a_draft(contributor_api, contributor):
    outlet, topic = OutletFactory(), TopicFactory(slug="jobs")
    data = new_claim(
        outlet_id=outlet.pk,
        topic_ids=[topic.pk],
        stated_on="2025-05-01",
        quote_kind="direct",
        language="uk",
    )
    response = contributor_api.post(f"{API}/claims/", data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert (body["outlet"]["id"], body["topics"], body["stated_on"]) == (
        outlet.pk,
        ["jobs"],
        "2025-05-01",
    )
    assert body["evidence"] == [] and body["links"] == []
    claim = Claim.objects.get(pk=body["id"])
    assert (claim.status, claim.created_by, claim.updated_by) == (
        Status.DRAFT,
        contributor,
        contributor,
    )
    assert (claim.text, claim.quote_kind, claim.language) == (data["text"], "direct", "uk")


def test_a_contributor_edits_a_draft_with_put_and_patch(contributor_api):
    claim = make_claim(Status.DRAFT)
    speaker, topic = SpeakerFactory(), TopicFactory(slug="health")
    put = contributor_api.put(
        f"{API}/claims/{claim.pk}/",
        {
            "text": "Rewritten.",
            "speaker_id": speaker.pk,
            "outlet_id": None,
            "topic_ids": [topic.pk],
        },
        format="json",
    )
    assert put.status_code == 200, put.content
    assert (put.json()["speaker"]["id"], put.json()["outlet"], put.json()["topics"]) == (
        speaker.pk,
        None,
        ["health"],
    )
    patch = contributor_api.patch(f"{API}/claims/{claim.pk}/", {"topic_ids": []}, format="json")
    assert patch.json()["topics"] == []
    claim.refresh_from_db()
    assert (claim.text, claim.speaker, claim.outlet, list(claim.topics.all())) == (
        "Rewritten.",
        speaker,
        None,
        [],
    )


def test_a_claim_needs_text_and_a_speaker(contributor_api):
    response = contributor_api.post(f"{API}/claims/", {}, format="json")
    assert_error(response, 400, "text", "speaker_id")
    response = contributor_api.post(
        f"{API}/claims/", {"text": "x", "speaker_id": 999_999}, format="json"
    )
    assert_error(response, 400, "speaker_id")
    assert not Claim.objects.exists()


@pytest.mark.parametrize("field", sorted(SYSTEM_FIELDS))
def test_system_fields_are_refused_on_create(editor_api, field):
    response = editor_api.post(
        f"{API}/claims/", new_claim(**{field: SYSTEM_FIELDS[field]}), format="json"
    )
    assert_error(response, 400, field)
    assert not Claim.objects.exists()


@pytest.mark.parametrize("field", sorted(SYSTEM_FIELDS))
@pytest.mark.parametrize("method", ["patch", "put"])
def test_system_fields_are_refused_on_edit(editor_api, method, field):
    claim = make_claim(Status.DRAFT)
    before = snapshot(claim)
    data = {"text": "Changed.", "speaker_id": claim.speaker_id, field: SYSTEM_FIELDS[field]}
    response = getattr(editor_api, method)(f"{API}/claims/{claim.pk}/", data, format="json")
    assert_error(response, 400, field)
    assert snapshot(claim) == before


@pytest.mark.parametrize("field", sorted(EDITOR_ONLY_FIELDS))
def test_a_contributor_may_not_override_credibility_or_give_a_verdict(contributor_api, field):
    value = EDITOR_ONLY_FIELDS[field]
    response = contributor_api.post(f"{API}/claims/", new_claim(**{field: value}), format="json")
    assert_error(response, 400, field)
    assert not Claim.objects.exists()
    claim = make_claim(Status.DRAFT)
    before = snapshot(claim)
    response = contributor_api.patch(f"{API}/claims/{claim.pk}/", {field: value}, format="json")
    assert_error(response, 400, field)
    assert snapshot(claim) == before


def test_a_contributor_may_not_clear_a_verdict_either(contributor_api):
    claim = make_claim(Status.DRAFT, verdict="true", verdict_explanation="Checked.")
    response = contributor_api.patch(f"{API}/claims/{claim.pk}/", {"verdict": None}, format="json")
    assert_error(response, 400, "verdict")
    assert Claim.objects.get(pk=claim.pk).verdict == "true"


def test_every_refused_field_is_named_at_once(contributor_api):
    claim = make_claim(Status.DRAFT)
    data = {"status": "published", "created_by": 1, "verdict": VERDICT, "text": "Changed."}
    body = assert_error(
        contributor_api.patch(f"{API}/claims/{claim.pk}/", data, format="json"),
        400,
        "status",
        "created_by",
        "verdict",
    )
    assert "text" not in body
    assert Claim.objects.get(pk=claim.pk).text == claim.text


# --- Credibility override and verdict (editors) ----------------------------------------------


def test_an_editor_overrides_credibility_with_a_reason(editor_api):
    claim = make_claim()
    data = {"credibility_override": 2, "credibility_override_reason": "Our correspondent saw it."}
    response = editor_api.patch(f"{API}/claims/{claim.pk}/", data, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["credibility"]["grade"] == 2
    assert response.json()["credibility"]["computed"] == 6
    assert response.json()["credibility"]["override"] == {
        "grade": 2,
        "reason": "Our correspondent saw it.",
    }
    claim.refresh_from_db()
    assert (claim.credibility, claim.credibility_override) == (2, 2)

    cleared = {"credibility_override": None, "credibility_override_reason": ""}
    response = editor_api.patch(f"{API}/claims/{claim.pk}/", cleared, format="json")
    assert response.json()["credibility"]["grade"] == 6
    assert response.json()["credibility"]["override"] is None


REASON = "credibility_override_reason"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"credibility_override": 2}, REASON),
        ({"credibility_override": 2, REASON: "  "}, REASON),
        ({"credibility_override": 7, REASON: "x"}, "credibility_override"),
        ({"credibility_override": "high", REASON: "x"}, "credibility_override"),
    ],
    ids=["no-reason", "blank-reason", "out-of-range", "not-a-grade"],
)
def test_a_bad_override_is_refused(editor_api, data, field):
    claim = make_claim()
    before = snapshot(claim)
    assert_error(editor_api.patch(f"{API}/claims/{claim.pk}/", data, format="json"), 400, field)
    assert snapshot(claim) == before


def test_an_editor_gives_and_clears_a_verdict(editor_api, anon):
    claim = make_claim()
    response = editor_api.patch(f"{API}/claims/{claim.pk}/", {"verdict": VERDICT}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["verdict"] == {
        "rating": "false",
        "label": "false",
        "explanation": VERDICT["explanation"],
    }
    claim.refresh_from_db()
    assert (claim.verdict, claim.verdict_explanation) == ("false", VERDICT["explanation"])
    assert claim.verdict_at is not None
    assert anon.get(f"{API}/claims/{claim.pk}/claimreview/").status_code == 200

    response = editor_api.patch(f"{API}/claims/{claim.pk}/", {"verdict": None}, format="json")
    assert response.json()["verdict"] is None
    claim.refresh_from_db()
    assert (claim.verdict, claim.verdict_at) == ("", None)


@pytest.mark.parametrize(
    "verdict",
    [
        {"rating": "pants_on_fire", "explanation": "No."},
        {"rating": "false"},
        {"rating": "false", "explanation": "   "},
        {"rating": "false", "explanation": 5},
        "false",
        ["false"],
    ],
    ids=["unknown-rating", "no-explanation", "blank-explanation", "number", "string", "list"],
)
def test_a_bad_verdict_is_refused(editor_api, verdict):
    claim = make_claim()
    before = snapshot(claim)
    response = editor_api.patch(f"{API}/claims/{claim.pk}/", {"verdict": verdict}, format="json")
    assert_error(response, 400, "verdict")
    assert snapshot(claim) == before


# --- Workflow --------------------------------------------------------------------------------


def test_the_workflow_from_draft_to_retraction(contributor_api, editor_api, anon):
    claim = make_claim(Status.DRAFT)
    submitted = contributor_api.post(f"{API}/claims/{claim.pk}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "in_review"
    assert anon.get(f"{API}/claims/{claim.pk}/").status_code == 404

    published = editor_api.post(f"{API}/claims/{claim.pk}/publish/")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["published_at"]
    assert published.json()["evidence"]  # the detail representation
    assert anon.get(f"{API}/claims/{claim.pk}/").json()["status"] == "published"

    retracted = editor_api.post(
        f"{API}/claims/{claim.pk}/retract/", {"reason": "  The speaker was misidentified. "},
        format="json",
    )  # fmt: skip
    assert retracted.status_code == 200
    assert retracted.json()["status"] == "retracted"
    assert retracted.json()["retraction_reason"] == "The speaker was misidentified."
    assert retracted.json()["retracted_at"]
    claim.refresh_from_db()
    assert (claim.status, claim.retraction_reason) == (
        Status.RETRACTED,
        "The speaker was misidentified.",
    )
    assert anon.get(f"{API}/claims/{claim.pk}/").status_code == 404


@pytest.mark.parametrize(
    "data", [{}, {"reason": ""}, {"reason": "   "}, {"reason": 5}, {"reason": None}, ["x"]],
    ids=["missing", "empty", "blank", "number", "null", "list"],
)  # fmt: skip
def test_a_retraction_needs_a_reason(editor_api, data):
    claim = make_claim()
    before = snapshot(claim)
    response = editor_api.post(f"{API}/claims/{claim.pk}/retract/", data, format="json")
    assert_error(response, 400, "reason")
    assert snapshot(claim) == before


def test_publishing_needs_a_source_the_claim_appears_in(editor_api):
    claim = make_claim(Status.IN_REVIEW, appears_in=False)
    before = snapshot(claim)
    assert_error(editor_api.post(f"{API}/claims/{claim.pk}/publish/"), 400, "evidence")
    assert snapshot(claim) == before


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.RETRACTED])
def test_a_claim_that_was_public_is_never_deleted(editor_api, status):
    claim = make_claim(status)
    body = assert_error(editor_api.delete(f"{API}/claims/{claim.pk}/"), 405)
    assert "retract" in body["detail"]
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_draft_is_deleted(contributor_api):
    claim = make_claim(Status.DRAFT)
    response = contributor_api.delete(f"{API}/claims/{claim.pk}/")
    assert response.status_code == 204
    assert not Claim.objects.filter(pk=claim.pk).exists()


# --- Session authentication ------------------------------------------------------------------


def test_staff_write_with_a_session(editor):
    client = ReadBeforeWriteClient(raise_request_exception=False)
    client.force_login(editor)
    claim = make_claim(Status.DRAFT)
    response = client.post(f"{API}/claims/{claim.pk}/publish/")
    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED


def test_a_session_write_without_a_csrf_token_is_refused(editor):
    client = ReadBeforeWriteClient(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(editor)
    claim = make_claim(Status.DRAFT)
    body = assert_error(client.post(f"{API}/claims/{claim.pk}/publish/"), 403)
    assert "CSRF" in body["detail"]
    assert Claim.objects.get(pk=claim.pk).status == Status.DRAFT
    # A token needs no CSRF token, even on a client that enforces it.
    from rest_framework.authtoken.models import Token

    token_client = ReadBeforeWriteClient(enforce_csrf_checks=True)
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    assert token_client.post(f"{API}/claims/{claim.pk}/publish/").status_code == 200
