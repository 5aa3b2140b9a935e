"""export_data and import_data: everything, with history, restored identically."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Status
from claims.services import claim_publish, claim_retract, claim_save
from sources.search import search
from tests import factories as f


def export(tmp_path, name: str = "export.jsonl") -> list[str]:
    path = tmp_path / name
    call_command("export_data", str(path), stdout=StringIO())
    return path.read_text().splitlines()


def make_newsroom(editor) -> Claim:
    """The demo article and a claim taken through its whole workflow (many history rows)."""
    call_command("load_demo", stdout=StringIO())
    claim = Claim.objects.filter(status=Status.PUBLISHED).first()
    draft = Claim.objects.create(text="Çırağan talks: a draft with accents.", speaker=claim.speaker)
    draft.text = "Çırağan talks: edited once."
    claim_save(claim=draft, user=editor)
    f.EvidenceFactory(claim=draft, relation="appears_in")
    claim_publish(claim=draft, user=editor)
    claim_retract(claim=draft, user=editor, reason="Misattributed.")
    return draft


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_then_import_into_an_empty_database_gives_the_same_lines(tmp_path, editor):
    draft = make_newsroom(editor)
    first = export(tmp_path)
    assert any('"model": "claims.historicalclaim"' in line for line in first)
    assert sum('"model": "claims.claim"' in line for line in first) == Claim.objects.count()

    call_command("flush", interactive=False, verbosity=0)
    assert not Claim.objects.exists()
    out = StringIO()
    call_command("import_data", str(tmp_path / "export.jsonl"), stdout=out)
    assert "search index rebuilt" in out.getvalue()

    assert sorted(export(tmp_path, "again.jsonl")) == sorted(first)
    restored = Claim.objects.get(pk=draft.pk)
    assert (restored.status, restored.version) == (Status.RETRACTED, 4)  # created, 3 steps
    assert [h.history_change_reason for h in restored.history.all()][:1] == [
        "Retracted: Misattributed."
    ]
    assert search("Ciragan", include_unpublished=True).total >= 1  # index rebuilt
    # New rows get new ids: the sequences were moved past the imported ones.
    assert Claim.objects.create(text="After import.", speaker=restored.speaker).pk > draft.pk


@pytest.mark.django_db
def test_import_refuses_a_database_that_already_holds_data(tmp_path, editor):
    call_command("load_demo", stdout=StringIO())
    path = tmp_path / "export.jsonl"
    call_command("export_data", str(path), stdout=StringIO())
    before = Claim.objects.count()
    with pytest.raises(CommandError, match="empty database"):
        call_command("import_data", str(path))
    assert Claim.objects.count() == before


@pytest.mark.django_db
def test_export_leaves_out_secrets_and_derived_data(tmp_path, editor):
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=editor)
    call_command("load_demo", stdout=StringIO())
    text = "\n".join(export(tmp_path))
    assert "authtoken" not in text and "search.searchentry" not in text
    assert "sessions.session" not in text


def test_the_file_name_says_the_format(tmp_path):
    with pytest.raises(SystemExit):
        call_command("export_data", str(tmp_path / "export.json"), stderr=StringIO())
