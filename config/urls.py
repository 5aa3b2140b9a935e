"""Top-level URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csp import csp_override, csp_report_only_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from claims.api import urls as claims_api
from config.health import healthz
from sources.api import urls as sources_api

admin.site.site_header = "Claimtrail"
admin.site.site_title = "Claimtrail admin"
admin.site.index_title = "Claims, sources and provenance"

api_v1 = [*sources_api.urlpatterns, *claims_api.urlpatterns]

# Swagger UI starts from an inline script (drf-spectacular's template, no nonce): its page alone
# allows inline scripts. Nothing on it comes from users. (SpectacularSwaggerSplitView would serve
# that script as a file and need no exception.)
api_docs = SpectacularSwaggerView.as_view(url_name="schema")
if settings.SECURE_CSP:
    api_docs = csp_override(settings.API_DOCS_CSP)(api_docs)
if settings.SECURE_CSP_REPORT_ONLY:
    api_docs = csp_report_only_override(settings.API_DOCS_CSP)(api_docs)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("healthz", healthz, name="healthz"),
    # The public pages for journalists: search, claims, sources, speakers, outlets.
    path("", include("claims.public.urls")),
]

handler404 = "config.api.errors.json_not_found"
handler500 = "config.api.errors.json_server_error"
