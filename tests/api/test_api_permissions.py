"""Who may call what: role x endpoint x method (x claim status), as tables of status codes.

Roles: anonymous, reader (a token of a user who is not staff), contributor, editor (tokens).
AUTH marks a request without credentials being refused: 401 or 403, always with a `detail`
(which of the two is pinned by test_api_errors.py).
"""

import pytest
from django.forms.models import model_to_dict

from claims.models import Claim, Evidence, Speaker, Status, Topic
from sources.models import Outlet, Source
from tests.factories import (
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
)

from .conftest import ROLES
from .helpers import API, STATUSES, assert_error, make_claim, snapshot

pytestmark = pytest.mark.django_db

AUTH = "401/403"
DRAFT, IN_REVIEW, PUBLISHED, RETRACTED = STATUSES


def check_status(response, expected) -> None:
    if expected == AUTH:
        assert response.status_code in (401, 403), (response.status_code, response.content)
        assert_error(response, response.status_code)
    elif expected == 409:
        # A workflow conflict names the field at fault; test_api_errors.py checks its `detail`.
        assert response.status_code == 409, (response.status_code, response.content)
        assert isinstance(response.json(), dict) and response.json()
    elif expected >= 400:
        assert_error(response, expected)
    else:
        assert response.status_code == expected, (response.status_code, response.content[:400])


# --- Reading one claim -----------------------------------------------------------------------
# action: {status: (anonymous, reader, contributor, editor)}
CLAIM_READS = {
    "": {
        DRAFT: (404, 404, 200, 200),
        IN_REVIEW: (404, 404, 200, 200),
        PUBLISHED: (200, 200, 200, 200),
        RETRACTED: (404, 404, 200, 200),
    },
    "provenance/": {
        DRAFT: (404, 404, 200, 200),
        IN_REVIEW: (404, 404, 200, 200),
        PUBLISHED: (200, 200, 200, 200),
        RETRACTED: (404, 404, 200, 200),
    },
    "history/": {
        DRAFT: (AUTH, 403, 200, 200),
        IN_REVIEW: (AUTH, 403, 200, 200),
        PUBLISHED: (AUTH, 403, 200, 200),
        RETRACTED: (AUTH, 403, 200, 200),
    },
    # Every claim here has a verdict; only a published one has a ClaimReview.
    "claimreview/": {
        DRAFT: (404, 404, 404, 404),
        IN_REVIEW: (404, 404, 404, 404),
        PUBLISHED: (200, 200, 200, 200),
        RETRACTED: (404, 404, 404, 404),
    },
}


def _expand(table):
    for action, by_status in table.items():
        for status, codes in by_status.items():
            for role, expected in zip(ROLES, codes, strict=True):
                yield pytest.param(
                    action, status, role, expected, id=f"{action or 'detail'}-{status}-{role}"
                )


@pytest.mark.parametrize(("action", "status", "role", "expected"), list(_expand(CLAIM_READS)))
def test_reading_a_claim(client_for, action, status, role, expected):
    claim = make_claim(
        status,
        text=f"A statement that is {status} for now.",
        verdict="true",
        verdict_explanation="Checked against the transcript.",
    )
    response = client_for(role).get(f"{API}/claims/{claim.pk}/{action}")
    check_status(response, expected)
    if expected == 200:
        body = response.json()
        if action == "":
            assert (body["id"], body["status"]) == (claim.pk, status)
        elif action == "history/":
            assert isinstance(body, list) and body
    else:
        # Refused: nothing of the claim is shown.
        assert claim.text.encode() not in response.content


# --- Changing one claim ----------------------------------------------------------------------
# (method, action): {role: (draft, in_review, published, retracted)}
CLAIM_WRITES = {
    ("patch", ""): {
        "anonymous": (AUTH, AUTH, AUTH, AUTH),
        "reader": (403, 403, 403, 403),
        "contributor": (200, 403, 403, 409),
        "editor": (200, 200, 200, 409),
    },
    ("delete", ""): {
        "anonymous": (AUTH, AUTH, AUTH, AUTH),
        "reader": (403, 403, 403, 403),
        "contributor": (204, 403, 405, 405),
        "editor": (204, 204, 405, 405),
    },
    ("post", "submit/"): {
        "anonymous": (AUTH, AUTH, AUTH, AUTH),
        "reader": (404, 404, 403, 404),
        "contributor": (200, 409, 409, 409),
        "editor": (200, 409, 409, 409),
    },
    ("post", "publish/"): {
        "anonymous": (AUTH, AUTH, AUTH, AUTH),
        "reader": (404, 404, 403, 404),
        "contributor": (403, 403, 403, 403),
        "editor": (200, 200, 409, 409),
    },
    ("post", "retract/"): {
        "anonymous": (AUTH, AUTH, AUTH, AUTH),
        "reader": (404, 404, 403, 404),
        "contributor": (403, 403, 403, 403),
        "editor": (409, 409, 200, 409),
    },
}
PAYLOADS = {
    "": {"text": "Edited through the API."},
    "submit/": {},
    "publish/": {},
    "retract/": {"reason": "The speaker denied saying it."},
}
STATUS_AFTER = {"submit/": IN_REVIEW, "publish/": PUBLISHED, "retract/": RETRACTED}


