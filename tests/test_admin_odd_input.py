"""Odd input in the admin forms: a form error or a correct save, never a 500 or a partial write."""

import unicodedata

import pytest

from claims.models import Claim, Evidence, Speaker, SpeakerAlias, Topic
from sources.models import Outlet, Source
from tests import factories as f
from tests.test_admin_pages import FACTORIES, admin_url, form_data, form_errors

NUL = "Talks\x00resume"
LONG = "A" * 10_000
# A decomposed é (e + combining acute), a flag, a dove with variation selector, a ZWJ sequence.
EMOJI = (
    "Cafe\u0301 talks \U0001f1fa\U0001f1e6 \U0001f54a\ufe0f \U0001f469\U0001f3fd\u200d\u2695\ufe0f"
)
# Alef + combining madda: NFC composes it to U+0622.
ARABIC = "وزارة الخارجية \u0627\u0653"
HEBREW = "משרד החוץ הישראלי"
RLO = "Report \u202etxt.exe\u202c on talks"
ZERO_WIDTH = "Zelen\u200bsky\u200c said\u200d \u2060so\ufeff"
ODD_BUT_VALID = {
    "emoji": EMOJI,
    "arabic": ARABIC,
    "hebrew": HEBREW,
    "rlo": RLO,
    "zero-width": ZERO_WIDTH,
}


def _claim_extra():
    return {"speaker": str(f.SpeakerFactory().pk)}


def _slugged():
    return {"slug": f"slug-{Outlet.objects.count()}-{Topic.objects.count()}"}


# model -> (its text field, its max length or None, extra POST data for a valid add form)
MODELS = {
    Claim: ("text", None, _claim_extra),
    Speaker: ("name", 200, dict),
    Outlet: ("name", 200, _slugged),
    Source: ("title", 500, dict),
    Topic: ("name", 120, _slugged),
}
MODEL_IDS = [m._meta.model_name for m in MODELS]


def post_add(client, model, value: str, **extra):
    field, _max, make_extra = MODELS[model]
    url = admin_url(model, "add")
    data = form_data(client, url, **{field: value, **make_extra(), **extra})
    return client.post(url, data)


def assert_form_error(response, field: str) -> None:
    assert response.status_code == 200
    assert field in form_errors(response), form_errors(response)


@pytest.fixture
def client_no_raise(editor_client):
    """Server errors come back as a 500 response, so a test can assert on them."""
    editor_client.raise_request_exception = False
    return editor_client


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_nul_byte_is_a_form_error(client_no_raise, model):
    field = MODELS[model][0]
    before = model.objects.count()
    response = post_add(client_no_raise, model, NUL)
    assert_form_error(response, field)
    assert model.objects.count() == before


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_ten_thousand_characters_is_a_form_error_or_saved_whole(client_no_raise, model):
    field, max_length, _extra = MODELS[model]
    before = model.objects.count()
    response = post_add(client_no_raise, model, LONG)
    if max_length is None:  # a claim's text has no limit: kept whole
        assert response.status_code == 302
        assert model.objects.count() == before + 1
        assert getattr(model.objects.latest("pk"), field) == LONG
    else:
        assert_form_error(response, field)
        assert f"at most {max_length} characters" in str(form_errors(response)[field])
        assert model.objects.count() == before


