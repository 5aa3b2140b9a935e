"""The admin permission matrix: role x admin page or action x claim status -> outcome.

Written from the rules (DESIGN.md, claims/roles.py, claims/services.py), not read off the code:

- the admin is for newsroom staff: anonymous callers and readers are sent to the login page; a
  staff account in no role (`staff`) gets in but may see and do nothing (403);
- contributors see every claim, edit and delete drafts, submit them for review; a claim past
  draft is read-only to them; publish and retract are not offered to them;
- editors and superusers also edit claims in review and published ones, publish and retract;
- nobody changes a retracted claim, and nobody, not even a superuser, deletes a claim that was
  published (published or retracted): it is retracted with a reason instead;
- evidence belongs to its claim: whoever may edit the claim may edit its evidence;
- a workflow action on a claim in the wrong status skips it and says why, changing nothing.

Each cell checks the HTTP answer and the effect: the change happened in full, or nothing did.
"""

import pytest
from django.contrib.messages import get_messages

from claims.models import Claim, Evidence, Speaker, Topic
from sources.models import Outlet, Source
from tests import factories as f
from tests.api.helpers import STATUSES, make_claim
from tests.test_admin_pages import admin_url, form_data
from tests.test_admin_workflow import run_action

from .helpers import LOGIN, claim_state

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, RETRACTED = STATUSES
ADMIN_ROLES = ["anonymous", "reader", "staff", "contributor", "editor", "admin"]

# Outcomes. A pair: (HTTP answer, effect).
OUT = (LOGIN, "unchanged")  # sent to the login page
DENIED = (403, "unchanged")
EDIT, VIEW = (200, "editable"), (200, "read-only")  # a change form, and what it offers
CHANGED, DELETED = (302, "changed"), (302, "deleted")
SKIPPED = (302, "unchanged")  # a bulk action that skips the claim and says why
HIDDEN_ACTION = (302, "not offered")  # a bulk action the role is not offered: nothing happens
REFUSED = ("refused", "unchanged")  # the page refuses (403, or an error message), no change
TO_IN_REVIEW, TO_PUBLISHED, TO_RETRACTED = (302, IN_REVIEW), (302, PUBLISHED), (302, RETRACTED)


def _outsiders(row: dict) -> dict:
    return {"anonymous": (OUT,) * 4, "reader": (OUT,) * 4, "staff": (DENIED,) * 4, **row}


# action: {role: (draft, in_review, published, retracted)}
_MATRIX = {
    "changelist": _outsiders(
        {
            "contributor": ((200, "listed"),) * 4,
            "editor": ((200, "listed"),) * 4,
            "admin": ((200, "listed"),) * 4,
        }
    ),
    "change form": _outsiders(
        {
            "contributor": (EDIT, VIEW, VIEW, VIEW),
            "editor": (EDIT, EDIT, EDIT, VIEW),
            "admin": (EDIT, EDIT, EDIT, VIEW),
        }
    ),
    "change": _outsiders(
        {
            "contributor": (CHANGED, DENIED, DENIED, DENIED),
            "editor": (CHANGED, CHANGED, CHANGED, DENIED),
            "admin": (CHANGED, CHANGED, CHANGED, DENIED),
        }
    ),
    "delete page": _outsiders(
        {
            "contributor": ((200, "unchanged"), DENIED, DENIED, DENIED),
            "editor": ((200, "unchanged"), (200, "unchanged"), DENIED, DENIED),
            "admin": ((200, "unchanged"), (200, "unchanged"), DENIED, DENIED),
        }
    ),
    "delete": _outsiders(
        {
            "contributor": (DELETED, DENIED, DENIED, DENIED),
            "editor": (DELETED, DELETED, DENIED, DENIED),
            "admin": (DELETED, DELETED, DENIED, DENIED),
        }
    ),
    "history": _outsiders(
        {
            "contributor": ((200, "listed"),) * 4,
            "editor": ((200, "listed"),) * 4,
            "admin": ((200, "listed"),) * 4,
        }
    ),
    "action submit_for_review": _outsiders(
        {
            "contributor": (TO_IN_REVIEW, SKIPPED, SKIPPED, SKIPPED),
            "editor": (TO_IN_REVIEW, SKIPPED, SKIPPED, SKIPPED),
            "admin": (TO_IN_REVIEW, SKIPPED, SKIPPED, SKIPPED),
        }
    ),
    "action publish": _outsiders(
        {
            "contributor": (HIDDEN_ACTION,) * 4,
            "editor": (TO_PUBLISHED, TO_PUBLISHED, SKIPPED, SKIPPED),
            "admin": (TO_PUBLISHED, TO_PUBLISHED, SKIPPED, SKIPPED),
        }
    ),
    "action retract": _outsiders(
        {
            "contributor": (HIDDEN_ACTION,) * 4,
            "editor": (SKIPPED, SKIPPED, TO_RETRACTED, SKIPPED),
            "admin": (SKIPPED, SKIPPED, TO_RETRACTED, SKIPPED),
        }
    ),
    "action delete_selected": _outsiders(
        {
            "contributor": (DELETED, DENIED, DENIED, DENIED),
            "editor": (DELETED, DELETED, DENIED, DENIED),
            "admin": (DELETED, DELETED, DENIED, DENIED),
        }
    ),
    # The evidence admin (/admin/claims/evidence/): a claim's evidence, by the claim's status.
    "evidence change": _outsiders(
        {
            "contributor": (CHANGED, DENIED, DENIED, REFUSED),
            "editor": (CHANGED, CHANGED, CHANGED, REFUSED),
            "admin": (CHANGED, CHANGED, CHANGED, REFUSED),
        }
    ),
    "evidence delete": _outsiders(
        {
            "contributor": (DELETED, DENIED, DENIED, REFUSED),
            "editor": (DELETED, DELETED, DELETED, REFUSED),
            "admin": (DELETED, DELETED, DELETED, REFUSED),
        }
    ),
}
EXPECTED: dict[tuple[str, str, str], tuple] = {
    (role, action, status): outcome
    for action, by_role in _MATRIX.items()
    for role, outcomes in by_role.items()
    for status, outcome in zip(STATUSES, outcomes, strict=True)
}

