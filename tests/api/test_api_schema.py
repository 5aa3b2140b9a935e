"""The OpenAPI schema is valid and documents the errors; the docs page works offline."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

ERRORS = {"400", "401", "403", "404", "429"}
WRITE_ERRORS = ERRORS | {"405", "409", "412"}
ENDPOINTS = [
    "/api/v1/claims/",
    "/api/v1/claims/{id}/",
    "/api/v1/claims/{id}/provenance/",
    "/api/v1/claims/{id}/history/",
    "/api/v1/claims/{id}/claimreview/",
    "/api/v1/claims/{id}/submit/",
    "/api/v1/claims/{id}/publish/",
    "/api/v1/claims/{id}/retract/",
    "/api/v1/claimreview/",
    "/api/v1/sources/",
    "/api/v1/sources/{id}/",
    "/api/v1/sources/{source}/claims/",
    "/api/v1/outlets/",
    "/api/v1/outlets/{id}/",
    "/api/v1/outlets/{outlet}/claims/",
    "/api/v1/speakers/",
    "/api/v1/speakers/{id}/",
    "/api/v1/speakers/{speaker}/claims/",
    "/api/v1/topics/",
    "/api/v1/topics/{id}/",
    "/api/v1/evidence/",
    "/api/v1/evidence/{id}/",
]
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture
def schema(anon):
    response = anon.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    return json.loads(response.content)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_the_schema_is_valid_openapi(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Claimtrail API"


def test_the_schema_lists_every_endpoint(schema):
    assert set(ENDPOINTS) <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/claims/{id}/"]) >= {"get", "put", "patch", "delete"}
    assert set(schema["paths"]["/api/v1/claims/{id}/retract/"]) >= {"post"}


def test_every_operation_documents_its_errors(schema):
    for path, method, operation in operations(schema):
        expected = ERRORS if method == "get" else WRITE_ERRORS
        assert expected <= set(operation["responses"]), (path, method)
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert components["Error"]["properties"]["detail"]["type"] == "string"
    assert "ValidationError" in components
    publish = schema["paths"]["/api/v1/claims/{id}/publish/"]["post"]["responses"]
    assert publish["429"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert publish["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }


def test_every_documented_error_has_a_json_body(schema):
    for path, method, operation in operations(schema):
        for code, response in operation["responses"].items():
            if code.startswith(("4", "5")):
                content = response.get("content", {}).get("application/json", {})
                assert content.get("schema", {}).get("$ref"), (path, method, code)


def test_the_claim_filters_are_documented(schema):
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/claims/"]["get"].get("parameters", [])
    }
    assert {
        "speaker", "outlet", "status", "credibility", "credibility_min", "credibility_max",
        "verdict", "topic", "stated_after", "stated_before", "updated_since", "has_conflicts",
        "q", "verified", "ordering", "cursor", "page_size",
    } <= parameters  # fmt: skip


def test_the_retract_request_needs_a_reason(schema):
    body = schema["paths"]["/api/v1/claims/{id}/retract/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "reason" in schema["components"]["schemas"][ref]["required"]


def test_the_schema_in_yaml_by_default(anon):
    response = anon.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_the_docs_page_uses_only_local_files(anon):
    response = anon.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "SwaggerUIBundle" in html
    assert "/api/schema/" in html
    tags = re.findall(r"<(?:script|link)\b[^>]*>", html, flags=re.IGNORECASE)
    urls = [
        m.group(2)
        for tag in tags
        for m in re.finditer(r"\b(src|href)\s*=\s*[\"']([^\"']+)[\"']", tag, flags=re.IGNORECASE)
    ]
    assert any(url.endswith("swagger-ui-bundle.js") for url in urls)
    for url in urls:
        assert not re.match(r"^(https?:)?//", url, flags=re.IGNORECASE), url
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a local static file"
