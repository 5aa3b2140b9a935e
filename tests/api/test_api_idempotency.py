"""A create retried with the same Idempotency-Key creates one object."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import Claim, Speaker, Topic
from config.api.models import IdempotencyKey
from sources.models import Outlet
from tests.factories import SpeakerFactory

from .helpers import API, api_client, assert_error

pytestmark = pytest.mark.django_db


def create_claim(client, key: str | None, text: str = "A retried statement."):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    speaker = Speaker.objects.first() or SpeakerFactory()
    return client.post(
        f"{API}/claims/", {"text": text, "speaker_id": speaker.pk}, format="json", **headers
    )


def test_a_retry_gets_the_first_answer_and_creates_nothing(editor_api):
    first = create_claim(editor_api, "3f1c2a")
    retry = create_claim(editor_api, "3f1c2a")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert retry["ETag"] == first["ETag"] and retry["Location"] == first["Location"]
    assert Claim.objects.count() == 1


def test_a_key_stored_without_its_tag_replays_with_the_key_sorted_digest(editor_api):
    """Answers stored before they kept their ETag were first tagged with the key-sorted
    digest of their data; their replay gets that tag again."""
    from config.api.concurrency import representation_etag
    from config.api.models import IdempotencyKey

    first = create_claim(editor_api, "5e2b1d")
    IdempotencyKey.objects.filter(key="5e2b1d").update(headers={"Location": first["Location"]})
    retry = create_claim(editor_api, "5e2b1d")
    assert retry.status_code == 201 and retry["Idempotent-Replayed"] == "true"
    assert retry["ETag"] == representation_etag(first.json())
    assert Claim.objects.count() == 1


def test_without_a_key_each_post_creates(editor_api):
    create_claim(editor_api, None)
    create_claim(editor_api, None)
    assert Claim.objects.count() == 2


def test_a_key_belongs_to_its_user(editor_api, editor):
    from tests.factories import EditorFactory

    other = api_client(EditorFactory(username="another-editor"))
    create_claim(editor_api, "shared-key")
    assert create_claim(other, "shared-key").status_code == 201
    assert Claim.objects.count() == 2


def test_the_same_key_for_another_request_is_422(editor_api):
    create_claim(editor_api, "k1", text="First.")
    assert_error(create_claim(editor_api, "k1", text="Something else."), 422, "Idempotency-Key")
    assert Claim.objects.count() == 1


def test_a_failed_request_frees_its_key(editor_api):
    response = editor_api.post(
        f"{API}/claims/", {"text": ""}, format="json", HTTP_IDEMPOTENCY_KEY="k2"
    )
    assert response.status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert create_claim(editor_api, "k2").status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "ключ", "a\tb"])
def test_a_malformed_key_is_400(editor_api, key):
    assert_error(create_claim(editor_api, key), 400, "Idempotency-Key")
    assert not Claim.objects.exists()


def test_a_retry_while_the_first_still_runs_is_409(editor_api, editor):
    speaker = SpeakerFactory()
    data = {"text": "In flight.", "speaker_id": speaker.pk}
    # The first request has claimed the key and not finished: its row has no response yet.
    from config.api.idempotency import _fingerprint

    class Pending:
        method, path = "POST", f"{API}/claims/"

    Pending.data = data

    IdempotencyKey.objects.create(
        user=editor, key="k3", method="POST", path=f"{API}/claims/",
        fingerprint=_fingerprint(Pending),
    )  # fmt: skip
    response = editor_api.post(f"{API}/claims/", data, format="json", HTTP_IDEMPOTENCY_KEY="k3")
    assert_error(response, 409, "Idempotency-Key")
    assert not Claim.objects.exists()


def test_an_expired_key_may_be_used_again(editor_api):
    create_claim(editor_api, "k4")
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    assert create_claim(editor_api, "k4").status_code == 201
    assert Claim.objects.count() == 2


@pytest.mark.parametrize(
    ("collection", "data"),
    [
        ("outlets", {"name": "Retried Outlet", "slug": "retried-outlet", "kind": "newspaper"}),
        ("speakers", {"name": "Retried Speaker", "kind": "person"}),
        ("topics", {"name": "Retried topic", "slug": "retried-topic"}),
    ],
)
def test_every_create_endpoint_honours_the_key(editor_api, collection, data):
    model = {"outlets": Outlet, "speakers": Speaker, "topics": Topic}[collection]
    for _ in range(3):
        response = editor_api.post(
            f"{API}/{collection}/", data, format="json", HTTP_IDEMPOTENCY_KEY="same"
        )
        assert response.status_code == 201, response.json()
    assert model.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent requests")
def test_two_concurrent_retries_create_one_claim(editor):
    speaker = SpeakerFactory()
    barrier = threading.Barrier(2)
    codes: list[int] = []

    client = api_client(editor)  # one token; each thread makes its own requests with it

    def post() -> None:
        barrier.wait(timeout=10)
        response = client.post(
            f"{API}/claims/",
            {"text": "Twice at once.", "speaker_id": speaker.pk},
            format="json",
            HTTP_IDEMPOTENCY_KEY="race",
        )
        codes.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Claim.objects.count() == 1
    assert sorted(codes) in ([201, 201], [201, 409])
