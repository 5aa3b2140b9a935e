"""Every admin page renders for an editor, lists cost a fixed number of queries, inlines show.

`form_data` (GET a change form, read back what a browser would submit) is shared with the other
admin test modules.
"""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimLink, Evidence, Speaker, SpeakerAlias, Topic
from sources.models import Citation, Outlet, OutletDomain, Source
from tests import factories as f

FACTORIES = {
    Claim: f.ClaimFactory,
    Evidence: f.EvidenceFactory,
    ClaimLink: f.ClaimLinkFactory,
    Speaker: f.SpeakerFactory,
    SpeakerAlias: f.SpeakerAliasFactory,
    Topic: f.TopicFactory,
    Outlet: f.OutletFactory,
    OutletDomain: f.OutletDomainFactory,
    Source: f.SourceFactory,
    Citation: f.CitationFactory,
}
PROJECT_APPS = {"claims", "sources"}
REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
PROJECT_MODELS = [m for m in REGISTERED if m._meta.app_label in PROJECT_APPS]
OTHER_MODELS = [m for m in REGISTERED if m._meta.app_label not in PROJECT_APPS]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class _FormReader(HTMLParser):
    """Collect the values a browser would submit from the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.values: dict[str, list[str]] = {}
        self._select: tuple[str, list[str], bool] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        name = a.get("name")
        if not self.inside:
            return
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            value = a.get("value")
            if value is None:
                value = "on" if kind in {"checkbox", "radio"} else ""
            self.values.setdefault(name, []).append(value)
        elif tag == "select" and name:
            self._select = (name, [], "multiple" in a)
            self.values.setdefault(name, [])
        elif tag == "option" and self._select:
            self._select[1].append(a.get("value") or "")
            if "selected" in a:
                self.values[self._select[0]].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            name, options, multiple = self._select
            if not self.values[name] and options and not multiple:
                self.values[name].append(options[0])  # what a browser submits
            self._select = None
        elif tag == "textarea" and self._textarea:
            value = self.values[self._textarea][-1]
            self.values[self._textarea][-1] = value.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data


def form_data(client, url: str, /, **overrides) -> dict:
    """GET an admin add/change page; return its form as a browser would POST it, plus overrides.

    Includes the inline management forms and every inline row's current values. Keys of
    `overrides` use the form's field names (e.g. ``evidence-0-source``); a value of None removes
    the key.
    """
    response = client.get(url)
    assert response.status_code == 200, url
    reader = _FormReader(f"{response.context['opts'].model_name}_form")
    reader.feed(response.content.decode())
    data = {
        name: values if len(values) > 1 else values[0]
        for name, values in reader.values.items()
        if values and "__prefix__" not in name
    }
    # The management forms must be there, whatever the page's inlines are.
    for inline in response.context.get("inline_admin_formsets", []):
        assert f"{inline.formset.prefix}-TOTAL_FORMS" in data
    data["_save"] = "Save"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def form_errors(response) -> dict:
    """The errors of the main form and its inlines on a re-rendered admin form page."""
    errors = dict(response.context["adminform"].form.errors)
    for inline in response.context["inline_admin_formsets"]:
        for i, form_errors_ in enumerate(inline.formset.errors):
            errors.update({f"{inline.formset.prefix}-{i}-{k}": v for k, v in form_errors_.items()})
        if inline.formset.non_form_errors():
            errors[f"{inline.formset.prefix}-__all__"] = inline.formset.non_form_errors()
    return errors


def test_the_registry_holds_every_project_model():
    assert set(PROJECT_MODELS) == set(FACTORIES)
    assert {m._meta.label for m in OTHER_MODELS} == {
        "auth.Group",
        "auth.User",
        "authtoken.TokenProxy",
        "django_tasks_database.DBTaskResult",  # background tasks (docs/scaling.md)
    }


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_render_for_an_editor(editor_client, model):
    obj = FACTORIES[model]()
    for url in (admin_url(model, "changelist"), admin_url(model, "add")):
        assert editor_client.get(url).status_code == 200, url
    response = editor_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj
    assert response.context["has_change_permission"] is True
    changelist = editor_client.get(admin_url(model, "changelist"))
    assert obj in changelist.context["cl"].result_list


@pytest.mark.parametrize(
    "model", [m for m in OTHER_MODELS if m._meta.app_label == "auth"], ids=lambda m: m._meta.label
)
def test_user_and_group_pages_are_closed_to_editors_and_render_for_a_superuser(
    client, editor, model
):
    obj = editor if model is get_user_model() else editor.groups.get()
    urls = [admin_url(model, v) for v in ("changelist", "add")]
    urls.append(admin_url(model, "change", obj.pk))
    client.force_login(editor)
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    client.force_login(f.UserFactory(username="root", is_superuser=True))
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_queued_tasks_are_shown_to_a_superuser_only_in_a_constant_number_of_queries(client, editor):
    """Operators see queued, running and failed background tasks (django-tasks-db's admin);
    editors do not."""
    from django_tasks_db.models import DBTaskResult

    from claims.tasks import recompute_credibility

    def enqueue(n: int) -> None:
        for _ in range(n):
            recompute_credibility.enqueue([1, 2, 3], None)

    enqueue(1)
    url = admin_url(DBTaskResult, "changelist")
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(f.UserFactory(username="root", is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200 and "recompute_credibility" in response.text
    one = _changelist_queries(client, DBTaskResult)
    enqueue(9)
    assert _changelist_queries(client, DBTaskResult) == one


def _changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count()
    assert len(response.context["cl"].result_list) == model._default_manager.count()
    return len(queries)


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_changelist_query_count_does_not_grow_with_rows(editor_client, model):
    factory = FACTORIES[model]
    factory.create_batch(3)
    assert model._default_manager.count() == 3
    _changelist_queries(editor_client, model)  # warm caches (content types, sessions)
    few = _changelist_queries(editor_client, model)
    factory.create_batch(27)
    assert model._default_manager.count() == 30
    many = _changelist_queries(editor_client, model)
    assert many == few, f"{model._meta.label}: {few} queries for 3 rows, {many} for 30"


def _inlines(response) -> dict:
    return {inline.formset.prefix: inline for inline in response.context["inline_admin_formsets"]}


def test_claim_page_shows_evidence_and_links_inline(editor_client):
    evidence = f.EvidenceFactory(source__title="Interfax report of 2 June")
    claim = evidence.claim
    other = f.ClaimFactory(text="A different statement about the same talks.")
    link = f.ClaimLinkFactory(from_claim=claim, to_claim=other)
    response = editor_client.get(admin_url(Claim, "change", claim.pk))
    assert response.status_code == 200
    inlines = _inlines(response)
    assert set(inlines) == {"evidence", "links_out"}
    assert list(inlines["evidence"].formset.queryset) == [evidence]
    assert list(inlines["links_out"].formset.queryset) == [link]
    assert inlines["evidence"].has_add_permission
    content = response.content.decode()
    assert "Interfax report of 2 June" in content
    assert 'name="evidence-0-relation"' in content
    assert 'name="links_out-0-to_claim"' in content
    assert "A different statement about the same talks." in content


def test_source_page_shows_citations_inline_and_the_claims_using_it_read_only(editor_client):
    source = f.SourceFactory(title="TASS wire, 2 June")
    citation = f.CitationFactory(citing=source, cited__title="RIA Novosti original")
    evidence = f.EvidenceFactory(source=source, claim__text="Talks resume in Istanbul.")
    response = editor_client.get(admin_url(Source, "change", source.pk))
    assert response.status_code == 200
    inlines = _inlines(response)
    assert set(inlines) == {"citations", "evidence"}
    assert list(inlines["citations"].formset.queryset) == [citation]
    used = inlines["evidence"]
    assert list(used.formset.queryset) == [evidence]
    assert not used.has_add_permission
    assert not used.formset.can_delete
    # Read-only: every shown field is read-only, the form edits nothing.
    assert set(used.readonly_fields) >= {"claim", "relation", "excerpt"}
    assert set(used.formset.forms[0].fields) <= {"id", "source", "DELETE"}
    content = response.content.decode()
    assert "RIA Novosti original" in content
    assert "Talks resume in Istanbul." in content
    assert 'name="evidence-0-relation"' not in content
    assert 'name="evidence-0-excerpt"' not in content


def test_source_page_cannot_change_the_evidence_shown_on_it(editor_client):
    evidence = f.EvidenceFactory(relation=Evidence.Relation.APPEARS_IN, excerpt="As written.")
    url = admin_url(Source, "change", evidence.source.pk)
    data = form_data(
        editor_client, url, **{"evidence-0-relation": "conflicts", "evidence-0-excerpt": "X"}
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.relation, evidence.excerpt) == (Evidence.Relation.APPEARS_IN, "As written.")


def test_speaker_page_shows_aliases_inline(editor_client):
    alias = f.SpeakerAliasFactory(name="Zelenskyy")
    response = editor_client.get(admin_url(Speaker, "change", alias.speaker.pk))
    inlines = _inlines(response)
    assert set(inlines) == {"aliases"}
    assert list(inlines["aliases"].formset.queryset) == [alias]
    assert 'value="Zelenskyy"' in response.content.decode()


def test_claim_history_view_lists_the_changes_made_in_the_admin(editor_client, editor):
    speaker = f.SpeakerFactory()
    add_url = admin_url(Claim, "add")
    data = form_data(editor_client, add_url, text="Talks will resume.", speaker=str(speaker.pk))
    assert editor_client.post(add_url, data).status_code == 302
    claim = Claim.objects.get(text="Talks will resume.")
    change_url = admin_url(Claim, "change", claim.pk)
    data = form_data(editor_client, change_url, text="Talks will resume on Monday.")
    assert editor_client.post(change_url, data).status_code == 302

    response = editor_client.get(f"/admin/claims/claim/{claim.pk}/history/")
    assert response.status_code == 200
    records = {r.history_change_reason: r for r in response.context["page_obj"]}
    reasons = [r.history_change_reason for r in response.context["page_obj"]]  # newest first
    assert reasons.index("Edited") < reasons.index("Created")
    assert records["Created"].history_user == records["Edited"].history_user == editor
    assert records["Created"].text == "Talks will resume."
    assert records["Edited"].text == "Talks will resume on Monday."
    content = response.content.decode()
    assert "Talks will resume on Monday." in content
    assert editor.username in content
    assert f"{len(reasons)} entries" in content
    assert "Created" in content and "Edited" in content
