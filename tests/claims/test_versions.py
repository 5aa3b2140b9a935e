"""Optimistic locking in the services: of two writers who read the same version, one wins."""

import threading

import pytest
from django.db import close_old_connections, connection

from claims.models import Claim, Status
from claims.services import claim_publish, claim_save
from sources.models import Outlet
from sources.services import outlet_save
from sources.versioning import StaleVersion, VersionRequired
from tests.factories import ClaimFactory, EvidenceFactory, OutletFactory


@pytest.mark.django_db
def test_the_second_of_two_copies_is_refused_and_leaves_no_trace(editor):
    claim = ClaimFactory(status=Status.DRAFT, text="Original.")
    mine, theirs = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)
    theirs.text = "Theirs."
    claim_save(claim=theirs, user=editor)
    history = Claim.objects.get(pk=claim.pk).history.count()

    mine.text = "Mine."
    with pytest.raises(StaleVersion) as caught:
        claim_save(claim=mine, user=editor)
    assert (caught.value.expected, caught.value.current) == (1, 2)
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.text, stored.version) == ("Theirs.", 2)
    assert stored.history.count() == history


@pytest.mark.django_db
def test_a_write_that_names_no_version_is_refused(editor):
    outlet = OutletFactory()
    outlet.version = None
    outlet.description = "Edited."
    with pytest.raises(VersionRequired):
        outlet_save(outlet=outlet, user=editor)
    assert Outlet.objects.get(pk=outlet.pk).description != "Edited."


@pytest.mark.django_db
def test_each_edit_and_workflow_step_raises_the_version(editor):
    claim = ClaimFactory(status=Status.DRAFT)
    EvidenceFactory(claim=claim)
    claim.text = "Edited once."
    claim_save(claim=claim, user=editor)
    claim_publish(claim=claim, user=editor)
    assert claim.version == 3 == Claim.objects.get(pk=claim.pk).version
    assert list(claim.history.values_list("version", flat=True)[:2]) == [3, 2]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_two_concurrent_writers_of_the_same_version_cannot_both_win(editor):
    """Both threads read version 1 and save at the same moment: exactly one succeeds."""
    claim = ClaimFactory(status=Status.DRAFT)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(text: str) -> None:
        try:
            copy = Claim.objects.get(pk=claim.pk)
            copy.text = text
            barrier.wait(timeout=10)
            claim_save(claim=copy, user=editor)
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(f"Writer {i}.",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.version == 2
    assert stored.history.filter(version=2).count() == 1
