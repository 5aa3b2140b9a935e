"""The source page, extended with the claims that use it.

`sources` must not know about claims, so the claims app adds this to the source admin.
"""

from django.contrib import admin

from sources.admin import SourceAdmin
from sources.models import Source

from ..models import Evidence


class EvidenceOfSourceInline(admin.TabularInline):
    model = Evidence
    fk_name = "source"
    fields = ["claim", "relation", "excerpt"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name = "claim using this source"
    verbose_name_plural = "claims using this source"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim__speaker")

    def has_add_permission(self, request, obj=None):
        return False


class SourceWithClaimsAdmin(SourceAdmin):
    inlines = [*SourceAdmin.inlines, EvidenceOfSourceInline]


admin.site.unregister(Source)
admin.site.register(Source, SourceWithClaimsAdmin)
