"""No lost updates over the API: ETag on reads, If-Match on writes, 428 and 412 otherwise."""

import pytest

from claims.models import Claim, Evidence, Speaker, Status
from sources.models import Outlet, Source
from tests.factories import EvidenceFactory, OutletFactory, SourceFactory, SpeakerFactory

from .helpers import API, assert_error, make_claim

pytestmark = pytest.mark.django_db

NO_IF_MATCH = {"HTTP_IF_MATCH": None}  # the test client then sends no If-Match at all


def _objects():
    """(collection, object, a harmless edit) for every versioned model."""
    claim = make_claim(Status.DRAFT)
    return {
        "claims": (claim, {"text": "Edited text."}),
        "evidence": (EvidenceFactory(claim=claim), {"note": "Edited note."}),
        "speakers": (SpeakerFactory(), {"role": "Edited role"}),
        "outlets": (OutletFactory(), {"description": "Edited description."}),
        "sources": (SourceFactory(), {"title": "Edited title"}),
    }


COLLECTIONS = ["claims", "evidence", "speakers", "outlets", "sources"]
MODELS = {
    "claims": Claim,
    "evidence": Evidence,
    "speakers": Speaker,
    "outlets": Outlet,
    "sources": Source,
}


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_read_carries_the_version_as_etag_and_an_edit_raises_it(editor_api, collection):
    obj, edit = _objects()[collection]
    url = f"{API}/{collection}/{obj.pk}/"
    read = editor_api.get(url)
    assert read["ETag"].startswith('"v1-') and read.json()["version"] == 1

    response = editor_api.patch(url, edit, format="json", HTTP_IF_MATCH='"v1"')
    assert response.status_code == 200, response.json()
    assert response["ETag"].startswith('"v2-') and response.json()["version"] == 2
    assert MODELS[collection].objects.get(pk=obj.pk).version == 2


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_an_edit_without_if_match_is_428_and_writes_nothing(editor_api, collection):
    obj, edit = _objects()[collection]
    body = assert_error(
        editor_api.patch(f"{API}/{collection}/{obj.pk}/", edit, format="json", **NO_IF_MATCH),
        428,
        "If-Match",
    )
    assert '"v1"' in body["detail"]  # says which ETag to send
    stored = MODELS[collection].objects.get(pk=obj.pk)
    assert stored.version == 1
    assert stored.history.count() == obj.history.count()


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_an_edit_of_a_version_someone_replaced_is_412_and_writes_nothing(editor_api, collection):
    obj, edit = _objects()[collection]
    url = f"{API}/{collection}/{obj.pk}/"
    assert editor_api.patch(url, edit, format="json", HTTP_IF_MATCH='"v1"').status_code == 200

    late = dict.fromkeys(edit, "The late writer's words.")
    body = assert_error(
        editor_api.patch(url, late, format="json", HTTP_IF_MATCH='"v1"'), 412, "If-Match"
    )
    assert body["current_version"] == 2
    assert "version 1" in body["detail"] and "version 2" in body["detail"]
    stored = MODELS[collection].objects.get(pk=obj.pk)
    assert stored.version == 2
    assert getattr(stored, next(iter(edit))) == next(iter(edit.values()))


@pytest.mark.parametrize(
    ("header", "status"),
    [("*", 428), ("", 428), ('W/"v1"', 412), ('"1"', 412), ("garbage", 412), ('"v99"', 412)],
)
def test_if_match_values_that_do_not_name_the_current_version(editor_api, header, status):
    claim = make_claim(Status.DRAFT)
    response = editor_api.patch(
        f"{API}/claims/{claim.pk}/", {"text": "No."}, format="json", HTTP_IF_MATCH=header
    )
    assert_error(response, status, "If-Match")
    assert Claim.objects.get(pk=claim.pk).text != "No."


def test_one_of_several_etags_may_match(editor_api):
    claim = make_claim(Status.DRAFT)
    response = editor_api.patch(
        f"{API}/claims/{claim.pk}/", {"text": "Yes."}, format="json", HTTP_IF_MATCH='"v7", "v1"'
    )
    assert response.status_code == 200


