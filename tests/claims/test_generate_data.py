"""manage.py generate_data and claims.datagen: a small synthetic data set, checked end to end.

Runs inside the test transaction on SQLite and on PostgreSQL (COPY works in a transaction);
deferred foreign keys are checked explicitly with connection.check_constraints().
"""

import hashlib
import re
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from claims.datagen import Config, RowGenerator, generate, iter_rows
from claims.models import (
    Claim,
    ClaimLink,
    Evidence,
    LinkKind,
    QuoteKind,
    Relation,
    Speaker,
    SpeakerAlias,
    Status,
    Topic,
)
from sources.fields import Reliability
from sources.models import Citation, Outlet, OutletDomain, Source
from sources.text import matching_key, normalize_url

pytestmark = pytest.mark.django_db

SMALL = {"claims": 200, "sources": 100, "speakers": 30, "outlets": 12, "seed": 7}
MODELS = {
    "outlets": Outlet,
    "outlet_domains": OutletDomain,
    "topics": Topic,
    "speakers": Speaker,
    "speaker_aliases": SpeakerAlias,
    "sources": Source,
    "citations": Citation,
    "claims": Claim,
    "claim_topics": Claim.topics.through,
    "evidence": Evidence,
    "claim_links": ClaimLink,
}


@pytest.fixture
def report():
    # A small batch size, so that every table is written in several batches.
    return generate(Config(**SMALL, batch_size=64), progress=False)


def new(model, report, key):
    """The rows of one table that the run wrote."""
    return model.objects.filter(pk__gt=report.bases[key])


def digest(rows) -> str:
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_counts(report):
    assert new(Outlet, report, "outlets").count() == 12
    assert new(Speaker, report, "speakers").count() == 30
    assert new(Source, report, "sources").count() == 100
    assert new(Claim, report, "claims").count() == 200
    assert new(Topic, report, "topics").count() == 40
    assert 12 <= new(OutletDomain, report, "outlet_domains").count() <= 24
    for key, model in MODELS.items():
        assert new(model, report, key).count() == report.rows(key) > 0, key
    per_claim = defaultdict(int)
    for claim_id in new(Evidence, report, "evidence").values_list("claim_id", flat=True):
        per_claim[claim_id] += 1
    assert len(per_claim) == 200
    assert set(per_claim.values()) == {1, 2, 3, 4, 5}


def test_sample_passes_full_clean_unchanged(report):
    claims = list(new(Claim, report, "claims").order_by("id")[::4])
    assert len(claims) == 50
    for claim in claims:
        before = (claim.text, claim.credibility, claim.retraction_reason)
        claim.full_clean()
        assert (claim.text, claim.credibility, claim.retraction_reason) == before
    for source in new(Source, report, "sources").order_by("id")[::5]:
        before = (source.url, source.body_sha256, source.outlet_id, source.title)
        source.full_clean()
        assert (source.url, source.body_sha256, source.outlet_id, source.title) == before
    for model, key in [
        (Outlet, "outlets"),
        (Speaker, "speakers"),
        (SpeakerAlias, "speaker_aliases"),
    ]:
        for obj in new(model, report, key):
            key_before = obj.match_key
            obj.full_clean()
            assert obj.match_key == key_before
    for domain in new(OutletDomain, report, "outlet_domains"):
        assert OutletDomain.normalized(domain.domain) == domain.domain


def test_constraints_and_normalization_hold(report):
    connection.check_constraints()  # deferred foreign keys, checked now
    claims = new(Claim, report, "claims")
    assert not claims.filter(status__in=[Status.PUBLISHED, Status.RETRACTED], published_at=None)
    assert not claims.filter(status=Status.RETRACTED, retraction_reason="")
    assert not claims.exclude(verdict="").filter(verdict_explanation="")
    assert not claims.exclude(credibility=F("credibility_computed"))
    assert set(claims.values_list("credibility", "credibility_override")) == {(6, None)}
    assert all(reasons == [] for reasons in claims.values_list("credibility_reasons", flat=True))
    assert not claims.filter(published_at__lt=F("created_at"))
    assert not claims.filter(updated_at__lt=F("created_at"))
    for model, key in [(Outlet, "outlets"), (Speaker, "speakers")]:
        rows = new(model, report, key)
        assert not rows.exclude(reliability=Reliability.F).filter(reliability_rationale="")
        assert all(matching_key(name) == k for name, k in rows.values_list("name", "match_key"))
    for source in new(Source, report, "sources"):
        assert source.url == normalize_url(source.url)
        expected = hashlib.sha256(source.body.encode()).hexdigest() if source.body else ""
        assert source.body_sha256 == expected
    assert not new(Citation, report, "citations").filter(citing=F("cited"))
    assert not new(ClaimLink, report, "claim_links").filter(from_claim=F("to_claim"))


