"""The claim workflow as editors and contributors meet it in the admin."""

import datetime

import pytest
from django.contrib.messages import get_messages

from claims.models import Claim, ClaimLink, Evidence, Status
from claims.recompute import HISTORY_REASON as RECOMPUTED
from claims.recompute import claim_recompute
from claims.services import claim_publish, claim_retract, claim_save
from tests import factories as f
from tests.test_admin_pages import admin_url, form_data, form_errors

CHANGELIST = admin_url(Claim, "changelist")


def run_action(client, action: str, claims, **extra):
    """POST a bulk action from the claim changelist, as its "Go" button does."""
    data = {
        "action": action,
        "_selected_action": [str(c.pk) for c in claims],
        "index": "0",
        "select_across": "0",
        **extra,
    }
    return client.post(CHANGELIST, data)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def publishable(**kwargs) -> Claim:
    claim = f.ClaimFactory(**kwargs)
    f.EvidenceFactory(claim=claim, relation=Evidence.Relation.APPEARS_IN)
    return claim


def published(**kwargs) -> Claim:
    claim = f.PublishedClaimFactory(**kwargs)
    f.EvidenceFactory(claim=claim, relation=Evidence.Relation.APPEARS_IN)
    return claim


def assert_last_change(claim: Claim, user, reason: str) -> None:
    """The newest change recorded for the claim, not counting automatic grade recomputes."""
    record = claim.history.exclude(history_change_reason=RECOMPUTED).first()  # newest first
    assert record.history_user == user
    assert record.history_change_reason == reason
    assert record.status == claim.status


def test_submit_for_review_action_goes_through_the_service(editor_client, editor):
    claims = [f.ClaimFactory(), f.ClaimFactory()]
    before = {c.pk: c.history.count() for c in claims}
    response = run_action(editor_client, "submit_for_review", claims)
    assert response.status_code == 302
    assert "2 claim(s) submitted for review." in messages_of(response)
    for claim in claims:
        claim.refresh_from_db()
        assert claim.status == Status.IN_REVIEW
        assert claim.updated_by == editor
        assert claim.history.count() > before[claim.pk]
        assert_last_change(claim, editor, "Submitted for review")


def test_submit_for_review_skips_a_claim_that_is_not_a_draft(editor_client):
    claim = published()
    response = run_action(editor_client, "submit_for_review", [claim])
    assert response.status_code == 302
    assert any(m.startswith("1 not submitted for review") for m in messages_of(response))
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED


def test_publish_action_publishes_and_records_history(editor_client, editor):
    claim = publishable()
    before = claim.history.count()
    response = run_action(editor_client, "publish", [claim])
    assert response.status_code == 302
    assert "1 claim(s) published." in messages_of(response)
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED
    assert claim.published_at is not None
    assert claim.history.count() > before
    assert_last_change(claim, editor, "Published")


def test_publish_refuses_a_claim_without_a_source_it_appears_in(editor_client):
    claim = f.ClaimFactory()
    f.EvidenceFactory(claim=claim, relation=Evidence.Relation.CORROBORATES)
    before = claim.history.count()
    response = run_action(editor_client, "publish", [claim])
    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("1 not published")
    assert f"#{claim.pk}" in message
    assert "at least one source it appears in" in message
    claim.refresh_from_db()
    assert claim.status == Status.DRAFT
    assert claim.published_at is None
    assert claim.history.count() == before


def test_contributor_is_not_offered_publish_or_retract(contributor_client):
    f.ClaimFactory()
    response = contributor_client.get(CHANGELIST)
    choices = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert "submit_for_review" in choices
    assert "publish" not in choices
    assert "retract" not in choices


@pytest.mark.parametrize("action", ["publish", "retract"])
def test_contributor_cannot_publish_or_retract_by_posting_the_action(contributor_client, action):
    draft, public = publishable(), published()
    counts = {c.pk: c.history.count() for c in (draft, public)}
    response = run_action(contributor_client, action, [draft, public], reason="Because.")
    assert response.status_code == 302
    assert "No action selected." in messages_of(response)
    draft.refresh_from_db()
    public.refresh_from_db()
    assert (draft.status, public.status) == (Status.DRAFT, Status.PUBLISHED)
    assert {c.pk: c.history.count() for c in (draft, public)} == counts


