"""The API permission matrix: role x endpoint and method x claim status -> HTTP status and effect.

The expectations below are written from the rules (docs: DESIGN.md "Users and their paths",
claims/roles.py, claims/services.py), not read off the code:

- anonymous callers and readers (logged in, not newsroom staff) see published claims only; a
  claim they may not see is 404, never 403 (no disclosure that it exists);
- writes need a role: anonymous is 401 (the token challenge), a reader 403, whatever the claim;
- contributors create and edit drafts (and their evidence), submit them for review, delete them;
- editors (and superusers) also edit claims in review and published ones, publish, retract,
  override credibility, give verdicts, delete claims that were never published;
- a published (or retracted) claim is never deleted (405: retract it instead), and a retracted
  claim is kept as it was (409 for everyone who may otherwise write);
- a workflow step from the wrong status is a 409.

tests/api/test_api_permissions.py already runs the cells of anonymous, reader, contributor and
editor for the claim reads, PATCH, DELETE, submit/publish/retract, and evidence on drafts and
published claims. The table here is the whole matrix; the cells already run there are checked to
agree with it (test_the_two_tables_agree) and are not run twice.
"""

import pytest

from claims.models import Claim, Evidence
from sources.search import search_index_update
from tests.api import test_api_permissions as existing
from tests.api.helpers import API, STATUSES, assert_error, make_claim
from tests.factories import OutletFactory, SourceFactory

from .conftest import ROLES
from .helpers import claim_state, etag

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, RETRACTED = STATUSES
LISTED, HIDDEN = "listed", "hidden"

# --- The table -------------------------------------------------------------------------------
# action: {role: (draft, in_review, published, retracted)}
_CLAIM_MATRIX = {
    # Reads of one claim (the claim has a verdict, so a published one has a ClaimReview).
    "GET detail": {
        "anonymous": (404, 404, 200, 404),
        "reader": (404, 404, 200, 404),
        "contributor": (200, 200, 200, 200),
        "editor": (200, 200, 200, 200),
        "admin": (200, 200, 200, 200),
    },
    "GET provenance": {
        "anonymous": (404, 404, 200, 404),
        "reader": (404, 404, 200, 404),
        "contributor": (200, 200, 200, 200),
        "editor": (200, 200, 200, 200),
        "admin": (200, 200, 200, 200),
    },
    # Staff only, whatever the claim: the same answer for every id discloses nothing.
    "GET history": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (200, 200, 200, 200),
        "editor": (200, 200, 200, 200),
        "admin": (200, 200, 200, 200),
    },
    "GET claimreview": {
        "anonymous": (404, 404, 200, 404),
        "reader": (404, 404, 200, 404),
        "contributor": (404, 404, 200, 404),
        "editor": (404, 404, 200, 404),
        "admin": (404, 404, 200, 404),
    },
    # Edits. A reader has no write permission at all: 403 before the claim is looked up.
    "PATCH text": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (200, 403, 403, 409),
        "editor": (200, 200, 200, 409),
        "admin": (200, 200, 200, 409),
    },
    "PUT": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (200, 403, 403, 409),
        "editor": (200, 200, 200, 409),
        "admin": (200, 200, 200, 409),
    },
    # A contributor sending an editor-only field is refused field by field (400 naming it,
    # tests/api/test_api_claim_writes.py) before the claim's status is considered.
    "PATCH override": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (400, 400, 400, 400),
        "editor": (200, 200, 200, 409),
        "admin": (200, 200, 200, 409),
    },
    "PATCH verdict": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (400, 400, 400, 400),
        "editor": (200, 200, 200, 409),
        "admin": (200, 200, 200, 409),
    },
    "DELETE": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (204, 403, 405, 405),
        "editor": (204, 204, 405, 405),
        "admin": (204, 204, 405, 405),
    },
    # Workflow steps: any logged-in caller reaches the claim, so what a reader cannot see is 404.
    "POST submit": {
        "anonymous": (401, 401, 401, 401),
        "reader": (404, 404, 403, 404),
        "contributor": (200, 409, 409, 409),
        "editor": (200, 409, 409, 409),
        "admin": (200, 409, 409, 409),
    },
    "POST publish": {
        "anonymous": (401, 401, 401, 401),
        "reader": (404, 404, 403, 404),
        "contributor": (403, 403, 403, 403),
        "editor": (200, 200, 409, 409),
        "admin": (200, 200, 409, 409),
    },
    "POST retract": {
        "anonymous": (401, 401, 401, 401),
        "reader": (404, 404, 403, 404),
        "contributor": (403, 403, 403, 403),
        "editor": (409, 409, 200, 409),
        "admin": (409, 409, 200, 409),
    },
    # Evidence of a claim in each status (/api/v1/evidence/ is for staff only).
    "GET evidence": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (200, 200, 200, 200),
        "editor": (200, 200, 200, 200),
        "admin": (200, 200, 200, 200),
    },
    "POST evidence": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (201, 403, 403, 409),
        "editor": (201, 201, 201, 409),
        "admin": (201, 201, 201, 409),
    },
    "PATCH evidence": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (200, 403, 403, 409),
        "editor": (200, 200, 200, 409),
        "admin": (200, 200, 200, 409),
    },
    "DELETE evidence": {
        "anonymous": (401, 401, 401, 401),
        "reader": (403, 403, 403, 403),
        "contributor": (204, 403, 403, 409),
        "editor": (204, 204, 204, 409),
        "admin": (204, 204, 204, 409),
    },
}
_PUBLIC = (HIDDEN, HIDDEN, LISTED, HIDDEN)
_PUBLIC_SYNC = (HIDDEN, HIDDEN, LISTED, LISTED)  # a mirror must learn of retractions
_STAFF = (LISTED, LISTED, LISTED, LISTED)