@pytest.mark.parametrize("step", ["submit", "publish", "retract"])
def test_workflow_steps_need_if_match_too(editor_api, step):
    claim = make_claim(Status.PUBLISHED if step == "retract" else Status.DRAFT)
    before = Claim.objects.get(pk=claim.pk).status
    data = {"reason": "Misquoted."} if step == "retract" else None
    url = f"{API}/claims/{claim.pk}/{step}/"
    assert_error(editor_api.post(url, data, format="json", **NO_IF_MATCH), 428, "If-Match")
    assert_error(editor_api.post(url, data, format="json", HTTP_IF_MATCH='"v9"'), 412)
    assert Claim.objects.get(pk=claim.pk).status == before
    response = editor_api.post(url, data, format="json", HTTP_IF_MATCH='"v1"')
    assert response.status_code == 200 and response["ETag"].startswith('"v2-')


def test_deleting_needs_the_current_version(editor_api):
    claim = make_claim(Status.DRAFT)
    url = f"{API}/claims/{claim.pk}/"
    assert_error(editor_api.delete(url, **NO_IF_MATCH), 428, "If-Match")
    assert_error(editor_api.delete(url, HTTP_IF_MATCH='"v2"'), 412)
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert editor_api.delete(url, HTTP_IF_MATCH='"v1"').status_code == 204


def test_permission_and_visibility_answers_come_before_the_precondition(anon, contributor_api):
    draft = make_claim(Status.DRAFT)
    published = make_claim(Status.PUBLISHED)
    # Anonymous: not allowed at all, whatever the header says.
    assert anon.patch(f"{API}/claims/{published.pk}/", {}, **NO_IF_MATCH).status_code in (401, 403)
    # A contributor may not publish: 403, not 428.
    response = contributor_api.post(f"{API}/claims/{draft.pk}/publish/", **NO_IF_MATCH)
    assert response.status_code == 403


def test_a_created_object_comes_with_its_etag(editor_api):
    speaker = SpeakerFactory()
    response = editor_api.post(
        f"{API}/claims/", {"text": "New.", "speaker_id": speaker.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response["ETag"].startswith('"v1-')


def test_a_recompute_does_not_make_an_editors_copy_stale(editor_api):
    """Grades are computed, not edited: adding evidence regrades the claim but leaves its
    version, so an editor's open copy of the claim can still be saved."""
    claim = make_claim(Status.DRAFT)
    EvidenceFactory(claim=claim)  # through the factory: no service, no version change
    response = editor_api.post(
        f"{API}/evidence/",
        {"claim_id": claim.pk, "source_id": SourceFactory().pk, "relation": "corroborates"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Claim.objects.get(pk=claim.pk).version == 1
    response = editor_api.patch(
        f"{API}/claims/{claim.pk}/", {"text": "Still mine."}, format="json", HTTP_IF_MATCH='"v1"'
    )
    assert response.status_code == 200


def test_the_etag_changes_when_a_recompute_changes_the_body(editor_api):
    """If-None-Match must not answer 304 for a regraded claim, though its version is the same."""
    claim = make_claim(Status.PUBLISHED)
    url = f"{API}/claims/{claim.pk}/"
    first = editor_api.get(url)
    assert editor_api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    Claim.objects.filter(pk=claim.pk).update(credibility=1, credibility_computed=1)
    second = editor_api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    # Both name version 1, so either is fine for If-Match.
    assert second["ETag"].startswith('"v1-') and first["ETag"].startswith('"v1-')
    response = editor_api.patch(
        url, {"text": "Edited."}, format="json", HTTP_IF_MATCH=first["ETag"]
    )
    assert response.status_code == 200


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_json_answers_etag_digests_its_body(editor_api, collection):
    """The JSON answer's tag is the digest of the body sent (rendered once); the browsable
    API's page, which holds more than the object, tags a key-sorted rendering of the data."""
    import hashlib

    from config.api.concurrency import representation_etag
    from sources.versioning import version_tag

    obj, _edit = _objects()[collection]
    url = f"{API}/{collection}/{obj.pk}/"
    read = editor_api.get(url, HTTP_ACCEPT="application/json")
    digest = hashlib.blake2b(read.content, digest_size=6).hexdigest()
    assert read["ETag"] == version_tag(read.json()["version"], digest)
    page = editor_api.get(url, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert page["ETag"] == representation_etag(read.json()) != read["ETag"]
