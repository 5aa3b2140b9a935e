from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import ServiceErrorsMixin
from sources.admin_versions import VersionedAdminMixin

from ..models import Claim, ClaimLink, Evidence, Status
from ..selectors import claim_provenance, provenance_lines
from ..services import (
    claim_delete,
    claim_link_delete,
    claim_link_save,
    claim_publish,
    claim_retract,
    claim_save,
    claim_submit_for_review,
    evidence_delete,
    evidence_save,
)
from .display import credibility_badge, status_badge
from .import_article import import_article_view


class EvidenceInline(VersionedAdminMixin, admin.TabularInline):
    model = Evidence
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "relation", "excerpt", "note"]


class ClaimLinkInline(admin.TabularInline):
    model = ClaimLink
    fk_name = "from_claim"
    extra = 0
    autocomplete_fields = ["to_claim"]
    fields = ["kind", "to_claim", "note"]
    verbose_name = "link to another claim"
    verbose_name_plural = "links to other claims"


class RetractForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=2000,
        help_text="Readers and API consumers see this reason.",
    )


def _run_each(modeladmin, request, queryset, service, done: str, **kwargs) -> None:
    """Apply a workflow service to each selected claim; report what went through and what not."""
    ok, refused = 0, []
    for claim in queryset.select_related("speaker"):
        try:
            service(claim=claim, user=request.user, **kwargs)
            ok += 1
        except (ValidationError, PermissionDenied) as error:
            text = "; ".join(getattr(error, "messages", None) or [str(error)])
            refused.append(f"#{claim.pk}: {text}")
    if ok:
        modeladmin.message_user(request, f"{ok} claim(s) {done}.", messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request, f"{len(refused)} not {done}: " + " | ".join(refused), messages.WARNING
        )


@admin.action(description="Submit selected claims for review", permissions=["change"])
def submit_for_review(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, claim_submit_for_review, "submitted for review")


@admin.action(description="Publish selected claims", permissions=["publish"])
def publish(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, claim_publish, "published")