# Pages and actions where the claim's status plays no part: role -> outcome.
# (model, action): (anonymous, reader, staff, contributor, editor, admin)
_PLAIN = {
    (Claim, "add"): (OUT, OUT, DENIED, (302, "created"), (302, "created"), (302, "created")),
    (Claim, "import"): (OUT, OUT, DENIED, (200, "unchanged"), (200, "unchanged"),
                        (200, "unchanged")),
    (Source, "changelist"): (OUT, OUT, DENIED, (200, "listed"), (200, "listed"), (200, "listed")),
    (Source, "change"): (OUT, OUT, DENIED, CHANGED, CHANGED, CHANGED),
    (Source, "delete"): (OUT, OUT, DENIED, DENIED, DELETED, DELETED),
    (Outlet, "changelist"): (OUT, OUT, DENIED, (200, "listed"), (200, "listed"), (200, "listed")),
    (Outlet, "change"): (OUT, OUT, DENIED, DENIED, CHANGED, CHANGED),
    (Outlet, "delete"): (OUT, OUT, DENIED, DENIED, DELETED, DELETED),
    (Speaker, "changelist"): (OUT, OUT, DENIED, (200, "listed"), (200, "listed"),
                              (200, "listed")),
    (Speaker, "change"): (OUT, OUT, DENIED, CHANGED, CHANGED, CHANGED),
    (Speaker, "delete"): (OUT, OUT, DENIED, DENIED, DELETED, DELETED),
    (Topic, "changelist"): (OUT, OUT, DENIED, (200, "listed"), (200, "listed"), (200, "listed")),
    (Topic, "change"): (OUT, OUT, DENIED, DENIED, CHANGED, CHANGED),
    (Topic, "delete"): (OUT, OUT, DENIED, DENIED, DELETED, DELETED),
}  # fmt: skip
EXPECTED_PLAIN: dict[tuple[str, str, str], tuple] = {
    (role, model._meta.model_name, action): outcome
    for (model, action), outcomes in _PLAIN.items()
    for role, outcome in zip(ADMIN_ROLES, outcomes, strict=True)
}


def test_the_table_is_complete():
    assert set(EXPECTED) == {(r, a, s) for r in ADMIN_ROLES for a in _MATRIX for s in STATUSES}


# --- Checking one answer ---------------------------------------------------------------------
def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def check_answer(response, code) -> None:
    if code == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/admin/login/"), response["Location"]
    elif code == "refused":
        # A refusal: 403, or the page again with an error message (never a server error).
        assert response.status_code in (200, 302, 403), (
            response.status_code,
            response.content[:300],
        )
        if response.status_code != 403:
            assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request)), (
                messages_of(response)
            )
    else:
        assert response.status_code == code, (response.status_code, response.content[:300])
        if code == 302:
            assert not response["Location"].startswith("/admin/login/")


