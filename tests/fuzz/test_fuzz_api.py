"""Fuzzing: schemathesis runs every operation of the OpenAPI schema, in-process, as an
anonymous caller and as an editor. No server error, and no response outside the schema
(status code, content type, body).

Examples per operation: FUZZ_EXAMPLES, else 100 in CI (CI=true) and 10 on a developer's
machine. The seed is fixed (Hypothesis derandomizes) and no example database is written.
FUZZ_COVERAGE=1 adds schemathesis's coverage phase (boundary and invalid values for every
parameter: hundreds more requests for the larger bodies).
"""

import os

import pytest
import schemathesis
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from sources.versioning import version_tag

from .conftest import MODELS

pytestmark = pytest.mark.django_db

IN_CI = os.environ.get("CI", "").lower() == "true"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or (100 if IN_CI else 10))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
WRITES = {"PUT", "PATCH", "DELETE", "POST"}

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
schema.config.phases.update(
    phases=["examples", "fuzzing", "coverage"]
    if os.environ.get("FUZZ_COVERAGE") == "1"
    else ["examples", "fuzzing"]
)
# Anonymous means no credentials at all: no made-up token or session cookie.
schema.config.generation.update(with_security_parameters=False)

fuzz_settings = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples on every run
    database=None,  # no .hypothesis/ folder
    deadline=None,
    print_blob=False,
    suppress_health_check=list(HealthCheck),
)

EXISTING: dict[str, list[int]] = {}  # kind -> ids of the demo objects, set by the tests


def _kind(path: str) -> str:
    return path.strip("/").split("/")[2]  # /api/v1/<kind>/...


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Two examples in three name an object that exists (the demo data), the rest any id."""
    ids = EXISTING.get(_kind(context.operation.path))
    if not path_parameters or not ids:
        return st.just(path_parameters)
    name = next(iter(path_parameters))
    existing = st.sampled_from(ids).map(lambda pk: {**path_parameters, name: pk})
    return st.one_of(existing, existing, st.just(path_parameters))


def _current_etag(case) -> str | None:
    """The ETag a read of the object would give (`"v<version>"`), None if there is none."""
    model = MODELS.get(_kind(case.operation.path))
    pk = next(iter(case.path_parameters.values()), None)
    if model is None or not isinstance(pk, int) or not hasattr(model, "version"):
        return None
    version = model.objects.filter(pk=pk).values_list("version", flat=True).first()
    return None if version is None else version_tag(version)


def _call(case, headers: dict) -> None:
    cache.clear()  # throttling counts in the cache: judge each example on its own
    with transaction.atomic():  # undone after each example: every example sees the demo data
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def existing_ids(fuzz_data):
    EXISTING.clear()
    EXISTING.update(fuzz_data["ids"])


@schema.parametrize()
@fuzz_settings
def test_anonymous(case, existing_ids):
    _call(case, {})


@schema.parametrize()
@fuzz_settings
def test_editor(case, fuzz_data, existing_ids):
    headers = {"Authorization": f"Token {fuzz_data['editor_token']}"}
    writes_one = case.method.upper() in WRITES and case.path_parameters
    if writes_one and "If-Match" not in (case.headers or {}):
        # Like a well-made client: write with the ETag of the object as last read. (When the
        # example has an If-Match of its own, it is sent as it is: 412 or 428.)
        etag = _current_etag(case)
        if etag:
            headers["If-Match"] = etag
    _call(case, headers)
