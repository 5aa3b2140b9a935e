"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path
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
    # The public pages for journalists: search, claims, sources, speakers, outlets.
    path("", include("claims.public.urls")),
]

handler404 = "config.api.errors.json_not_found"
handler500 = "config.api.errors.json_server_error"
