import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from sources.models import Outlet, OutletDomain, Source
from tests.factories import (
    CitationFactory,
    EvidenceFactory,
    OutletDomainFactory,
    OutletFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def assert_db_rejects(make):
    """The database itself refuses the row (not just a form)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_source_url_is_stored_normalized_and_unique():
    SourceFactory(url="https://News.Example/a?utm_source=x#top")
    assert Source.objects.filter(url="https://news.example/a").exists()
    duplicate = Source(title="Same page", url="HTTPS://news.example:443/a?utm_campaign=y")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "A source with this URL already exists." in str(error.value)
    assert_db_rejects(lambda: SourceFactory(url="https://news.example/a#other"))


def test_sources_without_url_may_coexist():
    SourceFactory(url="", title="TASS report of 2 June 2025")
    SourceFactory(url="", title="RIA Novosti report of 2 June 2025")
    assert Source.objects.filter(url="").count() == 2


def test_source_body_is_fingerprinted():
    source = SourceFactory(body="  Text as retrieved.  ")
    assert source.body == "Text as retrieved."
    assert source.body_sha256 == hashlib.sha256(b"Text as retrieved.").hexdigest()


def test_outlet_is_recognised_from_the_url_domain_and_subdomains():
    pravda = OutletDomainFactory(domain="pravda.ru").outlet
    OutletDomainFactory(domain="tass.com")
    assert Outlet.objects.for_url("https://english.pravda.ru/world/123/") == pravda
    assert Outlet.objects.for_url("https://www.PRAVDA.ru/x") == pravda
    assert Outlet.objects.for_url("https://unknown.example/x") is None
    source = Source.objects.create(title="t", url="https://english.pravda.ru/news/1")
    assert source.outlet == pravda


def test_outlet_domain_accepts_a_url_and_keeps_the_host():
    domain = OutletDomainFactory(domain="https://www.TASS.com/politics")
    assert domain.domain == "tass.com"


def test_outlet_names_match_by_key_and_are_unique():
    OutletFactory(name="Pravda.Ru")
    assert Outlet.objects.by_name("  pravda.ru ").count() == 1
    duplicate = Outlet(name="PRAVDA.RU", slug="another")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "name" in error.value.message_dict
    assert_db_rejects(lambda: Outlet.objects.create(name="pravda.ru", slug="third"))


def test_no_self_citation():
    source = SourceFactory()
    assert_db_rejects(lambda: CitationFactory(citing=source, cited=source))


def test_one_citation_per_pair():
    citation = CitationFactory()
    assert_db_rejects(lambda: CitationFactory(citing=citation.citing, cited=citation.cited))


@pytest.mark.parametrize("bad", ["Q", "q42", "Q-1", "42", "Q42x", "Q042"])
def test_wikidata_id_format_is_enforced(bad):
    assert_db_rejects(lambda: OutletFactory(wikidata_id=bad))


def test_wikidata_id_valid_or_empty():
    assert OutletFactory(wikidata_id="Q7747").wikidata_id == "Q7747"
    assert OutletFactory(wikidata_id="").wikidata_id == ""


@pytest.mark.parametrize("bad", ["XX", "ZZ", "1"])
def test_country_must_be_iso(bad):
    assert_db_rejects(lambda: OutletFactory(country=bad))


def test_country_name_instead_of_code_is_a_validation_error():
    outlet = OutletFactory.build(country="Russia")
    with pytest.raises(ValidationError) as error:
        outlet.full_clean()
    assert "country" in error.value.message_dict


@pytest.mark.parametrize("spelling", ["ru", "RUS"])
def test_country_codes_are_normalized_to_alpha2(spelling):
    outlet = OutletFactory(country=spelling)
    outlet.refresh_from_db()
    assert outlet.country.code == "RU"


def test_reliability_grade_in_range_and_rated_with_a_rationale():
    assert_db_rejects(lambda: OutletFactory(reliability="G", reliability_rationale="x"))
    assert_db_rejects(lambda: OutletFactory(reliability="B", reliability_rationale=""))
    assert OutletFactory(reliability="B", reliability_rationale="Long record.").reliability == "B"


def test_outlet_with_sources_is_protected():
    source = SourceFactory()
    with pytest.raises(ProtectedError):
        source.outlet.delete()


def test_source_with_evidence_or_cited_is_protected():
    evidence = EvidenceFactory()
    with pytest.raises(ProtectedError):
        evidence.source.delete()
    citation = CitationFactory()
    with pytest.raises(ProtectedError):
        citation.cited.delete()


def test_deleting_an_outlet_without_sources_removes_its_domains():
    domain = OutletDomainFactory()
    domain.outlet.delete()
    assert not OutletDomain.objects.exists()
