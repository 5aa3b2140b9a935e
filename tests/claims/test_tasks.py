"""A rating change touching many claims recomputes them in a background task (Django's tasks
framework): at once with the immediate backend, later with a queue, and never lost."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend
from django.test import override_settings

from claims.models import Claim, Evidence
from claims.recompute import HISTORY_REASON
from claims.services import evidence_save
from claims.tasks import recompute_credibility
from sources.models import Outlet
from sources.services import outlet_save
from tests.factories import ClaimFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def rerating(editor):
    """Four claims resting on an outlet rated E (graded 2), and a function re-rating it A
    (which grades them 1)."""
    outlet = OutletFactory(reliability="E", reliability_rationale="Fabrications on record.")
    other = OutletFactory(reliability="A", reliability_rationale="Checked.")
    claims = [ClaimFactory() for _ in range(4)]
    for claim in claims:
        for source, relation in (
            (SourceFactory(outlet=outlet), Evidence.Relation.APPEARS_IN),
            (SourceFactory(outlet=other), Evidence.Relation.CORROBORATES),
        ):
            evidence_save(
                evidence=Evidence(claim=claim, source=source, relation=relation), user=editor
            )

    def rerate():
        fresh = Outlet.objects.get(pk=outlet.pk)
        fresh.reliability, fresh.reliability_rationale = "A", "Re-rated after review."
        outlet_save(outlet=fresh, user=editor)

    return claims, rerate


def grades(claims) -> set[int]:
    return set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list(
            "credibility_computed", flat=True
        )
    )


@override_settings(CREDIBILITY_INLINE_LIMIT=2)
def test_with_the_immediate_backend_the_task_runs_within_the_change(rerating, editor):
    claims, rerate = rerating
    assert grades(claims) == {2}
    rerate()
    assert grades(claims) == {1}
    latest = Claim.objects.get(pk=claims[0].pk).history.latest()
    assert latest.history_change_reason == HISTORY_REASON and latest.history_user == editor


@override_settings(CREDIBILITY_INLINE_LIMIT=2, TASKS=DUMMY)
def test_many_claims_are_queued_as_one_task_with_their_ids_and_the_editor(rerating, editor):
    claims, rerate = rerating
    default_task_backend.clear()
    rerate()
    assert grades(claims) == {2}  # queued, not yet run
    (queued,) = default_task_backend.results
    assert queued.task.name == recompute_credibility.name
    assert queued.args == [sorted(c.pk for c in claims), editor.pk]
    # The worker's run of the task does the recompute.
    assert queued.task.call(*queued.args) == len(claims)
    assert grades(claims) == {1}


@override_settings(CREDIBILITY_INLINE_LIMIT=10, TASKS=DUMMY)
def test_a_few_claims_are_recomputed_at_once_without_a_task(rerating):
    claims, rerate = rerating
    default_task_backend.clear()
    rerate()
    assert grades(claims) == {1}
    assert default_task_backend.results == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker commits
@override_settings(CREDIBILITY_INLINE_LIMIT=2, TASKS=DATABASE)
def test_with_the_database_backend_a_worker_runs_the_queued_task(rerating):
    from django_tasks_db.models import DBTaskResult

    claims, rerate = rerating
    rerate()
    assert grades(claims) == {2}
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    assert grades(claims) == {1}
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@override_settings(CREDIBILITY_INLINE_LIMIT=2, TASKS=DATABASE)
def test_a_refused_change_queues_nothing(rerating, contributor):
    """The task is queued in the change's transaction: a change refused (here, a re-rating by
    someone who may not rate) leaves no task behind."""
    from django.core.exceptions import PermissionDenied
    from django_tasks_db.models import DBTaskResult

    claims, _rerate = rerating
    outlet = Outlet.objects.get(reliability="E")
    outlet.reliability, outlet.reliability_rationale = "A", "Not mine to say."
    with pytest.raises(PermissionDenied):
        outlet_save(outlet=outlet, user=contributor)
    assert DBTaskResult.objects.count() == 0
    assert grades(claims) == {2}