@pytest.mark.parametrize("kind", ODD_BUT_VALID)
@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_emoji_rtl_and_invisible_characters_save_as_nfc_except_hidden_ones_in_names(
    client_no_raise, model, kind
):
    field = MODELS[model][0]
    value = ODD_BUT_VALID[kind]
    before = model.objects.count()
    response = post_add(client_no_raise, model, value)
    if field == "name" and kind in ("rlo", "zero-width"):
        # Names refuse direction overrides and zero-width spaces (they disguise a name);
        # statements and titles keep them as written.
        assert_form_error(response, field)
        assert "U+" in str(form_errors(response)[field])
        assert model.objects.count() == before
        return
    assert response.status_code == 302, form_errors(response) if response.context else response
    assert model.objects.count() == before + 1
    stored = getattr(model.objects.latest("pk"), field)
    assert stored == unicodedata.normalize("NFC", value)
    assert unicodedata.is_normalized("NFC", stored)
    if kind in ("emoji", "arabic"):
        assert stored != value  # the decomposed input really was composed


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_change_form_with_nul_or_overlong_value_changes_nothing(client_no_raise, model):
    field, max_length, _extra = MODELS[model]
    obj = FACTORIES[model]()
    original = getattr(obj, field)
    url = admin_url(model, "change", obj.pk)
    bad_values = [NUL] if max_length is None else [NUL, "x" * (max_length + 1)]
    for bad in bad_values:
        response = client_no_raise.post(url, form_data(client_no_raise, url, **{field: bad}))
        assert_form_error(response, field)
        obj.refresh_from_db()
        assert getattr(obj, field) == original
        if hasattr(obj, "history"):
            assert obj.history.count() == 1  # the factory's save only


@pytest.mark.parametrize("model", [Speaker, Outlet, Topic], ids=["speaker", "outlet", "topic"])
def test_a_name_of_only_zero_width_characters_is_a_form_error(client_no_raise, model):
    before = model.objects.count()
    response = post_add(client_no_raise, model, "\u200b\u200c\u2060\ufeff")
    assert_form_error(response, MODELS[model][0])
    assert model.objects.count() == before


# U+FDFA is one character that NFKC (used for the matching key) expands to 18.
COMPAT = "\ufdfa" * 150


def assert_form_error_or_saved_whole(response, model, before: int, field: str, value: str):
    """The two acceptable outcomes; a saved row must also fit its declared columns."""
    if response.status_code == 200:
        assert field in form_errors(response)
        assert model.objects.count() == before
        return
    assert response.status_code == 302
    assert model.objects.count() == before + 1
    obj = model.objects.latest("pk")
    assert getattr(obj, field) == unicodedata.normalize("NFC", value)
    assert len(obj.match_key) <= model._meta.get_field("match_key").max_length


@pytest.mark.parametrize("model", [Speaker, Outlet], ids=["speaker", "outlet"])
def test_a_name_whose_matching_key_expands_is_a_form_error_or_saved(client_no_raise, model):
    before = model.objects.count()
    response = post_add(client_no_raise, model, COMPAT)
    assert_form_error_or_saved_whole(response, model, before, "name", COMPAT)


def test_an_alias_whose_matching_key_expands_is_a_form_error_or_saved(client_no_raise):
    speakers, aliases = Speaker.objects.count(), SpeakerAlias.objects.count()
    response = post_add(client_no_raise, Speaker, "Speaker", **{"aliases-0-name": COMPAT})
    if response.status_code == 200:
        assert "aliases-0-name" in form_errors(response)
        assert (Speaker.objects.count(), SpeakerAlias.objects.count()) == (speakers, aliases)
    else:
        assert response.status_code == 302
        assert_form_error_or_saved_whole(response, SpeakerAlias, aliases, "name", COMPAT)


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_changelist_search_with_odd_input_is_not_a_server_error(client_no_raise, model):
    FACTORIES[model]()
    for term in (NUL, LONG, EMOJI, ARABIC, RLO, ZERO_WIDTH):
        response = client_no_raise.get(admin_url(model, "changelist"), {"q": term})
        # A NUL byte anywhere in a URL is refused up front with a 400; the rest is searched.
        expected = 400 if "\x00" in term else 200
        assert response.status_code == expected, repr(term[:20])


def test_autocomplete_with_a_nul_byte_is_not_a_server_error(client_no_raise):
    f.SpeakerFactory(name="Dmitry Peskov")
    params = {"app_label": "claims", "model_name": "claim", "field_name": "speaker"}
    response = client_no_raise.get("/admin/autocomplete/", {"term": "Pes\x00kov", **params})
    assert response.status_code == 400
    ok = client_no_raise.get("/admin/autocomplete/", {"term": "Peskov", **params})
    assert [r["text"] for r in ok.json()["results"]] == ["Dmitry Peskov (minister)"]