def _expand_writes(table):
    for (method, action), by_role in table.items():
        for role, codes in by_role.items():
            for status, expected in zip(STATUSES, codes, strict=True):
                name = f"{method.upper()}-{action or 'detail'}-{status}-{role}"
                yield pytest.param(method, action, status, role, expected, id=name)


@pytest.mark.parametrize(
    ("method", "action", "status", "role", "expected"), list(_expand_writes(CLAIM_WRITES))
)
def test_changing_a_claim(client_for, method, action, status, role, expected):
    claim = make_claim(status)
    before = snapshot(claim)
    client = client_for(role)
    response = getattr(client, method)(
        f"{API}/claims/{claim.pk}/{action}", PAYLOADS[action], format="json"
    )
    check_status(response, expected)
    if expected == 204:
        assert not Claim.objects.filter(pk=claim.pk).exists()
    elif expected == 200:
        claim.refresh_from_db()
        if action == "":
            assert claim.text == "Edited through the API."
        else:
            assert claim.status == STATUS_AFTER[action]
            assert response.json()["status"] == STATUS_AFTER[action]
    else:
        assert snapshot(claim) == before


# --- Every other endpoint --------------------------------------------------------------------
# method, path, payload: anonymous, reader, contributor, editor
RESOURCES = [
    ("get", "claims/", None, 200, 200, 200, 200),
    ("get", "claimreview/", None, 200, 200, 200, 200),
    ("get", "sources/", None, 200, 200, 200, 200),
    ("get", "sources/{source}/", None, 200, 200, 200, 200),
    ("get", "outlets/", None, 200, 200, 200, 200),
    ("get", "outlets/{outlet}/", None, 200, 200, 200, 200),
    ("get", "speakers/", None, 200, 200, 200, 200),
    ("get", "speakers/{speaker}/", None, 200, 200, 200, 200),
    ("get", "topics/", None, 200, 200, 200, 200),
    ("get", "topics/{topic}/", None, 200, 200, 200, 200),
    ("get", "evidence/", None, AUTH, 403, 200, 200),
    ("get", "evidence/{evidence}/", None, AUTH, 403, 200, 200),
    ("get", "sources/{source}/claims/", None, 200, 200, 200, 200),
    ("get", "speakers/{speaker}/claims/", None, 200, 200, 200, 200),
    ("get", "outlets/{outlet}/claims/", None, 200, 200, 200, 200),
    ("post", "claims/", "claim", AUTH, 403, 201, 201),
    ("post", "sources/", "source", AUTH, 403, 201, 201),
    ("post", "speakers/", "speaker", AUTH, 403, 201, 201),
    ("post", "outlets/", "outlet", AUTH, 403, 403, 201),
    ("post", "topics/", "topic", AUTH, 403, 403, 201),
    ("post", "evidence/", "evidence_on_draft", AUTH, 403, 201, 201),
    ("post", "evidence/", "evidence_on_published", AUTH, 403, 403, 201),
    ("post", "claimreview/", "empty", AUTH, 403, 405, 405),
    ("post", "claims/{published}/provenance/", "empty", AUTH, 403, 405, 405),
    ("post", "claims/{published}/history/", "empty", AUTH, 403, 405, 405),
    ("post", "speakers/{speaker}/claims/", "empty", AUTH, 403, 405, 405),
    ("put", "sources/{source}/", "source", AUTH, 403, 200, 200),
    ("patch", "sources/{source}/", "rename_source", AUTH, 403, 200, 200),
    ("patch", "speakers/{speaker}/", "speaker_role", AUTH, 403, 200, 200),
    ("patch", "outlets/{outlet}/", "description", AUTH, 403, 403, 200),
    ("patch", "topics/{topic}/", "description", AUTH, 403, 403, 200),
    ("patch", "evidence/{evidence}/", "note", AUTH, 403, 200, 200),
    ("patch", "evidence/{evidence_published}/", "note", AUTH, 403, 403, 200),
    ("delete", "sources/{source}/", None, AUTH, 403, 403, 405),
    ("delete", "outlets/{outlet}/", None, AUTH, 403, 403, 405),
    ("delete", "speakers/{speaker}/", None, AUTH, 403, 403, 405),
    ("delete", "topics/{topic}/", None, AUTH, 403, 403, 405),
    ("delete", "evidence/{evidence}/", None, AUTH, 403, 204, 204),
    ("delete", "evidence/{evidence_published}/", None, AUTH, 403, 403, 204),
]
MODELS = {
    "claims": Claim,
    "sources": Source,
    "outlets": Outlet,
    "speakers": Speaker,
    "topics": Topic,
    "evidence": Evidence,
    "claimreview": Claim,
}