# --- Claims, by status -------------------------------------------------------------------------
@pytest.fixture
def form_of(browser_as):
    """`form_of(url, expected, **overrides)`: what the role posts to a change form.

    Where the change is expected to go through, the complete form as a superuser's browser
    would post it (so that every role posts the same form); where a refusal is expected, only
    the overrides: a refusal must not depend on the form being valid, and if the write went
    through after all, the answer (a 302, or the form again) still fails the check."""
    superuser = []

    def make(url: str, expected: tuple, **overrides) -> dict:
        if expected[1] not in ("changed", "created"):
            return {key: str(value) for key, value in overrides.items()}
        if not superuser:
            superuser.append(browser_as("admin"))
        return form_data(superuser[0], url, **overrides)

    return make


def _claim_request(client, action, claim, evidence, form_of, expected):
    change = admin_url(Claim, "change", claim.pk)
    if action == "changelist":
        return client.get(admin_url(Claim, "changelist"))
    if action == "change form":
        return client.get(change)
    if action == "change":
        data = form_of(change, expected, text="Edited in the admin.", speaker=claim.speaker_id)
        return client.post(change, data)
    if action == "delete page":
        return client.get(admin_url(Claim, "delete", claim.pk))
    if action == "delete":
        return client.post(admin_url(Claim, "delete", claim.pk), {"post": "yes"})
    if action == "history":
        return client.get(admin_url(Claim, "history", claim.pk))
    if action.startswith("action "):
        name = action.removeprefix("action ")
        extra = {"reason": "The speaker denied saying it."} if name == "retract" else {}
        if name == "delete_selected":
            extra["post"] = "yes"
        return run_action(client, name, [claim], **extra)
    if action == "evidence change":
        url = admin_url(Evidence, "change", evidence.pk)
        # Always the complete form: the evidence admin leaves the claim's status to the service,
        # which runs once the form is valid.
        data = form_of(url, CHANGED, note="Checked by the desk.")
        return client.post(url, data)
    if action == "evidence delete":
        return client.post(admin_url(Evidence, "delete", evidence.pk), {"post": "yes"})
    raise AssertionError(action)


def _check_claim_effect(action, code, effect, response, claim, evidence, before) -> None:
    exists = Claim.objects.filter(pk=claim.pk).exists()
    if effect == "deleted" and not action.startswith("evidence"):
        assert not exists
        assert not Evidence.objects.filter(claim_id=claim.pk).exists()
        return
    assert exists
    fresh = Claim.objects.get(pk=claim.pk)
    if effect in ("unchanged", "not offered", "listed", "editable", "read-only"):
        assert claim_state(claim) == before
    if effect == "not offered":
        assert "No action selected." in messages_of(response)
    if effect == "listed":
        if action == "changelist":
            assert claim in response.context["cl"].result_list
        else:  # the history page
            assert claim.history.count() == before[2] > 0
            assert len(response.context["page_obj"].object_list) == before[2]
    if effect in ("editable", "read-only"):
        fields = response.context["adminform"].form.fields
        assert response.context["has_change_permission"] is (effect == "editable")
        assert ("text" in fields) is (effect == "editable")
    if effect == "changed" and action == "change":
        assert fresh.text == "Edited in the admin."
        assert fresh.status == claim.status
        assert fresh.version == before[1] + 1
    if effect == "changed" and action == "evidence change":
        assert Evidence.objects.get(pk=evidence.pk).note == "Checked by the desk."
        assert snapshot_of_claim(fresh) == snapshot_of_claim(claim)
    if effect == "deleted":  # evidence delete
        assert not Evidence.objects.filter(pk=evidence.pk).exists()
        assert Evidence.objects.count() == before[4] - 1
    if effect in STATUSES:
        assert fresh.status == effect
        assert fresh.version == before[1] + 1
        if effect == RETRACTED:
            assert fresh.retraction_reason == "The speaker denied saying it."
    if (effect, code) == ("unchanged", 302) and action.startswith("action "):
        # Skipped, and the page says which claim and why.
        assert any(m.startswith("1 not ") for m in messages_of(response)), messages_of(response)


def snapshot_of_claim(claim: Claim) -> tuple:
    return (claim.status, claim.text, claim.verdict, claim.credibility_override)


