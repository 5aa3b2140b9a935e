"""OpenAPI post-processing: every operation documents the error responses it can give, the
conditional-write and idempotency headers it takes, and the media types it really answers in."""

import re

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error. `detail` says what went wrong.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Bad input: each key names a field (or `non_field_errors`), with messages. A body that "
        "cannot be read at all (malformed JSON, a NUL byte in the URL) has only a `detail`."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
    },
}
VERSION_ERROR_SCHEMA = {
    "type": "object",
    "description": "A conditional write refused: `current_version` is the version to read.",
    "properties": {
        "detail": {"type": "string"},
        "current_version": {"type": "integer"},
    },
    "required": ["detail"],
}
ERRORS = {
    "400": ("ValidationError", "Bad input, each bad field named."),
    "401": ("Error", "Authentication is needed for this."),
    "403": ("Error", "Your role does not allow this."),
    "404": ("Error", "No such object, or not visible to you."),
    "405": ("Error", "Method not allowed (e.g. deleting a published claim)."),
    "409": (
        "Error",
        "The object's state does not allow this (workflow, records that use it), or a request "
        "with the same Idempotency-Key is still running.",
    ),
    "412": ("VersionError", "The object changed since you read it (If-Match is not current)."),
    "429": ("Error", "Too many requests: slow down (see Retry-After)."),
}
BODY_ERRORS = {
    "413": ("Error", "The request body is larger than the server accepts."),
    "415": ("Error", "The body's Content-Type is not one the operation reads."),
}
CONDITIONAL_ERRORS = {
    "428": ("VersionError", "If-Match is needed: send the ETag from your last read."),
}
IDEMPOTENT_ERRORS = {
    "422": ("Error", "This Idempotency-Key was used for a different request."),
}
SAFE = {"get", "head", "options"}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": (
        'The ETag from your last read of the object (e.g. `"v3"`). Without it the write is '
        "refused with 428; with an ETag that is no longer current, with 412."
    ),
}
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "1 to 255 printable ASCII characters (a UUID is a good one). A retry with the same key "
        "gets the first answer again instead of creating a second object."
    ),
}
# Operations that answer in JSON-LD (one schema.org ClaimReview) rather than plain JSON.
LD_JSON = {("/api/v1/claims/{id}/claimreview/", "get")}


def _shape(path: str) -> str:
    """The path with its parameters unnamed: the schema says {id} where the URL says {pk}."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _view_classes(generator) -> dict:
    """(path shape, method) -> the view class that serves it."""
    classes = {}
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        cls = getattr(callback, "cls", None)
        if cls is not None:
            classes[_shape(path), method.lower()] = cls
    return classes


def _add_errors(operation: dict, errors: dict) -> None:
    for code, (schema, description) in errors.items():
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
        response = operation["responses"].setdefault(code, {"description": description})
        response.setdefault("content", content)


def _add_header(operation: dict, parameter: dict) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("in") == "header" and p.get("name") == parameter["name"] for p in parameters):
        parameters.append(dict(parameter))


def add_error_responses(result, generator, request, public):
    """drf-spectacular hook: add the shared error schemas and responses to each operation."""
    from .concurrency import ConditionalWriteMixin
    from .idempotency import IdempotentCreateMixin

    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    components["ValidationError"] = VALIDATION_ERROR_SCHEMA
    components["VersionError"] = VERSION_ERROR_SCHEMA
    views = _view_classes(generator)
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            view = views.get((_shape(path), method))
            one_object = "{" in path
            _add_errors(
                operation,
                {
                    code: error
                    for code, error in ERRORS.items()
                    if method not in SAFE or code not in {"405", "409", "412"}
                },
            )
            if "requestBody" in operation:
                _add_errors(operation, BODY_ERRORS)
            if method not in SAFE and one_object and _is(view, ConditionalWriteMixin):
                _add_header(operation, IF_MATCH)
                _add_errors(operation, CONDITIONAL_ERRORS)
            if method == "post" and not one_object and _is(view, IdempotentCreateMixin):
                _add_header(operation, IDEMPOTENCY_KEY)
                _add_errors(operation, IDEMPOTENT_ERRORS)
            if (path, method) in LD_JSON:
                _as_ld_json(operation)
    return result


def _is(view, mixin) -> bool:
    return isinstance(view, type) and issubclass(view, mixin)


def _as_ld_json(operation: dict) -> None:
    """Successful answers are `application/ld+json`, with the schema drf-spectacular found."""
    for code, response in operation["responses"].items():
        content = response.get("content") or {}
        if code.startswith("2") and "application/json" in content:
            response["content"] = {"application/ld+json": content["application/json"]}