def test_every_kind_appears(report):
    claims = new(Claim, report, "claims")
    outlets = new(Outlet, report, "outlets")
    sources = new(Source, report, "sources")

    def values(queryset, field):
        return set(queryset.values_list(field, flat=True))

    assert values(new(Evidence, report, "evidence"), "relation") == set(Relation.values)
    assert values(claims, "status") == set(Status.values)
    assert values(claims, "quote_kind") == set(QuoteKind.values)
    assert values(claims, "language") == {"en", "ru", "uk", "de", "fr", "es", "tr"}
    assert len(values(claims.exclude(verdict=""), "verdict")) >= 3
    assert values(new(Speaker, report, "speakers"), "kind") == set(Speaker.Kind.values)
    assert values(outlets, "reliability") == set(Reliability.values)
    assert values(outlets, "kind") == set(Outlet.Kind.values)
    assert values(outlets, "state_affiliation") == set(Outlet.StateAffiliation.values)
    assert len(values(outlets, "country") - {""}) >= 4
    assert values(sources, "kind") == set(Source.Kind.values)
    assert values(new(ClaimLink, report, "claim_links"), "kind") == set(LinkKind.values)
    assert new(SpeakerAlias, report, "speaker_aliases").exists()
    assert sources.filter(url="").exists() and sources.filter(outlet=None).exists()
    lengths = [len(body) for body in values(sources, "body")]
    assert min(lengths) == 0 and max(lengths) > 2000
    texts = [*values(sources, "title"), *values(claims, "text")]
    assert any(re.search(r"[А-Яа-яІіЇї]", text) for text in texts)  # Cyrillic
    assert any(re.search(r"[çğışöüéèàñáíó]", text) for text in texts)  # Latin with accents
    years = {claim.stated_on.year for claim in claims.exclude(stated_on=None)}
    assert len(years) >= 5


def citation_graph(report) -> dict[int, list[int]]:
    graph = defaultdict(list)
    for citing, cited in new(Citation, report, "citations").values_list("citing", "cited"):
        graph[citing].append(cited)
    return graph


def longest_path(graph: dict[int, list[int]], start: int) -> int:
    """Edges on the longest citation path from `start` that visits no source twice."""
    best, stack = 0, [(start, 0, frozenset([start]))]
    while stack:
        node, depth, seen = stack.pop()
        best = max(best, depth)
        stack.extend((n, depth + 1, seen | {n}) for n in graph.get(node, ()) if n not in seen)
    return best


def has_cycle(graph: dict[int, list[int]]) -> bool:
    state: dict[int, int] = {}  # 1: on the current path, 2: done

    def visit(node: int) -> bool:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(graph))


def test_citation_chains_have_depth_and_cycles(report):
    graph = citation_graph(report)
    depths = {longest_path(graph, node) for node in graph}
    assert max(depths) >= 5
    assert max(depths) <= 12
    assert len(depths) >= 5  # varied
    assert has_cycle(graph)
    pairs = list(new(Citation, report, "citations").values_list("citing", "cited"))
    assert len(pairs) == len(set(pairs))


def test_rows_are_deterministic():
    claims = [row[:3] for key, row in iter_rows(Config(**SMALL)) if key == "claims"]
    again = [row[:3] for key, row in iter_rows(Config(**SMALL)) if key == "claims"]
    other = [row[:3] for key, row in iter_rows(Config(**{**SMALL, "seed": 8})) if key == "claims"]
    assert digest(claims) == digest(again)
    assert digest(claims) != digest(other)
    assert digest(iter_rows(Config(**SMALL))) == digest(iter_rows(Config(**SMALL)))
    # Starting after other ids shifts the ids, not the content.
    shifted = RowGenerator(Config(**SMALL), {"claims": 1000, "speakers": 50})
    assert [(i - 1000, t, s - 50) for i, t, s, *_ in shifted.rows("claims")] == claims


def test_database_holds_the_generated_rows(report):
    generator = RowGenerator(Config(**SMALL), report.bases)
    expected = [row[:3] for row in generator.rows("claims")]
    stored = new(Claim, report, "claims").order_by("id").values_list("id", "text", "speaker_id")
    assert digest(stored) == digest(expected)
    expected_sources = [(row[0], row[1], row[10]) for row in generator.rows("sources")]
    stored_sources = (
        new(Source, report, "sources").order_by("id").values_list("id", "url", "body_sha256")
    )
    assert digest(stored_sources) == digest(expected_sources)


def test_second_run_adds_rows_after_the_first(report):
    second = generate(Config(**SMALL), progress=False)  # the same seed again
    for key, model in MODELS.items():
        assert second.bases[key] == report.bases[key] + report.rows(key), key
        assert new(model, report, key).count() == 2 * report.rows(key), key
    connection.check_constraints()
    # The sequences follow the generated ids: the ORM's next row gets a fresh id.
    claim = Claim.objects.create(text="Made by hand.", speaker=Speaker.objects.first())
    assert claim.pk > second.bases["claims"] + 200


def test_no_history_rows(report):
    assert not Claim.history.exists()
    assert not Source.history.exists()
    assert not Outlet.history.exists()


def test_command_prints_rates():
    out = StringIO()
    call_command(
        "generate_data",
        claims=20,
        sources=10,
        speakers=5,
        outlets=3,
        seed=3,
        no_progress=True,
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [*MODELS, "total"]
    assert re.fullmatch(r"claims: 20 rows in \d+\.\d\d s \([\d,]+ rows/s\)", lines[7])
    assert Claim.objects.count() == 20


@pytest.mark.parametrize(
    "options",
    [
        {"claims": 5, "sources": 5, "speakers": 0, "outlets": 1},
        {"claims": 5, "sources": 5, "speakers": 5, "outlets": -1},
        {"claims": 5, "sources": 5, "speakers": 5, "outlets": 1, "batch_size": 0},
    ],
)
def test_command_rejects_impossible_arguments(options):
    with pytest.raises(CommandError):
        call_command("generate_data", seed=1, no_progress=True, stdout=StringIO(), **options)


def test_no_outlets_means_no_outlet_references():
    report = generate(Config(claims=30, sources=20, speakers=5, outlets=0, seed=2), progress=False)
    assert not new(Source, report, "sources").exclude(outlet=None)
    assert not new(Claim, report, "claims").exclude(outlet=None)
    connection.check_constraints()
