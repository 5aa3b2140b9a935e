"""OpenAPI post-processing: every operation documents the error responses it can give."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error. `detail` says what went wrong.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Bad input: each key names a field (or `non_field_errors`), with messages.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
    },
}
ERRORS = {
    "400": ("ValidationError", "Bad input, each bad field named."),
    "401": ("Error", "Authentication is needed for this."),
    "403": ("Error", "Your role does not allow this."),
    "404": ("Error", "No such object, or not visible to you."),
    "405": ("Error", "Method not allowed (e.g. deleting a published claim)."),
    "409": ("ValidationError", "The object's state does not allow this (workflow)."),
    "412": ("Error", "The object changed since you read it."),
    "429": ("Error", "Too many requests: slow down (see Retry-After)."),
}
SAFE = {"get", "head", "options"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular hook: add the shared error schemas and responses to each operation."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    components["ValidationError"] = VALIDATION_ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, (schema, description) in ERRORS.items():
                if method in SAFE and code in {"405", "409", "412"}:
                    continue
                content = {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                }
                response = operation["responses"].setdefault(code, {"description": description})
                response.setdefault("content", content)
    return result