def test_retract_asks_for_a_reason_first(editor_client):
    claim = published()
    response = run_action(editor_client, "retract", [claim])
    assert response.status_code == 200
    assert "admin/claims/claim/retract.html" in [t.name for t in response.templates]
    assert "reason" in response.context["form"].fields
    assert not response.context["form"].is_bound
    assert list(response.context["claims"]) == [claim]
    assert 'name="reason"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED


def test_retract_with_a_blank_reason_asks_again(editor_client):
    claim = published()
    data = {"action": "retract", "_selected_action": [str(claim.pk)], "reason": "   "}
    response = editor_client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED
    assert claim.retraction_reason == ""


def test_retract_with_a_reason_retracts_and_keeps_the_reason(editor_client, editor):
    claim = published()
    before = claim.history.count()
    # The intermediate page posts back without "index", with the reason.
    data = {
        "action": "retract",
        "_selected_action": [str(claim.pk)],
        "reason": "The quote was misattributed.",
    }
    response = editor_client.post(CHANGELIST, data)
    assert response.status_code == 302
    assert "1 claim(s) retracted." in messages_of(response)
    claim.refresh_from_db()
    assert claim.status == Status.RETRACTED
    assert claim.retraction_reason == "The quote was misattributed."
    assert claim.retracted_at is not None
    assert claim.history.count() > before
    assert_last_change(claim, editor, "Retracted: The quote was misattributed.")


def test_retract_skips_a_claim_that_is_not_published(editor_client):
    claim = publishable()
    data = {"action": "retract", "_selected_action": [str(claim.pk)], "reason": "Wrong."}
    response = editor_client.post(CHANGELIST, data)
    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("1 not retracted") and "Only a published claim" in message
    claim.refresh_from_db()
    assert (claim.status, claim.retraction_reason) == (Status.DRAFT, "")


def test_a_draft_can_be_deleted_through_the_admin(editor_client):
    claim = f.ClaimFactory()
    response = editor_client.post(admin_url(Claim, "delete", claim.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.RETRACTED])
def test_a_claim_that_was_public_cannot_be_deleted_from_its_page(editor_client, status):
    claim = published()
    if status == Status.RETRACTED:
        Claim.objects.filter(pk=claim.pk).update(
            status=status, retraction_reason="Wrong speaker.", retracted_at=claim.published_at
        )
    url = admin_url(Claim, "delete", claim.pk)
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Claim.objects.filter(pk=claim.pk, status=status).exists()


def test_bulk_delete_refuses_a_published_claim(editor_client):
    claim, draft = published(), f.ClaimFactory()
    confirm = run_action(editor_client, "delete_selected", [claim, draft])
    assert confirm.status_code in (200, 403)
    if confirm.status_code == 200:  # the confirmation page says it cannot delete
        assert confirm.context["perms_lacking"]
    response = run_action(editor_client, "delete_selected", [claim, draft], post="yes")
    assert response.status_code in (302, 403)
    assert Claim.objects.filter(pk=claim.pk, status=Status.PUBLISHED).exists()
    assert Claim.objects.filter(pk=draft.pk).exists()


def test_a_refused_bulk_delete_deletes_nothing(contributor_client):
    today = datetime.date.today()
    in_review = f.ClaimFactory(status=Status.IN_REVIEW, stated_on=today)
    draft = f.ClaimFactory(stated_on=today + datetime.timedelta(days=1))  # listed first
    contributor_client.raise_request_exception = False
    response = run_action(contributor_client, "delete_selected", [draft, in_review], post="yes")
    assert response.status_code in (200, 302, 403)
    assert Claim.objects.filter(pk__in=[draft.pk, in_review.pk]).count() == 2


def test_contributor_sees_a_published_claim_read_only(contributor_client):
    claim = published(text="As published.")
    url = admin_url(Claim, "change", claim.pk)
    response = contributor_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "text" not in response.context["adminform"].form.fields
    data = form_data(contributor_client, url, text="Quietly changed.", speaker=claim.speaker_id)
    response = contributor_client.post(url, data)
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text == "As published."


def test_contributor_edits_a_draft(contributor_client, contributor):
    claim = f.ClaimFactory(text="First wording.")
    url = admin_url(Claim, "change", claim.pk)
    response = contributor_client.post(url, form_data(contributor_client, url, text="Second."))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Second."
    assert_last_change(claim, contributor, "Edited")