@pytest.fixture
def world(db):
    draft = make_claim(Status.DRAFT)
    published = make_claim(Status.PUBLISHED)
    source = SourceFactory(outlet=OutletFactory())
    return {
        "draft": draft.pk,
        "published": published.pk,
        "source": source.pk,
        "outlet": OutletFactory().pk,
        "speaker": SpeakerFactory().pk,
        "topic": TopicFactory().pk,
        "evidence": EvidenceFactory(claim=draft, source=source, relation="corroborates").pk,
        "evidence_published": EvidenceFactory(
            claim=published, source=source, relation="corroborates"
        ).pk,
    }


def payload(name, world):
    return {
        None: None,
        "empty": {},
        "claim": {"text": "A new statement.", "speaker_id": world["speaker"]},
        "source": {"title": "A wire report", "url": "https://wire.example/a-report"},
        "speaker": {"name": "Ada Newsmaker", "kind": "person", "role": "mayor"},
        "outlet": {"name": "The Daily Check", "slug": "daily-check", "kind": "online"},
        "topic": {"name": "Energy", "slug": "energy"},
        "evidence_on_draft": {
            "claim_id": world["draft"],
            "source_id": SourceFactory().pk,
            "relation": "corroborates",
        },
        "evidence_on_published": {
            "claim_id": world["published"],
            "source_id": SourceFactory().pk,
            "relation": "conflicts",
        },
        "rename_source": {"title": "A renamed report"},
        "speaker_role": {"role": "spokesperson"},
        "description": {"description": "Changed through the API."},
        "note": {"note": "Checked by the desk."},
    }[name]


def state(path: str, world) -> tuple:
    """The rows a write would touch: the model's row count, and the object itself if any."""
    model = MODELS[path.split("/")[0]]
    objects = model.objects.all()
    key = path.split("/")[1].strip("{}") if path.count("/") == 2 else None
    obj = objects.filter(pk=world[key]).first() if key else None
    return objects.count(), model_to_dict(obj) if obj else None


def _expand_resources(rows):
    for method, path, body, *codes in rows:
        for role, expected in zip(ROLES, codes, strict=True):
            extra = f"-{body}" if body not in (None, "empty") else ""
            yield pytest.param(
                method, path, body, role, expected, id=f"{method.upper()}-{path}{extra}-{role}"
            )


@pytest.mark.parametrize(
    ("method", "path", "body", "role", "expected"), list(_expand_resources(RESOURCES))
)
def test_endpoint_access(client_for, world, method, path, body, role, expected):
    client = client_for(role)
    data = payload(body, world)
    before = state(path, world)
    kwargs = {"format": "json"} if data is not None else {}
    response = getattr(client, method)(f"{API}/{path.format(**world)}", data, **kwargs)
    check_status(response, expected)
    count, obj = state(path, world)
    if expected == 201:
        assert count == before[0] + 1
    elif expected == 204:
        assert count == before[0] - 1
    elif expected == 200 and method in ("put", "patch"):
        assert obj != before[1]
    else:
        assert (count, obj) == before


def test_a_reader_token_sees_what_the_public_sees(anon, reader_api):
    visible = make_claim(Status.PUBLISHED)
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.RETRACTED):
        make_claim(status)
    for client in (anon, reader_api):
        response = client.get(f"{API}/claims/")
        assert [row["id"] for row in response.json()["results"]] == [visible.pk]


def test_staff_see_claims_in_every_status(contributor_api, editor_api):
    claims = {make_claim(status).pk for status in STATUSES}
    for client in (contributor_api, editor_api):
        response = client.get(f"{API}/claims/")
        assert {row["id"] for row in response.json()["results"]} == claims
