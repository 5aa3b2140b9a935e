from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from sources.admin import RatedAdminMixin, ServiceErrorsMixin, reliability_badge
from sources.admin_versions import VersionedAdminMixin
from sources.text import matching_key

from ..models import Speaker, SpeakerAlias, Topic
from ..services import speaker_save, topic_save


class SpeakerAliasFormSet(BaseInlineFormSet):
    """Aliases in one submission must differ by their matching key, not only by spelling."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            name = getattr(form, "cleaned_data", {}).get("name")
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = matching_key(name)
            if key in seen:
                form.add_error("name", "This alias repeats another one in the list.")
            seen.add(key)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    formset = SpeakerAliasFormSet
    extra = 1
    fields = ["name"]


@admin.register(Speaker)
class SpeakerAdmin(VersionedAdminMixin, ServiceErrorsMixin, RatedAdminMixin, SimpleHistoryAdmin):
    rate_permission = "claims.rate_speaker"
    list_display = ["name", "kind", "role", "affiliation", "country", "grade", "claim_count"]
    list_filter = ["kind", "reliability", "needs_review", "country"]
    search_fields = ["name", "match_key", "aliases__name", "role", "affiliation"]
    inlines = [SpeakerAliasInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "role", "affiliation", "country"]}),
        ("Reliability", {"fields": ["reliability", "reliability_rationale"]}),
        ("More", {"fields": ["wikidata_id", "description", "needs_review"]}),
    ]

    def get_queryset(self, request):
        # The annotation drops the default ordering; keep autocomplete pages stable.
        return super().get_queryset(request).annotate(n_claims=Count("claims")).order_by("name")

    @admin.display(description="reliability", ordering="reliability")
    def grade(self, obj: Speaker) -> str:
        return reliability_badge(obj)

    @admin.display(description="claims", ordering="n_claims")
    def claim_count(self, obj: Speaker) -> int:
        return obj.n_claims

    def save_model(self, request, obj, form, change):
        speaker_save(speaker=obj, user=request.user)


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "speaker"]
    list_select_related = ["speaker"]
    search_fields = ["name", "speaker__name"]
    autocomplete_fields = ["speaker"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "claim_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_claims=Count("claims")).order_by("name")

    def save_model(self, request, obj, form, change):
        topic_save(topic=obj, user=request.user)

    @admin.display(description="claims", ordering="n_claims")
    def claim_count(self, obj: Topic) -> int:
        return obj.n_claims
