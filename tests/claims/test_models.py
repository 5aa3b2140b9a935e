import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from claims.models import Claim, Speaker, Status
from claims.models.claim import ClaimDeletionError
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    PublishedClaimFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def assert_db_rejects(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_claim_text_is_stored_nfc_and_trimmed_with_quotes_as_written():
    text = unicodedata.normalize(
        "NFD", '  Talks at Çırağan ended "not negatively,” officials said '
    )
    claim = ClaimFactory(text=text)
    claim.refresh_from_db()
    assert claim.text == 'Talks at Çırağan ended "not negatively,” officials said'
    assert unicodedata.is_normalized("NFC", claim.text)


def test_claim_needs_text():
    assert_db_rejects(lambda: ClaimFactory(text="   "))


def test_speaker_found_by_name_alias_spacing_case_and_decomposed_accents():
    zelensky = SpeakerFactory(name="Volodymyr Zelensky")
    SpeakerAliasFactory(speaker=zelensky, name="Zelenskyy")
    fidan = SpeakerFactory(name="Hakan Fıdan")
    for spelling in ["Volodymyr Zelensky", "volodymyr  zelensky", "ZELENSKYY", " zelenskyy "]:
        assert list(Speaker.objects.by_name(spelling)) == [zelensky], spelling
    assert list(Speaker.objects.by_name(unicodedata.normalize("NFD", "hakan fıdan"))) == [fidan]
    assert not Speaker.objects.by_name("Zelenskiy").exists()
    assert not Speaker.objects.by_name("").exists()


def test_alias_unique_per_speaker_by_key():
    alias = SpeakerAliasFactory(name="Zelenskyy")
    with pytest.raises(ValidationError):
        type(alias)(speaker=alias.speaker, name="ZELENSKYY").full_clean()
    assert_db_rejects(lambda: SpeakerAliasFactory(speaker=alias.speaker, name="zelenskyy "))


def test_override_needs_a_reason():
    claim = ClaimFactory()
    claim.credibility_override = 2
    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    assert "credibility_override_reason" in error.value.message_dict
    assert_db_rejects(lambda: ClaimFactory(credibility_override=2))


def test_override_is_the_effective_grade_and_the_computed_one_stays():
    claim = ClaimFactory(credibility_computed=3)
    assert claim.credibility == 3
    claim.credibility_override = 1
    claim.credibility_override_reason = "Confirmed by our Kyiv correspondent."
    claim.save()
    claim.refresh_from_db()
    assert (claim.credibility, claim.credibility_computed, claim.is_overridden) == (1, 3, True)


def test_effective_grade_cannot_drift_from_its_inputs():
    claim = ClaimFactory(credibility_computed=3)
    assert_db_rejects(lambda: Claim.objects.filter(pk=claim.pk).update(credibility=1))


@pytest.mark.parametrize("field", ["credibility_computed", "credibility_override"])
@pytest.mark.parametrize("grade", [0, 7])
def test_grades_in_range(field, grade):
    extra = {"credibility_override_reason": "x"} if field == "credibility_override" else {}
    assert_db_rejects(lambda: ClaimFactory(**{field: grade}, **extra))


def test_retraction_needs_a_reason():
    assert_db_rejects(lambda: ClaimFactory(status=Status.RETRACTED, published_at=timezone.now()))


def test_published_claim_needs_its_publication_time():
    assert_db_rejects(lambda: ClaimFactory(status=Status.PUBLISHED, published_at=None))


def test_verdict_needs_an_explanation():
    assert_db_rejects(lambda: ClaimFactory(verdict="true", verdict_explanation=""))
    assert_db_rejects(lambda: ClaimFactory(verdict="bogus", verdict_explanation="x"))


def test_one_evidence_row_per_claim_source_and_relation():
    evidence = EvidenceFactory()
    assert_db_rejects(
        lambda: EvidenceFactory(
            claim=evidence.claim, source=evidence.source, relation=evidence.relation
        )
    )
    # The same source may bear on the claim in another way.
    EvidenceFactory(claim=evidence.claim, source=evidence.source, relation="corroborates")


def test_no_self_link_and_no_duplicate_link():
    claim = ClaimFactory()
    assert_db_rejects(lambda: ClaimLinkFactory(from_claim=claim, to_claim=claim))
    link = ClaimLinkFactory()
    assert_db_rejects(
        lambda: ClaimLinkFactory(from_claim=link.from_claim, to_claim=link.to_claim, kind=link.kind)
    )


def test_speaker_with_claims_is_protected():
    claim = ClaimFactory()
    with pytest.raises(ProtectedError):
        claim.speaker.delete()


def test_published_or_retracted_claims_are_never_deleted():
    published = PublishedClaimFactory()
    with pytest.raises(ClaimDeletionError):
        published.delete()
    with pytest.raises(ClaimDeletionError):
        Claim.objects.filter(pk=published.pk).delete()
    with pytest.raises(ClaimDeletionError):
        Claim.objects.all().delete()
    assert Claim.objects.filter(pk=published.pk).exists()
    draft = ClaimFactory()
    draft.delete()
    assert not Claim.objects.filter(pk=draft.pk).exists()


def test_history_records_each_save():
    claim = ClaimFactory(text="First wording.")
    claim.text = "Second wording."
    claim.save()
    assert [h.text for h in claim.history.order_by("history_id")] == [
        "First wording.",
        "Second wording.",
    ]