def _by_role(public: tuple, staff: tuple = _STAFF) -> dict:
    return {"anonymous": public, "reader": public, "contributor": staff, "editor": staff,
            "admin": staff}  # fmt: skip


# list: {role: (draft, in_review, published, retracted)}
_LIST_MATRIX = {
    "claims": _by_role(_PUBLIC),
    "claims sync": _by_role(_PUBLIC_SYNC),
    "source claims": _by_role(_PUBLIC),
    "speaker claims": _by_role(_PUBLIC),
    "outlet claims": _by_role(_PUBLIC),
    "search": _by_role(_PUBLIC),
    # The ClaimReview feed is public data: published claims with a verdict, for everyone.
    "claimreview feed": _by_role(_PUBLIC, _PUBLIC),
}

EXPECTED: dict[tuple[str, str, str], int] = {
    (role, action, status): code
    for action, by_role in _CLAIM_MATRIX.items()
    for role, codes in by_role.items()
    for status, code in zip(STATUSES, codes, strict=True)
}
EXPECTED_LISTING: dict[tuple[str, str, str], str] = {
    (role, action, status): outcome
    for action, by_role in _LIST_MATRIX.items()
    for role, outcomes in by_role.items()
    for status, outcome in zip(STATUSES, outcomes, strict=True)
}


