"""Bad input: always a JSON error that names the field at fault, never a 500."""

import base64

import pytest
from django.db import connection

from claims.models import Claim, Evidence, Speaker, Status, Topic
from sources.models import Source
from tests.factories import SourceFactory, SpeakerFactory

from .helpers import API, assert_error, assert_json, make_claim, snapshot

pytestmark = pytest.mark.django_db

SQLITE = connection.vendor == "sqlite"
POSTGRES = connection.vendor == "postgresql"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- NUL bytes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "claims/?q=a%00b",
        "claims/?speaker=%00",
        "claims/?cursor=%00",
        "claims/?%00=1",
        "sources/?url=https://a.example/%00",
        "speakers/?name=a%00",
        "claims/%00/",
        "claimreview/?page_size=1%00",
    ],
)
def test_a_nul_byte_in_the_url(anon, url):
    assert_error(anon.get(f"{API}/{url}"), 400)


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("claims/", {"text": "a\x00b", "speaker_id": "{speaker}"}, "text"),
        ("sources/", {"title": "a\x00b"}, "title"),
        ("sources/", {"title": "A report", "byline": "\x00"}, "byline"),
        ("speakers/", {"name": "Ana\x00"}, "name"),
        ("speakers/", {"name": "Ana", "role": "x\x00"}, "role"),
        ("topics/", {"name": "Energy\x00", "slug": "energy"}, "name"),
        ("evidence/", {"claim_id": "{draft}", "source_id": "{source}", "excerpt": "\x00"},
         "excerpt"),
    ],
)  # fmt: skip
def test_a_nul_byte_in_a_new_object(editor_api, path, data, field):
    refs = {
        "{speaker}": SpeakerFactory().pk,
        "{draft}": make_claim(Status.DRAFT, appears_in=False).pk,
        "{source}": SourceFactory().pk,
    }
    data = {key: refs.get(value, value) for key, value in data.items()}
    model = {"claims": Claim, "sources": Source, "speakers": Speaker, "topics": Topic,
             "evidence": Evidence}[path.strip("/")]  # fmt: skip
    before = model.objects.count()
    assert_error(editor_api.post(f"{API}/{path}", data, format="json"), 400, field)
    assert model.objects.count() == before


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("", {"text": "a\x00b"}, "text"),
        ("", {"verdict": {"rating": "true", "explanation": "a\x00b"}}, "verdict_explanation"),
        ("", {"credibility_override": 2, "credibility_override_reason": "\x00"},
         "credibility_override_reason"),
        ("retract/", {"reason": "Misquoted\x00"}, "reason"),
    ],
)  # fmt: skip
def test_a_nul_byte_in_a_change(editor_api, action, data, field):
    claim = make_claim()
    before = snapshot(claim)
    method = editor_api.post if action else editor_api.patch
    assert_error(method(f"{API}/claims/{claim.pk}/{action}", data, format="json"), 400, field)
    assert snapshot(claim) == before


def test_a_nul_byte_in_a_form_body(editor_api):
    claim = make_claim(Status.DRAFT)
    response = editor_api.patch(
        f"{API}/claims/{claim.pk}/", "text=a%00b", content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, 400, "text")
    assert Claim.objects.get(pk=claim.pk).text == claim.text


# --- Huge numbers ----------------------------------------------------------------------------

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"claims/?speaker={HUGE}", "speaker"),
        (f"claims/?outlet={HUGE}", "outlet"),
        ("claims/?credibility=1e300", "credibility"),
        ("claims/?credibility_min=1e300", "credibility_min"),
        ("claims/?credibility_max=-1e300", "credibility_max"),
        ("claims/?credibility=0", "credibility"),
        ("claims/?speaker=1.5", "speaker"),
        ("claims/?speaker=-1", "speaker"),
        (f"sources/?outlet={HUGE}", "outlet"),
        ("outlets/?reliability=Z", "reliability"),
        (f"evidence/?claim={HUGE}", "claim"),
        (f"evidence/?source={HUGE}", "source"),
    ],
)
def test_a_huge_or_wrong_number_in_a_filter(editor_api, url, field):
    make_claim()
    assert_error(editor_api.get(f"{API}/{url}"), 400, field)


@pytest.mark.parametrize("value", [pytest.param(HUGE), pytest.param("1e40")])
def test_a_huge_source_filter(anon, value):
    make_claim()
    response = anon.get(f"{API}/claims/", {"source": value})
    if response.status_code == 400:
        assert_error(response, 400, "source")
    else:
        assert response.status_code == 200, response.status_code
        assert response.json()["results"] == []