def test_inline_error_leaves_no_half_written_claim(client_no_raise):
    source = f.SourceFactory()
    claims, evidence = Claim.objects.count(), Evidence.objects.count()
    response = post_add(
        client_no_raise,
        Claim,
        "A valid statement.",
        **{"evidence-0-source": str(source.pk), "evidence-0-excerpt": "bad\x00excerpt"},
    )
    assert_form_error(response, "evidence-0-excerpt")
    assert (Claim.objects.count(), Evidence.objects.count()) == (claims, evidence)


def test_alias_inline_error_leaves_no_half_written_speaker(client_no_raise):
    speakers, aliases = Speaker.objects.count(), SpeakerAlias.objects.count()
    response = post_add(client_no_raise, Speaker, "Volodymyr Zelensky", **{"aliases-0-name": LONG})
    assert_form_error(response, "aliases-0-name")
    assert (Speaker.objects.count(), SpeakerAlias.objects.count()) == (speakers, aliases)


def test_two_aliases_differing_only_by_case_in_one_form_are_a_form_error(client_no_raise):
    speakers, aliases = Speaker.objects.count(), SpeakerAlias.objects.count()
    url = admin_url(Speaker, "add")
    data = form_data(client_no_raise, url, name="Volodymyr Zelensky")
    data.update(
        {
            "aliases-TOTAL_FORMS": "2",
            "aliases-0-name": "Zelenskyy",
            "aliases-1-name": "ZELENSKYY ",
        }
    )
    response = client_no_raise.post(url, data)
    assert response.status_code == 200
    assert form_errors(response)
    assert (Speaker.objects.count(), SpeakerAlias.objects.count()) == (speakers, aliases)


@pytest.mark.parametrize(
    "duplicate",
    [
        "the kyiv independent",
        "  The   Kyiv  Independent ",
        "THE KYIV INDEPENDENT",
        "\uff34\uff48\uff45 \uff2b\uff59\uff49\uff56 Independent",  # full-width letters
    ],
)
def test_duplicate_outlet_name_differing_by_case_or_spacing_is_a_form_error(
    client_no_raise, duplicate
):
    f.OutletFactory(name="The Kyiv Independent", slug="kyiv-independent")
    before = Outlet.objects.count()
    response = post_add(client_no_raise, Outlet, duplicate, slug="another-slug")
    assert_form_error(response, "name")
    assert "already exists" in str(form_errors(response)["name"])
    assert Outlet.objects.count() == before


def test_duplicate_topic_name_in_another_unicode_form_is_a_form_error(client_no_raise):
    f.TopicFactory(name="Café diplomacy", slug="cafe-diplomacy")
    before = Topic.objects.count()
    response = post_add(client_no_raise, Topic, "Cafe\u0301 diplomacy", slug="cafe-2")
    assert_form_error(response, "name")
    assert Topic.objects.count() == before


@pytest.mark.parametrize(
    "duplicate",
    [
        "https://news.example/talks?id=7&utm_source=telegram&utm_medium=social",
        "https://news.example/talks?id=7#latest",
        "https://NEWS.Example/talks?id=7",
        "HTTPS://News.EXAMPLE:443/talks?utm_campaign=x&id=7#top",
    ],
)
def test_duplicate_source_url_after_normalization_is_a_form_error(client_no_raise, duplicate):
    f.SourceFactory(url="https://news.example/talks?id=7")
    before = Source.objects.count()
    response = post_add(client_no_raise, Source, "A re-report", url=duplicate)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "A source with this URL already exists." in str(errors.get("url") or errors["__all__"])
    assert Source.objects.count() == before


def test_source_url_with_other_query_is_not_a_duplicate(client_no_raise):
    f.SourceFactory(url="https://news.example/talks?id=7")
    response = post_add(
        client_no_raise, Source, "Another report", url="https://news.example/talks?id=8"
    )
    assert response.status_code == 302
    assert Source.objects.filter(url="https://news.example/talks?id=8").exists()