@admin.action(description="Retract selected claims (asks for a reason)", permissions=["retract"])
def retract(modeladmin, request, queryset):
    form = RetractForm(request.POST if "reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        _run_each(
            modeladmin,
            request,
            queryset,
            claim_retract,
            "retracted",
            reason=form.cleaned_data["reason"],
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Retract claims",
        "opts": modeladmin.model._meta,
        "claims": queryset.select_related("speaker"),
        "form": form,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/claims/claim/retract.html", context)


@admin.register(Claim)
class ClaimAdmin(VersionedAdminMixin, ServiceErrorsMixin, SimpleHistoryAdmin):
    list_display = ["short_text", "speaker", "outlet", "status_label", "grade", "stated_on"]
    list_filter = ["status", "credibility", "quote_kind", "verdict", "language", "topics"]
    list_select_related = ["speaker", "outlet"]
    search_fields = ["text", "speaker__name", "speaker__aliases__name", "outlet__name"]
    autocomplete_fields = ["speaker", "outlet", "topics"]
    date_hierarchy = "stated_on"
    inlines = [EvidenceInline, ClaimLinkInline]
    actions = [submit_for_review, publish, retract]
    readonly_fields = [
        "status_label",
        "published_at",
        "retracted_at",
        "retraction_reason",
        "grade",
        "credibility_computed",
        "reasons",
        "provenance",
        "verdict_at",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "text",
                    "speaker",
                    "quote_kind",
                    "stated_on",
                    "outlet",
                    "language",
                    "topics",
                ]
            },
        ),
        (
            "Workflow",
            {"fields": ["status_label", "published_at", "retracted_at", "retraction_reason"]},
        ),
        (
            "Credibility",
            {
                "fields": [
                    "grade",
                    "credibility_computed",
                    "reasons",
                    "provenance",
                    "credibility_override",
                    "credibility_override_reason",
                ]
            },
        ),
        ("Fact-check verdict", {"fields": ["verdict", "verdict_explanation", "verdict_at"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_by", "updated_at"]}),
    ]

    @admin.display(description="text", ordering="text")
    def short_text(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="status", ordering="status")
    def status_label(self, obj: Claim) -> str:
        return status_badge(obj)

    @admin.display(description="credibility", ordering="credibility")
    def grade(self, obj: Claim) -> str:
        return credibility_badge(obj)

    @admin.display(description="why this grade")
    def reasons(self, obj: Claim) -> str:
        if not obj.credibility_reasons:
            return "—"
        return format_html(
            "<ol style='margin:0;padding-left:1.2em'>{}</ol>",
            format_html_join(
                "", "<li>{}</li>", ((r.get("text", ""),) for r in obj.credibility_reasons)
            ),
        )

    @admin.display(description="provenance")
    def provenance(self, obj: Claim) -> str:
        if obj.pk is None:
            return "—"
        chain = claim_provenance(obj)
        return render_to_string(
            "claims/provenance_chain.html", {"chain": chain, "lines": provenance_lines(chain)}
        )

    # Permissions: contributors see but do not change claims past draft; nobody changes a
    # retracted claim; a claim that was ever published is never deleted.
    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("claims.publish_claim")

    def has_retract_permission(self, request) -> bool:
        return request.user.has_perm("claims.retract_claim")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        if obj.is_frozen:
            return False
        return obj.status == Status.DRAFT or request.user.has_perm("claims.publish_claim")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (
            obj.has_been_public
            or (obj.status != Status.DRAFT and not request.user.has_perm("claims.publish_claim"))
        ):
            return False
        return super().has_delete_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        # An old version carries an old status and grade: restoring it would bypass the
        # workflow. Editors read the history and edit the claim instead.
        return True

    def get_urls(self):
        # Before the default URLs: "<object_id>/" would take "import-article/" too.
        view = self.admin_site.admin_view(lambda request: import_article_view(self, request))
        return [
            path("import-article/", view, name="claims_claim_import_article"),
            *super().get_urls(),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("claims.override_credibility"):
            fields += ["credibility_override", "credibility_override_reason"]
        if not request.user.has_perm("claims.publish_claim"):
            fields += ["verdict", "verdict_explanation"]
        return fields

    # Writes go through the services.
    def save_model(self, request, obj, form, change):
        claim_save(claim=obj, user=request.user)

    def delete_model(self, request, obj):
        claim_delete(claim=obj, user=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for claim in queryset:
            claim_delete(claim=claim, user=request.user)

    def save_formset(self, request, form, formset, change):
        save, delete = {
            Evidence: (
                lambda o: evidence_save(evidence=o, user=request.user),
                lambda o: evidence_delete(evidence=o, user=request.user),
            ),
            ClaimLink: (
                lambda o: claim_link_save(link=o, user=request.user),
                lambda o: claim_link_delete(link=o, user=request.user),
            ),
        }[formset.model]
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete(obj)
        for obj in instances:
            save(obj)


@admin.register(Evidence)
class EvidenceAdmin(VersionedAdminMixin, ServiceErrorsMixin, SimpleHistoryAdmin):
    list_display = ["claim", "relation", "source", "created_at"]
    list_filter = ["relation"]
    list_select_related = ["claim__speaker", "source"]
    search_fields = ["claim__text", "source__title", "excerpt", "note"]
    autocomplete_fields = ["claim", "source"]

    def save_model(self, request, obj, form, change):
        evidence_save(evidence=obj, user=request.user)

    def delete_model(self, request, obj):
        evidence_delete(evidence=obj, user=request.user)

    def has_delete_permission(self, request, obj=None):
        # Evidence belongs to its claim: a retracted claim's evidence is kept as it was.
        if obj is not None and obj.claim.is_frozen:
            return False
        return super().has_delete_permission(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for evidence in queryset.select_related("claim"):
            evidence_delete(evidence=evidence, user=request.user)


@admin.register(ClaimLink)
class ClaimLinkAdmin(ServiceErrorsMixin, SimpleHistoryAdmin):
    list_display = ["from_claim", "kind", "to_claim", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["from_claim__speaker", "to_claim__speaker"]
    search_fields = ["from_claim__text", "to_claim__text", "note"]
    autocomplete_fields = ["from_claim", "to_claim"]

    def save_model(self, request, obj, form, change):
        claim_link_save(link=obj, user=request.user)

    def delete_model(self, request, obj):
        claim_link_delete(link=obj, user=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for link in queryset.select_related("from_claim"):
            claim_link_delete(link=link, user=request.user)
