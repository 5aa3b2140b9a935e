"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from claims.api import urls as claims_api
from sources.api import urls as sources_api

admin.site.site_header = "Claimtrail"
admin.site.site_title = "Claimtrail admin"
admin.site.index_title = "Claims, sources and provenance"

api_v1 = [*sources_api.urlpatterns, *claims_api.urlpatterns]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Until the public search pages exist, the front door is the editors' workplace.
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]

handler404 = "config.api.errors.json_not_found"
handler500 = "config.api.errors.json_server_error"
