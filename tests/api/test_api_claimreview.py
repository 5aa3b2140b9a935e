"""schema.org ClaimReview JSON-LD: one claim's, and the feed of every published verdict."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from claims.models import Claim, Status
from tests.factories import EvidenceFactory, OutletFactory, SourceFactory, SpeakerFactory

from .helpers import API, all_pages, assert_error, assert_json, make_claim

pytestmark = pytest.mark.django_db

RATED = ["true", "mostly_true", "mixed", "mostly_false", "false"]


def reviewed(verdict: str = "false", status: str = Status.PUBLISHED, **kwargs) -> Claim:
    return make_claim(
        status, verdict=verdict, verdict_explanation="What the fact-check found.", **kwargs
    )


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value[:10])
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return False
    return True


def assert_valid_claim_review(review: dict, claim: Claim) -> None:
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert is_absolute(review["url"])
    assert is_iso_date(review["datePublished"])
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"]
    assert is_absolute(review["author"]["url"])
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["alternateName"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == claim.speaker.name
    assert item["author"]["@type"] in ("Person", "Organization")
    for work in item["appearance"]:
        assert work["@type"] == "CreativeWork"
        if "url" in work:
            assert is_absolute(work["url"])
        if "datePublished" in work:
            assert is_iso_date(work["datePublished"])
    # No property is given as null: absent is how JSON-LD says "unknown".
    assert None not in item.values()


def test_the_claimreview_of_a_claim_with_a_verdict(anon):
    speaker = SpeakerFactory(name="Dmitry Peskov", role="Kremlin spokesperson", kind="person")
    claim = reviewed(
        "mostly_false",
        speaker=speaker,
        stated_on=dt.date(2025, 6, 2),
        appears_in=False,
        text="The memorandum was handed over in full.",
    )
    tass = OutletFactory(name="TASS")
    later = SourceFactory(
        title="Relay", url="https://relay.example/a", published_at=timezone.now(), outlet=tass
    )
    first = SourceFactory(
        title="First report",
        url="https://tass.example/1",
        outlet=tass,
        published_at=timezone.now() - dt.timedelta(days=2),
    )
    EvidenceFactory(claim=claim, source=later, relation="appears_in")
    EvidenceFactory(claim=claim, source=first, relation="appears_in")
    EvidenceFactory(claim=claim, relation="conflicts")  # not an appearance

    response = anon.get(f"{API}/claims/{claim.pk}/claimreview/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    review = assert_json(response)
    assert_valid_claim_review(review, claim)
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert review["reviewBody"] == "What the fact-check found."
    claim.refresh_from_db()
    assert review["datePublished"] == claim.published_at.date().isoformat()
    item = review["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": "Dmitry Peskov",
        "jobTitle": "Kremlin spokesperson",
    }
    assert item["datePublished"] == "2025-06-02"
    assert [work["headline"] for work in item["appearance"]] == ["First report", "Relay"]
    assert item["firstAppearance"] == item["appearance"][0]
    assert item["firstAppearance"]["url"] == "https://tass.example/1"
    assert item["firstAppearance"]["publisher"] == {"@type": "Organization", "name": "TASS"}
    assert review["url"].startswith("http://testserver/")


@pytest.mark.parametrize("verdict", RATED)
def test_every_rated_verdict_is_on_the_scale(anon, verdict):
    claim = reviewed(verdict)
    review = anon.get(f"{API}/claims/{claim.pk}/claimreview/").json()
    assert_valid_claim_review(review, claim)
    expected = {"true": 5, "mostly_true": 4, "mixed": 3, "mostly_false": 2, "false": 1}
    assert review["reviewRating"]["ratingValue"] == expected[verdict]


def test_an_organization_speaker_is_an_organization(anon):
    claim = reviewed(speaker=SpeakerFactory(kind="organization", role="ministry"))
    author = anon.get(f"{API}/claims/{claim.pk}/claimreview/").json()["itemReviewed"]["author"]
    assert author["@type"] == "Organization"
    assert author["name"] == claim.speaker.name


def test_the_verdict_date_is_the_review_date(anon, editor_api):
    claim = make_claim()
    editor_api.patch(
        f"{API}/claims/{claim.pk}/",
        {"verdict": {"rating": "true", "explanation": "Confirmed."}},
        format="json",
    )
    claim.refresh_from_db()
    review = anon.get(f"{API}/claims/{claim.pk}/claimreview/").json()
    assert review["datePublished"] == claim.verdict_at.date().isoformat()


def test_a_claim_without_a_date_has_no_null_date(anon):
    claim = reviewed(stated_on=None)
    review = anon.get(f"{API}/claims/{claim.pk}/claimreview/").json()
    assert_valid_claim_review(review, claim)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"verdict": "", "verdict_explanation": ""}, "no fact-check verdict"),
        ({"verdict": "unverifiable", "verdict_explanation": "No record."}, "no rating"),
    ],
    ids=["no-verdict", "unverifiable"],
)
def test_no_claimreview_without_a_rated_verdict(anon, kwargs, words):
    claim = make_claim(**kwargs)
    body = assert_error(anon.get(f"{API}/claims/{claim.pk}/claimreview/"), 404)
    assert words in body["detail"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.RETRACTED])
def test_staff_are_told_only_published_claims_have_one(editor_api, status):
    claim = reviewed(status=status)
    body = assert_error(editor_api.get(f"{API}/claims/{claim.pk}/claimreview/"), 404)
    assert "published" in body["detail"]


# --- The feed --------------------------------------------------------------------------------


def test_the_feed_lists_published_claims_with_a_rated_verdict(anon):
    expected = [reviewed(verdict) for verdict in RATED]
    reviewed("unverifiable")
    make_claim()  # no verdict
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.RETRACTED):
        reviewed(status=status)
    response = anon.get(f"{API}/claimreview/")
    assert response.status_code == 200
    page = response.json()
    reviews = page["results"]
    assert sorted(r["claimReviewed"] for r in reviews) == sorted(c.text for c in expected)
    for review in reviews:
        assert_valid_claim_review(review, Claim.objects.get(text=review["claimReviewed"]))


def test_the_feed_is_newest_first_and_paginated(anon):
    claims = [reviewed() for _ in range(5)]
    now = timezone.now()
    for age, claim in enumerate(claims):
        Claim.objects.filter(pk=claim.pk).update(updated_at=now - dt.timedelta(hours=age))
    first = anon.get(f"{API}/claimreview/", {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    reviews = all_pages(anon, f"{API}/claimreview/", {"page_size": 2})
    assert [r["claimReviewed"] for r in reviews] == [c.text for c in claims]


def test_the_feed_and_the_claims_own_review_are_the_same_with_djangos_addresses(anon, settings):
    """The feed writes its reviews' addresses once a page; they are what Django's
    build_absolute_uri gives for each claim, here behind an HTTPS proxy on another host,
    and each review is the one its claim's own endpoint answers."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["facts.example.org"]
    claims = [reviewed(verdict) for verdict in RATED]
    headers = {"HTTP_HOST": "facts.example.org:8443", "HTTP_X_FORWARDED_PROTO": "https"}
    feed = anon.get(f"{API}/claimreview/", **headers).json()["results"]
    assert {review["url"] for review in feed} == {
        f"https://facts.example.org:8443/claims/{claim.pk}/" for claim in claims
    }
    assert {review["author"]["url"] for review in feed} == {"https://facts.example.org:8443/"}
    for review in feed:
        pk = int(review["url"].rstrip("/").rsplit("/", 1)[1])
        own = anon.get(f"{API}/claims/{pk}/claimreview/", **headers)
        assert own.status_code == 200, own.content
        assert own.json() == review