@pytest.mark.parametrize("action", list(_MATRIX))
@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_claim_admin(browser_as, form_of, subtests, role, action):
    """One test per (role, action), one subtest per claim status: a claim in each status, and
    the role's login, are made once for the four cells."""
    claims = {status: make_claim(status) for status in STATUSES}
    client = browser_as(role)
    for status, claim in claims.items():
        with subtests.test(status=status):
            evidence = claim.evidence.get()
            if action.startswith("evidence"):
                # A second piece of evidence, so that removing one leaves the claim a source.
                evidence = f.EvidenceFactory(claim=claim, relation="corroborates")
            expected = EXPECTED[(role, action, status)]
            before = claim_state(claim)

            response = _claim_request(client, action, claim, evidence, form_of, expected)

            code, effect = expected
            check_answer(response, code)
            _check_claim_effect(action, code, effect, response, claim, evidence, before)


# --- Bulk actions on a mixed selection: all or nothing per claim, never half a claim ------------
def test_a_bulk_publish_over_every_status_publishes_only_what_may_be(browser_as):
    claims = {status: make_claim(status) for status in STATUSES}
    before = {status: claim_state(c) for status, c in claims.items()}
    response = run_action(browser_as("editor"), "publish", list(claims.values()))
    assert response.status_code == 302
    after = {s: Claim.objects.get(pk=c.pk).status for s, c in claims.items()}
    assert after == {DRAFT: PUBLISHED, IN_REVIEW: PUBLISHED, PUBLISHED: PUBLISHED,
                     RETRACTED: RETRACTED}  # fmt: skip
    for status in (PUBLISHED, RETRACTED):
        assert claim_state(claims[status]) == before[status]


def test_a_bulk_delete_with_one_published_claim_deletes_nothing_even_for_a_superuser(browser_as):
    draft, public = make_claim(DRAFT), make_claim(PUBLISHED)
    response = run_action(browser_as("admin"), "delete_selected", [draft, public], post="yes")
    assert response.status_code == 403
    assert Claim.objects.filter(pk__in=[draft.pk, public.pk]).count() == 2


# --- Pages where the claim's status plays no part -------------------------------------------
_MODELS = {"claim": Claim, "source": Source, "outlet": Outlet, "speaker": Speaker, "topic": Topic}
_EDITS = {"source": "title", "outlet": "description", "speaker": "role", "topic": "description"}
_FACTORIES = {
    "source": lambda: f.SourceFactory(outlet=None),
    "outlet": f.OutletFactory,
    "speaker": f.SpeakerFactory,
    "topic": f.TopicFactory,
    "claim": lambda: None,
}


@pytest.mark.parametrize(
    ("model", "action"),
    [pytest.param(m, a, id=f"{m._meta.model_name}-{a}") for m, a in _PLAIN],
)
def test_admin_page(browser_as, form_of, subtests, model, action):
    """One test per (model, page), one subtest per role, each on an object of its own."""
    for role in ADMIN_ROLES:
        with subtests.test(role=role):
            _run_page_cell(browser_as(role), form_of, role, model, action)


def _run_page_cell(client, form_of, role, model, action) -> None:
    model_name = model._meta.model_name
    expected = EXPECTED_PLAIN[(role, model_name, action)]
    obj = _FACTORIES[model_name]()
    count = model.objects.count()
    row = model.objects.filter(pk=obj.pk).values().first() if obj else None
    added = f"Added in the admin by the {role}."

    if action == "changelist":
        response = client.get(admin_url(model, "changelist"))
    elif action == "import":
        response = client.get("/admin/claims/claim/import-article/")
    elif action == "add":
        url = admin_url(Claim, "add")
        data = form_of(url, expected, text=added, speaker=f.SpeakerFactory().pk)
        response = client.post(url, data)
    elif action == "change":
        url = admin_url(model, "change", obj.pk)
        data = form_of(url, expected, **{_EDITS[model_name]: "Changed in the admin."})
        response = client.post(url, data)
    else:
        response = client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    code, effect = expected
    check_answer(response, code)
    after = model.objects.filter(pk=obj.pk).values().first() if obj else None
    if effect == "created":
        created = Claim.objects.get(text=added)
        assert created.status == DRAFT
        assert created.created_by.username == f"access-{role}"
    elif effect == "changed":
        assert getattr(model.objects.get(pk=obj.pk), _EDITS[model_name]) == "Changed in the admin."
    elif effect == "deleted":
        assert after is None and model.objects.count() == count - 1
    else:
        assert not Claim.objects.filter(text=added).exists()
        assert (model.objects.count(), after) == (count, row)
        if effect == "listed":
            assert obj in response.context["cl"].result_list
        if action == "import" and code == 200:
            assert "form" in response.context