def test_a_fractional_source_filter_matches_nothing(anon):
    source = SourceFactory()
    claim = make_claim()
    claim.evidence.create(source=source, relation="corroborates")
    response = anon.get(f"{API}/claims/", {"source": f"{source.pk}.5"})
    if response.status_code == 400:
        assert_error(response, 400, "source")
    else:
        assert response.status_code == 200
        assert response.json()["results"] == []


@pytest.mark.parametrize(
    "path",
    [
        f"claims/{HUGE}/",
        f"claims/{HUGE}/provenance/",
        f"claims/{HUGE}/claimreview/",
        "claims/1e400/",
        "claims/abc/",
        f"sources/{HUGE}/",
        f"speakers/{HUGE}/claims/",
        f"sources/{HUGE}/claims/",
        f"outlets/{HUGE}/claims/",
    ],
)
def test_a_huge_number_in_the_path(anon, path):
    assert_error(anon.get(f"{API}/{path}"), 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"text": "a", "speaker_id": {huge}}', "speaker_id"),
        ('{"text": "a", "speaker_id": -1}', "speaker_id"),
        ('{"text": "a", "speaker_id": true}', "speaker_id"),
        ('{"text": "a", "speaker_id": {speaker}, "credibility_override": 1e300}',
         "credibility_override"),
        ('{"text": "a", "speaker_id": {speaker}, "topic_ids": [{huge}]}', "topic_ids"),
        pytest.param('{"text": "a", "speaker_id": 1e400}', "speaker_id"),
        pytest.param('{"text": "a", "speaker_id": {speaker}, "topic_ids": [1e400]}',
                     "topic_ids"),
        pytest.param('{"text": "a", "speaker_id": {speaker}, "outlet_id": -1e400}', "outlet_id"),
    ],
)  # fmt: skip
def test_a_huge_number_in_a_new_claim(editor_api, body, field):
    body = body.replace("{speaker}", str(SpeakerFactory().pk)).replace("{huge}", HUGE)
    response = editor_api.post(f"{API}/claims/", body, content_type="application/json")
    assert_error(response, 400, field)
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        pytest.param("sources/", '{"title": "a", "outlet_id": 1e400}', "outlet_id"),
        pytest.param("evidence/", '{"claim_id": 1e400, "source_id": {source}}', "claim_id"),
        pytest.param("evidence/", '{"claim_id": {draft}, "source_id": 1e400}', "source_id"),
        ("evidence/", '{"claim_id": {draft}, "source_id": {huge}}', "source_id"),
        ("sources/", '{"title": 1e999}', "title"),
        ("speakers/", '{"name": -1e400}', "name"),
        ("speakers/", '{"name": 42}', "name"),
        ("topics/", '{"name": "Economy", "slug": 7}', "slug"),
        ("outlets/", '{"name": ["Wire"]}', "name"),
    ],
)  # fmt: skip
def test_a_huge_number_in_other_objects(editor_api, path, body, field):
    body = body.replace("{source}", str(SourceFactory().pk)).replace("{huge}", HUGE)
    body = body.replace("{draft}", str(make_claim(Status.DRAFT, appears_in=False).pk))
    assert_error(
        editor_api.post(f"{API}/{path}", body, content_type="application/json"), 400, field
    )


# --- Dates, cursors, page sizes, unknown values ----------------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("claims/?stated_after=2024-13-45", "stated_after"),
        ("claims/?stated_before=yesterday", "stated_before"),
        ("claims/?stated_after=99999-01-01", "stated_after"),
        ("claims/?updated_since=not-a-time", "updated_since"),
        ("claims/?updated_since=2024-01-01T25:00:00Z", "updated_since"),
        ("claims/?updated_since=2024-01-01T00:00:00%2B25:00", "updated_since"),
        ("sources/?published_after=2024-02-30T00:00:00Z", "published_after"),
        ("sources/?published_before=2024", "published_before"),
        ("claims/?has_conflicts=maybe", "has_conflicts"),
        ("claims/?verified=2", "verified"),
        ("claims/?verified=verified", "verified"),
    ],
)
def test_a_malformed_date_or_yes_no(anon, url, field):
    assert_error(anon.get(f"{API}/{url}"), 400, field)


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        pytest.param("claims/", "updated_since", "0001-01-01T00:00:00+05:00"),
        pytest.param("claims/", "updated_since", "9999-12-31T23:59:59-05:00"),
        pytest.param("sources/", "published_after", "0001-01-01T00:00:00+05:00"),
        pytest.param("sources/", "published_before", "9999-12-31T23:59:59-05:00"),
        pytest.param("claims/", "updated_since", "2024-01-01T00:00:00+20:00"),
        pytest.param("sources/", "published_after", "2024-01-01T00:00:00-23:59"),
        ("claims/", "stated_after", "0001-01-01"),
        ("claims/", "stated_before", "9999-12-31"),
    ],
)  # fmt: skip
def test_a_date_at_the_ends_of_the_calendar(anon, path, field, value):
    make_claim()
    response = anon.get(f"{API}/{path}", {field: value})
    if response.status_code == 400:
        assert_error(response, 400, field)
    else:
        assert response.status_code == 200, (response.status_code, response.content[:200])
        assert_json(response)


