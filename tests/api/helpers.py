"""Helpers for the API tests: claims in each status, token clients, error and paging checks."""

import re

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim, Evidence, Status
from tests.factories import ClaimFactory, ClaimLinkFactory, EvidenceFactory

API = "/api/v1"
STATUSES = [Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.RETRACTED]
RETRACTION_REASON = "The quote was misattributed."


def bug(reason: str, condition: bool = True):
    """Mark a test that shows a product bug: it must fail until the bug is fixed."""
    return pytest.mark.xfail(condition, strict=True, reason=f"BUG: {reason}")


_OBJECT_URL = re.compile(r"^(/api/v1/[a-z]+/\d+/)")


class ReadBeforeWriteClient(APIClient):
    """A client that behaves like a well-made one: before a write to an existing object it
    reads the object and sends its ETag as If-Match (unless the test sets If-Match itself, or
    passes HTTP_IF_MATCH=None to send none). Tests of the 428/412 answers opt out."""

    def generic(self, method, path, *args, **extra):
        if method in ("PUT", "PATCH", "DELETE", "POST") and "HTTP_IF_MATCH" not in extra:
            match = _OBJECT_URL.match(str(path))
            if match:
                etag = super().generic("GET", match.group(1)).headers.get("ETag")
                if etag:
                    extra["HTTP_IF_MATCH"] = etag
        if extra.get("HTTP_IF_MATCH", "") is None:
            del extra["HTTP_IF_MATCH"]
        return super().generic(method, path, *args, **extra)


def api_client(user=None) -> APIClient:
    """An API client that returns server errors as responses (so a 500 fails an assertion)
    and reads an object's ETag before writing to it (see ReadBeforeWriteClient)."""
    client = ReadBeforeWriteClient(raise_request_exception=False)
    if user is not None:
        token = Token.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def make_claim(status: str = Status.PUBLISHED, *, appears_in: bool = True, **kwargs) -> Claim:
    """A claim in `status`, consistent with the model's rules, with a source it appears in."""
    now = timezone.now()
    defaults = {}
    if status in (Status.PUBLISHED, Status.RETRACTED):
        defaults["published_at"] = now
    if status == Status.RETRACTED:
        defaults.update(retracted_at=now, retraction_reason=RETRACTION_REASON)
    claim = ClaimFactory(status=status, **{**defaults, **kwargs})
    if appears_in:
        EvidenceFactory(claim=claim, relation=Evidence.Relation.APPEARS_IN)
    return claim


def claim_with_everything() -> Claim:
    """A published claim with a verdict, two kinds of evidence, a link to a published claim and
    a link from a draft (which readers outside the newsroom do not see)."""
    claim = make_claim(Status.PUBLISHED, verdict="true", verdict_explanation="Checked.")
    EvidenceFactory(claim=claim, relation=Evidence.Relation.CORROBORATES)
    ClaimLinkFactory(from_claim=claim, to_claim=make_claim(Status.PUBLISHED))
    ClaimLinkFactory(from_claim=make_claim(Status.DRAFT), to_claim=claim)
    return claim


def set_grade(claim: Claim, grade: int, *, conflict_lines: int = 0, support_lines: int = 1):
    """Give a claim a computed grade directly (the credibility engine is tested elsewhere)."""
    Claim.objects.filter(pk=claim.pk).update(
        credibility=grade,
        credibility_computed=grade,
        conflict_lines=conflict_lines,
        support_lines=support_lines,
    )


def snapshot(claim: Claim) -> tuple:
    """What a refused write must leave unchanged."""
    fresh = Claim.objects.get(pk=claim.pk)
    return (
        fresh.status,
        fresh.text,
        fresh.credibility,
        fresh.credibility_override,
        fresh.verdict,
        fresh.created_by_id,
        fresh.created_at,
        fresh.updated_at,
        fresh.published_at,
        fresh.retraction_reason,
    )


def assert_json(response) -> object:
    assert response["Content-Type"].split(";")[0] in {
        "application/json",
        "application/ld+json",
    }, response["Content-Type"]
    return response.json()


def assert_error(response, status: int, *fields: str) -> dict:
    """The response is a JSON error: each named field has messages, or there is a `detail`."""
    assert response.status_code == status, (response.status_code, response.content[:400])
    body = assert_json(response)
    assert isinstance(body, dict), body
    if fields:
        for field in fields:
            assert body.get(field), (field, body)
    else:
        assert isinstance(body.get("detail"), str) and body["detail"].strip(), body
    return body


def ids(response) -> list[int]:
    assert response.status_code == 200, (response.status_code, response.content[:400])
    return [row["id"] for row in response.json()["results"]]


def all_pages(client, url: str, params: dict | None = None, limit: int = 100) -> list[dict]:
    """Follow `next` to the end and return every row, in order."""
    rows = []
    response = client.get(url, params or {})
    for _ in range(limit):
        assert response.status_code == 200, (response.status_code, response.content[:400])
        page = response.json()
        rows.extend(page["results"])
        if not page["next"]:
            return rows
        response = client.get(page["next"])
    raise AssertionError("`next` never ended")
