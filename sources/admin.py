"""The editors' admin for outlets, sources and citations."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .admin_versions import VersionedAdminMixin
from .models import Citation, Outlet, OutletDomain, Source
from .services import citation_delete, citation_save, outlet_save, source_save

GRADE_COLOURS = {
    "A": "#1b7f3b",
    "B": "#4c9a2a",
    "C": "#a08a00",
    "D": "#c66a00",
    "E": "#b3261e",
    "F": "#6b6b6b",
}


def badge(text: str, colour: str, title: str = "") -> str:
    """A small coloured label for list pages."""
    return format_html(
        '<span title="{}" style="display:inline-block;padding:1px 7px;border-radius:9px;'
        'color:#fff;background:{};font-weight:600;white-space:nowrap">{}</span>',
        title,
        colour,
        text,
    )


def reliability_badge(obj) -> str:
    return badge(
        obj.reliability,
        GRADE_COLOURS.get(obj.reliability, "#6b6b6b"),
        obj.get_reliability_display(),
    )


class ServiceErrorsMixin:
    """Show a service's refusal as a message on the page instead of a server error.

    Forms validate what they can; the services have the last word (permissions, workflow).
    The admin wraps a save in a transaction, so a refusal leaves nothing half-written.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            return self._refused(request, error)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ValidationError as error:
            return self._refused(request, error)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            return self._refused(request, error)

    def changelist_view(self, request, extra_context=None):
        # Bulk actions (delete selected, ...) run their services here. Django's admin does not
        # wrap an action in a transaction: this does, so that a refusal of one selected row
        # undoes the rows done before it and nothing is left half-done.
        try:
            if request.method != "POST":
                return super().changelist_view(request, extra_context)
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        except ValidationError as error:
            return self._refused(request, error)

    def _refused(self, request, error: ValidationError):
        self.message_user(request, "; ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())


class RatedAdminMixin:
    """Reliability grades are read-only for users without the rating permission."""

    rate_permission = ""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(self.rate_permission):
            fields += ["reliability", "reliability_rationale"]
        return fields


class OutletDomainInline(admin.TabularInline):
    model = OutletDomain
    extra = 1


@admin.register(Outlet)
class OutletAdmin(VersionedAdminMixin, ServiceErrorsMixin, RatedAdminMixin, SimpleHistoryAdmin):
    rate_permission = "sources.rate_outlet"
    list_display = ["name", "kind", "country", "state_affiliation", "grade", "needs_review"]
    list_filter = ["kind", "reliability", "state_affiliation", "needs_review", "country"]
    search_fields = ["name", "match_key", "domains__domain", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OutletDomainInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "state_affiliation"]}),
        ("Reliability", {"fields": ["reliability", "reliability_rationale"]}),
        ("More", {"fields": ["wikidata_id", "description", "needs_review"]}),
    ]

    @admin.display(description="reliability", ordering="reliability")
    def grade(self, obj: Outlet) -> str:
        return reliability_badge(obj)

    def save_model(self, request, obj, form, change):
        outlet_save(outlet=obj, user=request.user)


@admin.register(OutletDomain)
class OutletDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["domain", "outlet__name"]
    autocomplete_fields = ["outlet"]


class CitationInline(admin.TabularInline):
    model = Citation
    fk_name = "citing"
    extra = 1
    autocomplete_fields = ["cited"]
    fields = ["cited", "kind", "note"]
    verbose_name = "cites"
    verbose_name_plural = "cites (provenance: the sources this one relays)"


@admin.register(Source)
class SourceAdmin(VersionedAdminMixin, ServiceErrorsMixin, SimpleHistoryAdmin):
    list_display = ["title", "outlet", "kind", "published_at", "language", "link"]
    list_filter = ["kind", "language", ("outlet", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "byline", "outlet__name"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "published_at"
    readonly_fields = ["body_sha256", "created_at", "updated_at"]
    inlines = [CitationInline]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "kind", "url", "published_at", "language"]}),
        ("Text", {"fields": ["byline", "body", "body_sha256"]}),
        ("Retrieval", {"fields": ["retrieved_at", "archive_url", "created_at", "updated_at"]}),
    ]

    @admin.display(description="URL")
    def link(self, obj: Source) -> str:
        if not obj.url:
            return "—"
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.url, obj.url[:60])

    def save_model(self, request, obj, form, change):
        source_save(source=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Citation:
            return super().save_formset(request, form, formset, change)
        citations = formset.save(commit=False)
        for citation in formset.deleted_objects:
            citation_delete(citation=citation, user=request.user)
        for citation in citations:
            citation_save(citation=citation, user=request.user)
        return None


@admin.register(Citation)
class CitationAdmin(ServiceErrorsMixin, SimpleHistoryAdmin):
    list_display = ["citing", "kind", "cited", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["citing", "cited"]
    search_fields = ["citing__title", "cited__title", "note"]
    autocomplete_fields = ["citing", "cited"]

    def save_model(self, request, obj, form, change):
        citation_save(citation=obj, user=request.user)

    def delete_model(self, request, obj):
        citation_delete(citation=obj, user=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for citation in queryset:
            citation_delete(citation=citation, user=request.user)