# --- What tests/api/test_api_permissions.py runs already --------------------------------------
def _cells_run_elsewhere() -> dict[tuple[str, str, str], object]:
    actions = {
        "": "GET detail",
        "provenance/": "GET provenance",
        "history/": "GET history",
        "claimreview/": "GET claimreview",
    }
    cells = {}
    for action, by_status in existing.CLAIM_READS.items():
        for status, codes in by_status.items():
            for role, code in zip(existing.ROLES, codes, strict=True):
                cells[(role, actions[action], status)] = code
    writes = {
        ("patch", ""): "PATCH text",
        ("delete", ""): "DELETE",
        ("post", "submit/"): "POST submit",
        ("post", "publish/"): "POST publish",
        ("post", "retract/"): "POST retract",
    }
    for key, by_role in existing.CLAIM_WRITES.items():
        for role, codes in by_role.items():
            for status, code in zip(STATUSES, codes, strict=True):
                cells[(role, writes[key], status)] = code
    evidence = {
        ("post", "evidence/", "evidence_on_draft"): ("POST evidence", DRAFT),
        ("post", "evidence/", "evidence_on_published"): ("POST evidence", PUBLISHED),
        ("patch", "evidence/{evidence}/", "note"): ("PATCH evidence", DRAFT),
        ("patch", "evidence/{evidence_published}/", "note"): ("PATCH evidence", PUBLISHED),
        ("delete", "evidence/{evidence}/", None): ("DELETE evidence", DRAFT),
        ("delete", "evidence/{evidence_published}/", None): ("DELETE evidence", PUBLISHED),
        ("get", "evidence/{evidence}/", None): ("GET evidence", DRAFT),
    }
    for method, path, body, *codes in existing.RESOURCES:
        if (method, path, body) in evidence:
            action, status = evidence[(method, path, body)]
            for role, code in zip(existing.ROLES, codes, strict=True):
                cells[(role, action, status)] = code
    return cells


RUN_ELSEWHERE = _cells_run_elsewhere()


def test_the_two_tables_agree():
    """Where test_api_permissions.py runs a cell, it expects what this table does."""
    disagree = {}
    for key, theirs in RUN_ELSEWHERE.items():
        ours = EXPECTED[key]
        same = ours in (401, 403) if theirs == existing.AUTH else ours == theirs
        if not same:
            disagree[key] = (ours, theirs)
    assert not disagree


def test_the_table_is_complete():
    actions = set(_CLAIM_MATRIX)
    assert set(EXPECTED) == {(r, a, s) for r in ROLES for a in actions for s in STATUSES}
    assert set(EXPECTED_LISTING) == {
        (r, a, s) for r in ROLES for a in _LIST_MATRIX for s in STATUSES
    }


# --- Running the cells -----------------------------------------------------------------------
def check_status(response, expected: int) -> None:
    """The status code, and for a refusal a JSON error that says why."""
    if expected in (400, 409):
        # Field errors (400) and workflow conflicts (409) name the field at fault.
        assert response.status_code == expected, (response.status_code, response.content[:400])
        assert isinstance(response.json(), dict) and response.json()
    elif expected >= 400:
        assert_error(response, expected)
        if expected == 401:
            assert response["WWW-Authenticate"].startswith("Token")
    else:
        assert response.status_code == expected, (response.status_code, response.content[:400])


def _full_body(claim: Claim) -> dict:
    return {
        "text": "Replaced through the API.",
        "speaker_id": claim.speaker_id,
        "outlet_id": claim.outlet_id,
        "quote_kind": claim.quote_kind,
        "language": claim.language,
        "stated_on": claim.stated_on.isoformat(),
    }


