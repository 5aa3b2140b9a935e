"""More bad input: oversized bodies and fields, Unicode tricks, injection strings.

Each gets a JSON 4xx that names the problem (or is stored safely, as written), never a 500,
never a partial write.
"""

import json
import unicodedata

import pytest
from django.test import override_settings

from claims.models import Claim, Speaker
from sources.models import Outlet, Source
from tests.factories import SpeakerFactory

from .helpers import API, assert_error, make_claim

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "'; DROP TABLE claims_claim; --",
    "1' OR '1'='1",
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "${jndi:ldap://127.0.0.1/a}",
    "{{ 7*7 }}",
]


def counts() -> tuple[int, int, int, int]:
    return (Claim.objects.count(), Speaker.objects.count(), Source.objects.count(),
            Outlet.objects.count())  # fmt: skip


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_body_over_the_size_limit_is_a_413_naming_the_limit(editor_api):
    speaker = SpeakerFactory()
    before = counts()
    body = json.dumps({"text": "x" * 20_000, "speaker_id": speaker.pk})
    response = editor_api.post(f"{API}/claims/", body, content_type="application/json")
    error = assert_error(response, 413)
    assert "10000" in error["detail"].replace(",", "")
    assert counts() == before


@pytest.mark.parametrize(
    ("path", "field", "limit"),
    [("speakers/", "name", 300), ("outlets/", "name", 200), ("sources/", "title", 1000)],
)
def test_an_over_long_field_is_a_400_naming_it(editor_api, path, field, limit):
    model_field = {"speakers/": Speaker, "outlets/": Outlet, "sources/": Source}[path]._meta
    max_length = model_field.get_field(field).max_length
    data = {"name": "n", "slug": "long-one", "kind": "person" if path == "speakers/" else None}
    data = {k: v for k, v in data.items() if v is not None}
    data[field] = "x" * (max_length + 1)
    before = counts()
    assert_error(editor_api.post(f"{API}/{path}", data, format="json"), 400, field)
    assert counts() == before


def test_a_claim_text_beyond_the_cap_is_a_400(editor_api):
    speaker = SpeakerFactory()
    response = editor_api.post(
        f"{API}/claims/", {"text": "x" * 200_000, "speaker_id": speaker.pk}, format="json"
    )
    assert response.status_code in (400, 413), response.status_code
    assert not Claim.objects.exists()


COMPOSED = unicodedata.normalize("NFC", "Zoë Çelik Ağıt")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_decomposed_and_composed_outlet_names_are_one_outlet(editor_api):
    assert COMPOSED != DECOMPOSED
    data = {"name": COMPOSED, "slug": "zoe", "kind": "newspaper"}
    assert editor_api.post(f"{API}/outlets/", data, format="json").status_code == 201
    again = {**data, "name": DECOMPOSED, "slug": "zoe-2"}
    assert_error(editor_api.post(f"{API}/outlets/", again, format="json"), 400, "name")
    assert Outlet.objects.get().name == COMPOSED


def test_a_decomposed_speaker_name_is_stored_composed_and_found_by_either(editor_api):
    """Two people may share a name, so speakers are not unique by name; the spelling is."""
    response = editor_api.post(
        f"{API}/speakers/", {"name": DECOMPOSED, "kind": "person"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == COMPOSED
    assert Speaker.objects.by_name(COMPOSED).count() == 1
    assert Speaker.objects.by_name(DECOMPOSED).count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "Ada\u202eecnaL",  # right-to-left override
        "Ada\u200bLovelace",  # zero-width space
        "Ada Lovelace\ufeff",  # byte-order mark
        "Ada\u2066 Lovelace\u2069",  # isolates
    ],
)
def test_direction_overrides_and_zero_width_characters_in_a_name_are_a_400(editor_api, name):
    SpeakerFactory(name="Ada Lovelace")
    response = editor_api.post(f"{API}/speakers/", {"name": name, "kind": "person"}, format="json")
    body = assert_error(response, 400, "name")
    assert "U+" in body["name"][0]  # names the character
    assert Speaker.objects.count() == 1


def test_joiners_that_scripts_need_are_allowed_in_names(editor_api):
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a word
    response = editor_api.post(
        f"{API}/speakers/", {"name": persian, "kind": "person"}, format="json"
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_are_stored_as_written_and_escaped_when_shown(editor_api, client, text):
    speaker = SpeakerFactory()
    response = editor_api.post(
        f"{API}/claims/", {"text": text, "speaker_id": speaker.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.text == text
    assert editor_api.get(f"{API}/claims/{claim.pk}/").json()["text"] == text
    assert Claim.objects.count() == 1  # nothing dropped, nothing else touched


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_in_search_and_filters_are_harmless(anon, client, text):
    make_claim(text="An ordinary published statement.")
    for url in (
        f"{API}/claims/?q={text}",
        f"{API}/search/?q={text}",
        f"{API}/claims/?speaker={text}",
        f"{API}/sources/?q={text}",
    ):
        response = anon.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        assert response["Content-Type"].startswith("application/json")
    page = client.get("/", {"q": text})
    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()
    assert Claim.objects.count() == 1


def test_a_database_outage_is_a_503_to_retry(anon, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    # Every statement fails, as when the database has gone away.
    monkeypatch.setattr(CursorWrapper, "execute", unreachable)
    response = anon.get(f"{API}/claims/")
    body = assert_error(response, 503)
    assert "retry" in body["detail"] and response["Retry-After"] == "2"


@pytest.mark.parametrize("value", ["³", "²", "١٢"])
def test_a_country_code_of_non_ascii_digits_is_a_400(editor_api, value):
    """Found by the fuzzer: django-countries read "³" as a number and failed with a 500."""
    response = editor_api.post(
        f"{API}/speakers/", {"name": "X", "kind": "person", "country": value}, format="json"
    )
    assert_error(response, 400, "country")
