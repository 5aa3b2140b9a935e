"""Full-text search, on whichever database is active (CI runs the suite on both)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Speaker, Status
from claims.services import claim_delete, claim_publish, claim_save, speaker_save
from sources.models import Outlet, Source
from sources.search import SearchHit, search, search_ids, search_index_update
from sources.search.models import SearchEntry
from sources.search.query import fold, parse
from sources.services import outlet_save, source_save
from tests.factories import (
    EvidenceFactory,
    OutletFactory,
    PublishedClaimFactory,
    SourceFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
)


def claim(text: str, *, index: bool = True, **kwargs) -> Claim:
    """A published claim, indexed."""
    obj = PublishedClaimFactory(text=text, **kwargs)
    if index:
        search_index_update("claim", [obj.pk])
    return obj


def ids(results, kind: str = "claim") -> list[int]:
    return [h.object_id for h in results.hits if h.kind == kind]


@pytest.mark.django_db
class TestSearch:
    """Every behaviour of the search interface."""

    def test_fold(self):
        assert fold("Çırağan İstanbul Straße") == "ciragan istanbul strasse"

    def test_parse(self):
        query = parse('"peace talks" kremlin OR moscow -ceasefire')
        assert [len(c.atoms) for c in query.clauses] == [1, 2, 1]
        assert query.clauses[0].atoms[0].phrase and query.clauses[2].negated

    def test_words_all_must_match(self):
        both = claim("Talks on grain exports resume")
        claim("Grain harvest falls")
        assert ids(search("grain talks")) == [both.pk]

    def test_quoted_phrase(self):
        phrase = claim("The peace talks resume in Istanbul")
        claim("Talks about peace are not planned")
        assert ids(search('"peace talks"')) == [phrase.pk]

    def test_or(self):
        a, b = claim("Wheat exports grow"), claim("Barley exports grow")
        claim("Oil exports grow")
        assert set(ids(search("wheat OR barley"))) == {a.pk, b.pk}
        assert set(ids(search("exports wheat OR barley"))) == {a.pk, b.pk}

    def test_exclusion(self):
        keep = claim("The ceasefire holds in the north")
        claim("The ceasefire holds despite war")
        assert ids(search("ceasefire -war")) == [keep.pk]
        assert search("-war").hits == []

    def test_speaker_and_title_rank_above_body(self):
        speaker = SpeakerFactory(name="Maria Zakharova")
        by_her = claim("Sanctions will fail", speaker=speaker)
        about_her = claim("A spokesperson contradicted Zakharova on sanctions")
        assert ids(search("zakharova", kinds=("claim",)))[:2] == [by_her.pk, about_her.pk]
        in_title = SourceFactory(title="Grain deal collapses", body="Nothing else.")
        in_body = SourceFactory(title="Weekly digest", body="The grain deal collapses again.")
        search_index_update("source", [in_title.pk, in_body.pk])
        assert ids(search("grain deal", kinds=("source",)), "source") == [
            in_title.pk,
            in_body.pk,
        ]

    def test_snippet_marks_and_escapes(self):
        claim("<script>alert(1)</script> Officials denied the report")
        hit = search("officials").hits[0]
        assert isinstance(hit, SearchHit)
        assert "<mark>Officials</mark>" in hit.snippet
        assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet

    def test_filters(self):
        outlet, speaker = OutletFactory(), SpeakerFactory()
        match = claim("Drones attacked the port", outlet=outlet, speaker=speaker)
        match.stated_on = dt.date(2024, 5, 1)
        match.save()
        search_index_update("claim", [match.pk])
        other = claim("Drones attacked the port again", stated_on=dt.date(2023, 1, 1))
        q = "drones port"
        assert ids(search(q, filters={"outlet": outlet.pk})) == [match.pk]
        assert ids(search(q, filters={"speaker": speaker.pk})) == [match.pk]
        assert ids(search(q, filters={"date_from": dt.date(2024, 1, 1)})) == [match.pk]
        assert ids(search(q, filters={"date_to": dt.date(2023, 12, 31)})) == [other.pk]
        assert ids(search(q, filters={"kind": match.quote_kind})) != []
        assert ids(search(q, filters={"kind": "direct"})) == []
        Claim.objects.filter(pk=other.pk).update(credibility=2, credibility_computed=2)
        assert ids(search(q, filters={"credibility_max": 2})) == [other.pk]
        assert ids(search(q, filters={"credibility_min": 3})) == [match.pk]
        source = SourceFactory(title="Drones over the port", outlet=outlet, kind="transcript")
        search_index_update("source", [source.pk])
        assert ids(search(q, filters={"kind": "transcript"}), "source") == [source.pk]
        with pytest.raises(ValueError):
            search(q, filters={"colour": "red"})

    def test_accents_and_case(self):
        place = claim("Delegations met at the Çırağan Palace in İstanbul")
        assert ids(search("Ciragan")) == [place.pk]
        assert ids(search("ÇIRAĞAN istanbul")) == [place.pk]

    def test_fuzzy_speaker_and_outlet_names(self):
        zelensky = SpeakerFactory(name="Volodymyr Zelensky", role="President of Ukraine")
        search_index_update("speaker", [zelensky.pk])
        for spelling in ("zelenskiy", "Zelenskyy"):
            hits = search(spelling, kinds=("speaker",)).hits
            assert [h.object_id for h in hits] == [zelensky.pk], spelling
        outlet = OutletFactory(name="Interfax-Ukraine")
        search_index_update("outlet", [outlet.pk])
        assert ids(search("Interfaks", kinds=("outlet",)), "outlet") == [outlet.pk]

    def test_alias_found(self):
        speaker = SpeakerFactory(name="Dmitry Peskov")
        SpeakerAliasFactory(speaker=speaker, name="Дмитрий Песков")
        search_index_update("speaker", [speaker.pk])
        assert ids(search("песков", kinds=("speaker",)), "speaker") == [speaker.pk]

    def test_russian_claim(self):
        russian = claim("Переговоры в Стамбуле продолжатся на следующей неделе", language="ru")
        assert ids(search("переговоры")) == [russian.pk]
        if connection.vendor == "postgresql":  # SQLite's FTS5 stems English only
            assert ids(search("стамбул")) == [russian.pk]  # the russian stemmer's form
        assert ids(search('"следующей неделе"')) == [russian.pk]

    def test_unpublished_hidden(self):
        draft = claim("Secret drafting notes", status=Status.DRAFT, published_at=None)
        assert search("drafting").hits == []
        assert ids(search("drafting", include_unpublished=True)) == [draft.pk]
        assert search_ids("drafting", "claim") == []
        assert search_ids("drafting", "claim", include_unpublished=True) == [draft.pk]

    def test_services_keep_the_index_current(self, editor):
        speaker = speaker_save(speaker=Speaker(name="Oleksii Reznikov"), user=editor)
        outlet = outlet_save(outlet=Outlet(name="Kyiv Independent", slug="kyiv-ind"), user=editor)
        new = Claim(text="Counteroffensive starts soon", speaker=speaker, outlet=outlet)
        new = claim_save(claim=new, user=editor)
        assert search("counteroffensive").hits == []  # a draft
        EvidenceFactory(claim=new)
        claim_publish(claim=new, user=editor)
        assert ids(search("counteroffensive")) == [new.pk]
        new.text = "Counterattack starts soon"
        claim_save(claim=new, user=editor)
        assert search("counteroffensive").hits == []
        assert ids(search("counterattack")) == [new.pk]
        speaker.name = "Oleksii Yuriyovych Reznikov"
        speaker_save(speaker=speaker, user=editor)
        assert ids(search("yuriyovych")) == [new.pk]  # the claim carries its speaker's name
        assert ids(search("yuriyovych", kinds=("speaker",)), "speaker") == [speaker.pk]
        outlet.name = "The Kyiv Independent"
        outlet_save(outlet=outlet, user=editor)
        assert ids(search("the kyiv independent counterattack")) == [new.pk]
        source = source_save(
            source=Source(title="Frontline dispatch", url="https://x.example/1"), user=editor
        )
        assert ids(search("dispatch"), "source") == [source.pk]
        draft = claim_save(claim=Claim(text="Temporary note", speaker=speaker), user=editor)
        assert ids(search("temporary", include_unpublished=True)) == [draft.pk]
        claim_delete(claim=draft, user=editor)
        assert search("temporary", include_unpublished=True).hits == []

    def test_rebuild(self):
        missing = claim("Pipeline explosion investigated", index=False)
        assert search("pipeline").hits == []
        call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
        assert ids(search("pipeline")) == [missing.pk]
        assert SearchEntry.objects.filter(kind="claim").count() == Claim.objects.count()

    def test_totals_paging_and_ids(self):
        made = [claim(f"Shelling reported in district {n}") for n in range(5)]
        page = search("shelling", limit=2, offset=2)
        assert page.total == 5 and len(page.hits) == 2 and not page.total_is_estimate
        assert sorted(search_ids("shelling", "claim")) == sorted(c.pk for c in made)
        assert search("").hits == [] and search('"" -').hits == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deleting_outside_the_services_drops_the_document():
    """The admin deletes speakers, outlets and sources without a service: the index follows."""

    speaker = SpeakerFactory(name="Zbigniew Quorthwaite")
    outlet = OutletFactory(name="Quorthwaite Gazette", slug="quorthwaite-gazette")
    search_index_update("speaker", [speaker.pk])
    search_index_update("outlet", [outlet.pk])
    assert search("Quorthwaite", kinds=("speaker", "outlet")).total == 2
    speaker.delete()
    outlet.delete()
    assert search("Quorthwaite", kinds=("speaker", "outlet")).total == 0


@pytest.mark.django_db
def test_refresh_replaces_and_new_objects_are_only_inserted():
    first = claim("The grain corridor reopened in July.")
    second = claim("Talks on the grain corridor resumed.", index=False)
    search_index_update("claim", [first.pk, second.pk])  # replaces first's entry, adds second's
    search_index_update("claim", [first.pk, second.pk])
    entries = SearchEntry.objects.filter(kind="claim", object_id__in=[first.pk, second.pk])
    assert sorted(entries.values_list("object_id", flat=True)) == sorted([first.pk, second.pk])
    third = claim("The corridor closed again.", index=False)
    with CaptureQueriesContext(connection) as queries:
        search_index_update("claim", [third.pk], new=True)  # no entry is looked for
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]
    assert SearchEntry.objects.filter(kind="claim", object_id=third.pk).count() == 1
    assert ids(search("corridor")) and third.pk in ids(search("corridor closed"))