@pytest.mark.parametrize(
    ("params"),
    [
        pytest.param({"cursor": "garbage"}, id="not-base64"),
        pytest.param({"cursor": b64("o=-5&r=x")}, id="bad-offset"),
        pytest.param(
            {"cursor": b64("o=0&p=not-a-time")},
            id="bad-time-position",
        ),
        pytest.param(
            {"cursor": b64("o=0&p=abc"), "ordering": "credibility"},
            id="bad-number-position",
        ),
    ],
)
def test_a_broken_cursor(anon, params):
    make_claim()
    assert_error(anon.get(f"{API}/claims/", params), 400, "cursor")


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "", "1e3"])
@pytest.mark.parametrize("path", ["claims/", "sources/", "claimreview/", "speakers/1/claims/"])
def test_a_bad_page_size(anon, path, value):
    SpeakerFactory(id=1)
    assert_error(anon.get(f"{API}/{path}", {"page_size": value}), 400, "page_size")


@pytest.mark.parametrize("value", [HUGE, "1000000", "201"])
def test_a_page_size_beyond_the_cap_is_capped(anon, value):
    make_claim()
    assert anon.get(f"{API}/claims/", {"page_size": value}).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"verdict": "pants_on_fire"}, "verdict"),
        ({"quote_kind": "rumour"}, "quote_kind"),
        ({"speaker": "abc"}, "speaker"),
    ],
)
def test_an_unknown_filter_value(anon, params, field):
    assert_error(anon.get(f"{API}/claims/", params), 400, field)


@pytest.mark.parametrize(
    "params",
    [
        {"ordering": "text"},
        {"ordering": "-nothing,credibility"},
        {"unknown": "filter"},
        {"topic": "x" * 5000},
        {"q": "x" * 10_000},
        {"language": "é" * 40},
        {"cursor": ""},
    ],
)
def test_values_that_select_nothing_or_are_ignored(anon, params):
    make_claim()
    response = anon.get(f"{API}/claims/", params)
    assert response.status_code == 200
    assert isinstance(assert_json(response)["results"], list)


def test_a_malformed_url_filter(anon):
    response = anon.get(f"{API}/sources/", {"url": "http://[::1"})
    if response.status_code == 400:
        assert_error(response, 400, "url")
    else:
        assert response.status_code == 200 and response.json()["results"] == []


# --- Bodies that are not what they should be ------------------------------------------------


def test_malformed_json(editor_api):
    body = assert_error(
        editor_api.post(f"{API}/claims/", "{bad json", content_type="application/json"), 400
    )
    assert "JSON" in body["detail"]


def test_a_list_instead_of_an_object(editor_api):
    response = editor_api.post(f"{API}/claims/", "[]", content_type="application/json")
    assert_error(response, 400, "non_field_errors")


def test_an_unsupported_content_type(editor_api):
    response = editor_api.post(f"{API}/claims/", "text", content_type="text/plain")
    assert_error(response, 415)


def test_deeply_nested_json(editor_api):
    body = "[" * 100_000 + "]" * 100_000
    assert_error(editor_api.post(f"{API}/claims/", body, content_type="application/json"), 400)


@pytest.mark.parametrize("body", ['{"text": 1e400}', '{"text": 12}', '{"text": true}'])
def test_a_number_is_no_claim_text(editor_api, body):
    claim = make_claim(Status.DRAFT)
    response = editor_api.patch(f"{API}/claims/{claim.pk}/", body, content_type="application/json")
    assert_error(response, 400, "text")
    assert Claim.objects.get(pk=claim.pk).text == claim.text