def _request(client, action: str, claim: Claim, evidence: Evidence):
    url = f"{API}/claims/{claim.pk}/"
    ev_url = f"{API}/evidence/{evidence.pk}/"
    calls = {
        "GET detail": ("get", url, None),
        "GET provenance": ("get", f"{url}provenance/", None),
        "GET history": ("get", f"{url}history/", None),
        "GET claimreview": ("get", f"{url}claimreview/", None),
        "PATCH text": ("patch", url, {"text": "Edited through the API."}),
        "PUT": ("put", url, _full_body(claim)),
        "PATCH override": (
            "patch",
            url,
            {"credibility_override": 1, "credibility_override_reason": "We were in the room."},
        ),
        "PATCH verdict": (
            "patch",
            url,
            {"verdict": {"rating": "false", "explanation": "The transcript says otherwise."}},
        ),
        "DELETE": ("delete", url, None),
        "POST submit": ("post", f"{url}submit/", {}),
        "POST publish": ("post", f"{url}publish/", {}),
        "POST retract": ("post", f"{url}retract/", {"reason": "The speaker denied saying it."}),
        "GET evidence": ("get", ev_url, None),
        "POST evidence": (
            "post",
            f"{API}/evidence/",
            {"claim_id": claim.pk, "source_id": SourceFactory().pk, "relation": "corroborates"},
        ),
        "PATCH evidence": ("patch", ev_url, {"note": "Checked by the desk."}),
        "DELETE evidence": ("delete", ev_url, None),
    }
    method, path, data = calls[action]
    headers = {}
    if method != "get" and action != "POST evidence":
        # The ETag a client that just read the object sends (rather than one more request).
        headers["HTTP_IF_MATCH"] = etag(evidence if "evidence" in action else claim)
    if data is None:
        return getattr(client, method)(path, **headers)
    return getattr(client, method)(path, data, format="json", **headers)


def check_effect(action: str, claim: Claim, evidence: Evidence, before: tuple, user) -> None:
    """The change the action makes happened in full, and only it."""
    if action == "DELETE":
        assert not Claim.objects.filter(pk=claim.pk).exists()
        assert not Evidence.objects.filter(claim_id=claim.pk).exists()
        return
    fresh = Claim.objects.get(pk=claim.pk)
    status_after = {
        "POST submit": IN_REVIEW,
        "POST publish": PUBLISHED,
        "POST retract": RETRACTED,
    }.get(action, claim.status)
    assert fresh.status == status_after
    if action == "POST retract":
        assert fresh.retraction_reason == "The speaker denied saying it."
    if action in ("PATCH text", "PUT"):
        assert fresh.text in ("Edited through the API.", "Replaced through the API.")
    if action == "PATCH override":
        assert (fresh.credibility_override, fresh.credibility) == (1, 1)
    if action == "PATCH verdict":
        assert fresh.verdict == "false"
    if action.startswith(("PATCH", "PUT", "POST")) and "evidence" not in action:
        record = claim.history.first()  # newest first
        assert record.history_user == user, record.history_change_reason
        assert fresh.version == before[1] + 1
    if action == "POST evidence":
        assert Evidence.objects.count() == before[4] + 1
        assert Evidence.objects.filter(claim=claim, relation="corroborates").exists()
    if action == "PATCH evidence":
        assert Evidence.objects.get(pk=evidence.pk).note == "Checked by the desk."
    if action == "DELETE evidence":
        assert not Evidence.objects.filter(pk=evidence.pk).exists()
        assert Evidence.objects.count() == before[4] - 1


def _cells():
    """(role, action) pairs with the statuses not already run by test_api_permissions.py."""
    for action, by_role in _CLAIM_MATRIX.items():
        for role in by_role:
            statuses = [s for s in STATUSES if (role, action, s) not in RUN_ELSEWHERE]
            if statuses:
                yield pytest.param(role, action, statuses, id=f"{action}-{role}")


@pytest.mark.parametrize(("role", "action", "statuses"), list(_cells()))
def test_claim_endpoint(api_as, user_of, subtests, role, action, statuses):
    """One test per (role, action), one subtest per claim status (the role's user and token
    are made once for the cells)."""
    client = api_as(role)
    for status in statuses:
        with subtests.test(status=status):
            _run_cell(client, user_of(role), action, status, EXPECTED[(role, action, status)])