def test_contributor_cannot_override_credibility_or_give_a_verdict(contributor_client):
    claim = f.ClaimFactory(text="First wording.")
    url = admin_url(Claim, "change", claim.pk)
    page = contributor_client.get(url)
    fields = page.context["adminform"].form.fields
    readonly = page.context["adminform"].readonly_fields
    for name in ("credibility_override", "credibility_override_reason", "verdict"):
        assert name not in fields
        assert name in readonly
    data = form_data(
        contributor_client,
        url,
        text="Second wording.",
        credibility_override="1",
        credibility_override_reason="I say so.",
        verdict="false",
        verdict_explanation="I checked.",
    )
    assert contributor_client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Second wording."  # the post went through ...
    assert claim.credibility_override is None  # ... without the editor-only fields
    assert claim.credibility_override_reason == ""
    assert (claim.verdict, claim.verdict_explanation) == ("", "")
    assert claim.credibility == claim.credibility_computed


def test_editor_override_with_a_reason_becomes_the_effective_grade(editor_client, editor):
    claim = claim_recompute(claim=publishable())  # a real computed grade, with its reasons
    computed = claim.credibility_computed
    override = 1 if computed != 1 else 2
    url = admin_url(Claim, "change", claim.pk)
    data = form_data(
        editor_client,
        url,
        credibility_override=str(override),
        credibility_override_reason="Our correspondent was in the room.",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.credibility == override
    assert claim.credibility_override == override
    assert claim.credibility_computed == computed
    assert claim.credibility_override_reason == "Our correspondent was in the room."
    assert_last_change(claim, editor, "Edited")


def test_an_override_without_a_reason_is_a_form_error(editor_client):
    claim = f.ClaimFactory(credibility_computed=4)
    before = claim.history.count()
    url = admin_url(Claim, "change", claim.pk)
    data = form_data(editor_client, url, credibility_override="2", credibility_override_reason="")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "credibility_override_reason" in form_errors(response)
    claim.refresh_from_db()
    assert (claim.credibility_override, claim.credibility) == (None, 4)
    assert claim.history.count() == before


def test_reverting_a_published_claim_to_its_draft_version_is_refused_cleanly(client, editor):
    client.force_login(editor)
    client.raise_request_exception = False
    claim = claim_save(claim=Claim(text="Original.", speaker=f.SpeakerFactory()), user=editor)
    f.EvidenceFactory(claim=claim)
    claim_publish(claim=claim, user=editor)
    draft_version = claim.history.get(history_change_reason="Created")
    url = f"/admin/claims/claim/{claim.pk}/history/{draft_version.history_id}/"
    response = client.post(url, form_data(client, url))
    assert response.status_code in (200, 302, 403)
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED


def test_a_bulk_delete_of_links_with_one_refused_deletes_none(editor_client, editor):
    retracted = published()
    claim_retract(claim=retracted, user=editor, reason="Misquoted.")
    draft_link = f.ClaimLinkFactory(from_claim=f.ClaimFactory(), to_claim=f.ClaimFactory())
    frozen_link = f.ClaimLinkFactory(from_claim=retracted, to_claim=f.ClaimFactory())
    data = {
        "action": "delete_selected",
        "_selected_action": [str(draft_link.pk), str(frozen_link.pk)],
        "index": "0",
        "select_across": "0",
        "post": "yes",
    }
    response = editor_client.post(admin_url(ClaimLink, "changelist"), data)
    assert response.status_code in (200, 302)
    assert ClaimLink.objects.filter(pk__in=[draft_link.pk, frozen_link.pk]).count() == 2
    assert any("retracted" in message for message in messages_of(response))


def test_an_outlet_domain_changed_on_the_outlet_page_is_kept_in_history(editor_client, editor):
    from sources.models import Outlet, OutletDomain

    outlet = f.OutletFactory()
    domain = OutletDomain.objects.create(outlet=outlet, domain="old-wire.example")
    url = admin_url(Outlet, "change", outlet.pk)
    prefix = next(key for key in form_data(editor_client, url) if key.endswith("-0-domain"))
    data = form_data(editor_client, url, **{prefix: "new-wire.example"})
    response = editor_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    record = domain.history.first()  # newest first
    assert (record.domain, record.history_user) == ("new-wire.example", editor)
    assert domain.history.last().domain == "old-wire.example"
