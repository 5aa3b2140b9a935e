"""Two editors, one claim: in the admin the second save is refused with what changed meanwhile."""

import pytest
from django.test import Client

from claims.models import Claim, Evidence, Speaker
from claims.services import claim_save
from sources.admin_versions import VersionedAdminForm
from sources.models import Outlet, Source
from tests import factories as f
from tests.test_admin_pages import admin_url, form_data, form_errors

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_second_of_two_editors_is_refused_with_what_changed(editor):
    other = f.EditorFactory(username="second-editor")
    claim = f.ClaimFactory(text="As first written.")
    url = admin_url(Claim, "change", claim.pk)
    mine, theirs = client_of(editor), client_of(other)
    my_form = form_data(mine, url, text="My wording.")  # both open the page
    their_form = form_data(theirs, url, text="Their wording.")

    assert theirs.post(url, their_form).status_code == 302
    response = mine.post(url, my_form)

    assert response.status_code == 200  # the form again, with the editor's input kept
    [message] = form_errors(response)["__all__"]
    assert "Someone else saved this claim after you opened it" in message
    assert "second-editor" in message and "Their wording." in message
    assert "My wording." in response.content.decode()  # not lost from the page either
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.text, stored.version) == ("Their wording.", 2)


def test_an_editor_who_reloads_saves_over_the_new_version(editor):
    claim = f.ClaimFactory(text="As first written.")
    url = admin_url(Claim, "change", claim.pk)
    claim_save(claim=Claim.objects.get(pk=claim.pk), user=editor)  # someone else, meanwhile
    client = client_of(editor)
    assert client.post(url, form_data(client, url, text="After reload.")).status_code == 302
    assert Claim.objects.get(pk=claim.pk).text == "After reload."


@pytest.mark.parametrize(
    ("model", "factory", "field", "value"),
    [
        (Speaker, f.SpeakerFactory, "role", "Changed role"),
        (Outlet, f.OutletFactory, "description", "Changed."),
        (Source, f.SourceFactory, "title", "Changed title"),
        (Evidence, f.EvidenceFactory, "note", "Changed note."),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_every_versioned_change_form_refuses_a_stale_save(editor, model, factory, field, value):
    obj = factory()
    url = admin_url(model, "change", obj.pk)
    client = client_of(editor)
    stale = form_data(client, url, **{field: value})
    model.objects.filter(pk=obj.pk).update(version=2)  # someone saved meanwhile
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "after you opened it" in form_errors(response)["__all__"][0]
    assert getattr(model.objects.get(pk=obj.pk), field) != value


def test_a_stale_evidence_row_in_the_claim_form_is_refused(editor):
    claim = f.ClaimFactory()
    evidence = f.EvidenceFactory(claim=claim, note="Original note.")
    url = admin_url(Claim, "change", claim.pk)
    client = client_of(editor)
    data = form_data(client, url, **{"evidence-0-note": "My note."})
    Evidence.objects.filter(pk=evidence.pk).update(version=5)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "evidence-0-__all__" in form_errors(response)
    assert Evidence.objects.get(pk=evidence.pk).note == "Original note."


def test_a_form_without_the_version_is_refused(editor):
    claim = f.ClaimFactory(text="Kept.")
    url = admin_url(Claim, "change", claim.pk)
    client = client_of(editor)
    response = client.post(url, form_data(client, url, text="Changed.", version_read=None))
    assert response.status_code == 200
    assert "does not say which version" in form_errors(response)["__all__"][0]
    assert Claim.objects.get(pk=claim.pk).text == "Kept."


def test_the_race_between_the_check_and_the_save_is_caught_by_the_service(editor, monkeypatch):
    """Someone saves after the form's check but before the service's conditional UPDATE."""
    claim = f.ClaimFactory(text="Kept.")
    url = admin_url(Claim, "change", claim.pk)
    client = client_of(editor)
    data = form_data(client, url, text="Mine.")
    checked = VersionedAdminForm.clean

    def clean_then_someone_saves(form):
        cleaned = checked(form)
        if isinstance(form.instance, Claim):
            Claim.objects.filter(pk=claim.pk).update(version=2, text="Theirs.")
        return cleaned

    monkeypatch.setattr(VersionedAdminForm, "clean", clean_then_someone_saves)
    response = client.post(url, data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("after you opened it" in m for m in messages), messages
    # The simulated writer ran inside the admin's transaction, rolled back with the refusal.
    assert Claim.objects.get(pk=claim.pk).text == "Kept."
