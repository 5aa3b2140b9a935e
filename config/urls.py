"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Claimtrail"
admin.site.site_title = "Claimtrail admin"
admin.site.index_title = "Claims, sources and provenance"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Until the public search pages exist, the front door is the editors' workplace.
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