def _run_cell(client, user, action: str, status: str, expected: int) -> None:
    claim = make_claim(
        status, verdict="true", verdict_explanation="Checked against the transcript."
    )
    if action == "PATCH verdict":
        Claim.objects.filter(pk=claim.pk).update(verdict="", verdict_explanation="")
        claim.refresh_from_db()
    evidence = claim.evidence.get()  # the source the claim appears in
    before = claim_state(claim)

    response = _request(client, action, claim, evidence)

    check_status(response, expected)
    if action.startswith("GET"):
        if expected == 200 and action == "GET detail":
            assert (response.json()["id"], response.json()["status"]) == (claim.pk, status)
        if expected != 200:
            assert claim.text.encode() not in response.content  # nothing of it is shown
        assert claim_state(claim) == before
    elif expected < 400:
        check_effect(action, claim, evidence, before, user)
    else:
        assert claim_state(claim) == before
        if expected == 404:
            assert claim.text.encode() not in response.content


# --- Lists: is a claim in each status listed for each role? -----------------------------------
@pytest.fixture
def listed_world(db):
    """One claim per status, each with the same speaker, outlet and source, and a word of its
    own for search; the search index is brought up to date (factories bypass the services)."""
    outlet = OutletFactory()
    source = SourceFactory(outlet=outlet)
    first = make_claim(
        DRAFT,
        appears_in=False,
        outlet=outlet,
        text="Quillfeather draft statement.",
        verdict="true",
        verdict_explanation="Checked.",
    )
    claims = {DRAFT: first}
    words = {IN_REVIEW: "Quillfeather review", PUBLISHED: "Quillfeather public",
             RETRACTED: "Quillfeather withdrawn"}  # fmt: skip
    for status, words_ in words.items():
        claims[status] = make_claim(
            status,
            appears_in=False,
            outlet=outlet,
            speaker=first.speaker,
            text=f"{words_} statement.",
            verdict="true",
            verdict_explanation="Checked.",
        )
    for claim in claims.values():
        Evidence.objects.create(claim=claim, source=source, relation="appears_in")
    search_index_update("claim", [c.pk for c in claims.values()])
    return {"claims": claims, "source": source, "outlet": outlet, "speaker": first.speaker}


def _listing_url(action: str, world) -> str:
    return {
        "claims": f"{API}/claims/?page_size=100",
        "claims sync": f"{API}/claims/?page_size=100&updated_since=2000-01-01T00:00:00Z",
        "source claims": f"{API}/sources/{world['source'].pk}/claims/",
        "speaker claims": f"{API}/speakers/{world['speaker'].pk}/claims/",
        "outlet claims": f"{API}/outlets/{world['outlet'].pk}/claims/",
        "search": f"{API}/search/?q=Quillfeather&type=claim&limit=100",
        "claimreview feed": f"{API}/claimreview/",
    }[action]


def _listed_ids(action: str, response) -> set[int]:
    rows = response.json()["results"]
    if action == "claimreview feed":
        # ClaimReview JSON-LD names the claim by its URL.
        return {int(row["url"].rstrip("/").split("/")[-1]) for row in rows if row.get("url")}
    return {row["id"] for row in rows if row.get("type", "claim") == "claim"}


@pytest.mark.parametrize("action", list(_LIST_MATRIX))
def test_which_claims_a_list_shows(api_as, listed_world, subtests, action):
    """One request per (role, list) checks the four statuses' cells at once."""
    for role in ROLES:
        with subtests.test(role=role):
            _check_listing(api_as(role), listed_world, role, action)


def _check_listing(client, listed_world, role, action) -> None:
    response = client.get(_listing_url(action, listed_world))
    assert response.status_code == 200, (response.status_code, response.content[:400])
    shown = _listed_ids(action, response)
    got = {
        status: LISTED if claim.pk in shown else HIDDEN
        for status, claim in listed_world["claims"].items()
    }
    want = {status: EXPECTED_LISTING[(role, action, status)] for status in STATUSES}
    assert got == want
    for status, claim in listed_world["claims"].items():
        if want[status] == HIDDEN and action != "claimreview feed":
            assert claim.text.encode() not in response.content, status


