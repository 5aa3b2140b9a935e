"""The claim list and detail are written by claims/api/read.py from rows, for speed; the
serializers (ClaimSerializer, ClaimDetailSerializer) remain the schema and the write side.
Both must give the same JSON, for every kind of claim and every kind of reader."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.utils.encoders import JSONEncoder

from claims.api.read import EVIDENCE_COUNTS
from claims.api.serializers import ClaimDetailSerializer, ClaimSerializer
from claims.models import Claim, ClaimLink, Status
from tests.factories import ClaimLinkFactory, EvidenceFactory, SourceFactory, TopicFactory

from .helpers import API, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_claims():
    """The demo article's claims, plus the cases the demo lacks: an override, a verdict, no
    outlet, a source without an outlet, a retraction, a draft without evidence (its counts are
    zeros), links to a draft and to a published claim in both directions, non-ASCII text and
    topics."""
    call_command("load_demo", stdout=StringIO())
    published = Claim.objects.filter(status=Status.PUBLISHED).order_by("id")
    first, second = published[0], published[1]
    odd = make_claim(
        Status.PUBLISHED,
        outlet=None,
        text="«Переговоры» — “curly” and \u2028 line separator",
        credibility_override=1,
        credibility_override_reason="Confirmed by our reporter on the phone.",
        verdict="mostly_true",
        verdict_explanation="Checked against the transcript.",
        stated_on=None,
    )
    odd.topics.set([TopicFactory(name="Zeta"), TopicFactory(name="alpha")])
    EvidenceFactory(claim=odd, source=SourceFactory(outlet=None, published_at=None))
    draft = make_claim(Status.DRAFT)
    ClaimLinkFactory(from_claim=odd, to_claim=draft, kind="same_statement")
    ClaimLinkFactory(from_claim=first, to_claim=odd, kind="supports")
    ClaimLinkFactory(from_claim=odd, to_claim=second, kind="contradicts")
    make_claim(Status.RETRACTED)
    make_claim(Status.DRAFT, appears_in=False)
    Claim.objects.filter(pk=second.pk).update(published_at=timezone.now().replace(microsecond=0))
    assert ClaimLink.objects.count() >= 3
    return odd


def serializer_output(serializer_class, claims, user) -> list[dict]:
    """What the DRF serializer gives for these claims, as JSON would carry it."""
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    data = serializer_class(claims, many=True, context={"request": request}).data
    return json.loads(json.dumps(data, cls=JSONEncoder))


def prefetched(claims):
    return (
        claims.select_related("speaker", "outlet")
        .prefetch_related(
            "topics",
            "evidence__source__outlet",
            "links_out__to_claim__speaker",
            "links_in__from_claim__speaker",
        )
        .annotate(**EVIDENCE_COUNTS)
    )


def pages(client, url: str) -> list[dict]:
    rows = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        url = response.json()["next"]
    return rows


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_list_matches_the_serializer(varied_claims, client_for, role, editor):
    from django.contrib.auth.models import AnonymousUser

    user = editor if role == "editor" else AnonymousUser()
    got = pages(client_for(role), f"{API}/claims/?page_size=7")
    visible = Claim.objects.visible_to(user).order_by("-updated_at", "-id")
    expected = serializer_output(ClaimSerializer, prefetched(visible), user)
    assert len(got) == visible.count() > 15
    assert got == expected


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_detail_matches_the_serializer(varied_claims, client_for, role, editor):
    from django.contrib.auth.models import AnonymousUser

    user = editor if role == "editor" else AnonymousUser()
    client = client_for(role)
    visible = prefetched(Claim.objects.visible_to(user).order_by("id"))
    expected = serializer_output(ClaimDetailSerializer, visible, user)
    got = [client.get(f"{API}/claims/{claim['id']}/").json() for claim in expected]
    assert got == expected
    odd = next(claim for claim in got if claim["id"] == varied_claims.pk)
    # The draft linked to it is shown to the newsroom only.
    assert len(odd["links"]) == (3 if role == "editor" else 2)
    assert odd["outlet"] is None and odd["evidence"][-1]["source"]["outlet"] is None


def test_filtered_and_ordered_lists_match_the_serializer(varied_claims, anon):
    from django.contrib.auth.models import AnonymousUser

    published = Claim.objects.published()
    cases = {
        "?ordering=-credibility": published.order_by("-credibility", "-id"),
        "?ordering=stated_on": published.annotate(
            stated_sort=Coalesce("stated_on", Value(date(1, 1, 1)))
        ).order_by("stated_sort", "-id"),
        "?verdict=mostly_true": published.filter(verdict="mostly_true").order_by(
            "-updated_at", "-id"
        ),
    }
    for query, claims in cases.items():
        got = pages(anon, f"{API}/claims/{query}&page_size=5")
        expected = serializer_output(ClaimSerializer, prefetched(claims), AnonymousUser())
        assert [c["id"] for c in got] == [c["id"] for c in expected], query
        assert got == expected, query


def test_the_filter_set_is_built_only_when_a_request_names_one_of_its_filters(
    varied_claims, anon, monkeypatch
):
    from claims.api.filters import ClaimFilterSet

    built = []
    original = ClaimFilterSet.__init__

    def counting(self, *args, **kwargs):
        built.append(True)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ClaimFilterSet, "__init__", counting)
    assert anon.get(f"{API}/claims/?page_size=5&ordering=-credibility").status_code == 200
    assert built == []
    response = anon.get(f"{API}/claims/?verdict=mostly_true&page_size=5")
    assert built == [True]
    assert {c["verdict"]["rating"] for c in response.json()["results"]} == {"mostly_true"}
    assert anon.get(f"{API}/claims/?verdict=nonsense").status_code == 400


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Etc/UTC"])
def test_dates_are_written_in_the_active_time_zone_as_drf_writes_them(varied_claims, anon, zone):
    """The writer skips converting the database's UTC only when the zone is UTC itself."""
    from django.contrib.auth.models import AnonymousUser

    visible = prefetched(Claim.objects.visible_to(AnonymousUser()).order_by("id"))
    with timezone.override(zone):
        expected = serializer_output(ClaimDetailSerializer, visible, AnonymousUser())
        got = [anon.get(f"{API}/claims/{claim['id']}/").json() for claim in expected]
    assert got == expected
    suffix = "+05:30" if zone == "Asia/Kolkata" else "Z"
    assert got[0]["created_at"].endswith(suffix)


def test_json_columns_are_decoded_as_the_orm_decodes_them(varied_claims, anon):
    """orjson decodes JSON columns on the compiled path; what it refuses (an integer beyond 64
    bits) goes through the field's own decoder."""
    reasons = [{"code": "big", "n": 2**70, "ratio": 0.5, "text": "Ünïcode ✓"}]
    Claim.objects.filter(pk=varied_claims.pk).update(credibility_reasons=reasons)
    got = anon.get(f"{API}/claims/{varied_claims.pk}/").json()
    assert got["credibility"]["reasons"] == reasons