# --- Everything else, as a superuser ----------------------------------------------------------
# tests/api/test_api_permissions.py runs these rows for the other four roles. A superuser holds
# every permission: it may do what an editor may; deleting reference data is not offered (405).
# (method, path, payload) -> status; paths, payloads and the `world` fixture are those of
# test_api_permissions.py.
ADMIN_RESOURCES = {
    ("get", "claims/", None): 200,
    ("get", "claimreview/", None): 200,
    ("get", "sources/", None): 200,
    ("get", "sources/{source}/", None): 200,
    ("get", "outlets/", None): 200,
    ("get", "outlets/{outlet}/", None): 200,
    ("get", "speakers/", None): 200,
    ("get", "speakers/{speaker}/", None): 200,
    ("get", "topics/", None): 200,
    ("get", "topics/{topic}/", None): 200,
    ("get", "evidence/", None): 200,
    ("get", "evidence/{evidence}/", None): 200,
    ("get", "sources/{source}/claims/", None): 200,
    ("get", "speakers/{speaker}/claims/", None): 200,
    ("get", "outlets/{outlet}/claims/", None): 200,
    ("post", "claims/", "claim"): 201,
    ("post", "sources/", "source"): 201,
    ("post", "speakers/", "speaker"): 201,
    ("post", "outlets/", "outlet"): 201,
    ("post", "topics/", "topic"): 201,
    ("post", "evidence/", "evidence_on_draft"): 201,
    ("post", "evidence/", "evidence_on_published"): 201,
    ("post", "claimreview/", "empty"): 405,
    ("post", "claims/{published}/provenance/", "empty"): 405,
    ("post", "claims/{published}/history/", "empty"): 405,
    ("post", "speakers/{speaker}/claims/", "empty"): 405,
    ("put", "sources/{source}/", "source"): 200,
    ("patch", "sources/{source}/", "rename_source"): 200,
    ("patch", "speakers/{speaker}/", "speaker_role"): 200,
    ("patch", "outlets/{outlet}/", "description"): 200,
    ("patch", "topics/{topic}/", "description"): 200,
    ("patch", "evidence/{evidence}/", "note"): 200,
    ("patch", "evidence/{evidence_published}/", "note"): 200,
    ("delete", "sources/{source}/", None): 405,
    ("delete", "outlets/{outlet}/", None): 405,
    ("delete", "speakers/{speaker}/", None): 405,
    ("delete", "topics/{topic}/", None): 405,
    ("delete", "evidence/{evidence}/", None): 204,
    ("delete", "evidence/{evidence_published}/", None): 204,
}
world = existing.world  # the fixture: a draft, a published claim, reference data


def test_the_superuser_rows_cover_every_endpoint_row():
    assert set(ADMIN_RESOURCES) == {tuple(row[:3]) for row in existing.RESOURCES}


def test_every_endpoint_as_a_superuser(api_as, world, subtests):
    """One subtest per row, on one set of data, in test_api_permissions.py's order (edits come
    before deletes); what a row creates is removed after it (a new source takes a URL)."""
    client = api_as("admin")
    for method, path, body in ADMIN_RESOURCES:
        with subtests.test(request=f"{method.upper()} {path} {body or ''}"):
            _run_row(client, world, method, path, body)


def _run_row(client, world, method, path, body) -> None:
    expected = ADMIN_RESOURCES[(method, path, body)]
    data = existing.payload(body, world)
    before = existing.state(path, world)
    kwargs = {"format": "json"} if data is not None else {}
    response = getattr(client, method)(f"{API}/{path.format(**world)}", data, **kwargs)
    check_status(response, expected)
    count, obj = existing.state(path, world)
    if expected == 201:
        assert count == before[0] + 1
        existing.MODELS[path.split("/")[0]].objects.filter(pk=response.json()["id"]).delete()
    elif expected == 204:
        assert count == before[0] - 1
    elif expected == 200 and method in ("put", "patch"):
        assert obj != before[1]
    else:
        assert (count, obj) == before
