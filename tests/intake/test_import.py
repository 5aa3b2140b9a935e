"""Importing an article: source, speakers, outlets, relayed reports, draft claims; idempotent."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from claims.intake import importer
from claims.intake.importer import article_import
from claims.management.commands import import_article as command
from claims.models import Claim, Evidence, Speaker, Status
from sources.models import Citation, Outlet, Source
from tests.factories import SpeakerAliasFactory, SpeakerFactory, UserFactory

DEMO = Path(__file__).resolve().parents[2] / "claims" / "demo" / "istanbul-talks.txt"
TEXT = DEMO.read_text(encoding="utf-8")
TITLE = "Talks in Istanbul end"

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = (Claim, Evidence, Speaker, Outlet, Source, Citation)
    return {m.__name__: m.objects.count() for m in models}


def _import(user, **kwargs):
    return article_import(text=TEXT, outlet_name="Pravda.Ru", user=user, title=TITLE, **kwargs)


def test_demo_article_makes_fifteen_drafts(editor):
    result = _import(editor, published=date(2025, 6, 2))
    assert result.source_created and result.claims_created == 15
    source = result.source
    assert source.body == TEXT.strip() and len(source.body_sha256) == 64
    assert source.outlet.name == "Pravda.Ru" and source.outlet.needs_review
    claims = Claim.objects.filter(evidence__source=source)
    assert claims.count() == 15 and set(claims.values_list("status", flat=True)) == {Status.DRAFT}
    assert {c.stated_on for c in claims} == {date(2025, 6, 2)}
    names = {s.speaker_name for s in result.statements}
    assert {"TASS source", "Andriy Yermak", "Dmitry Peskov", "Maria Zakharova"} <= names
    assert Speaker.objects.get(name="TASS source").kind == Speaker.Kind.ANONYMOUS
    assert Speaker.objects.get(name="Russian media").kind == Speaker.Kind.COLLECTIVE
    assert all(s.needs_review for s in Speaker.objects.all())
    assert Claim.objects.filter(speaker__name="TASS source").count() == 4
    for evidence in Evidence.objects.filter(source=source):
        assert evidence.relation == Evidence.Relation.APPEARS_IN
        assert evidence.excerpt and evidence.excerpt in source.body
    first = result.statements[0]
    assert first.claim.outlet.name == "RIA Novosti" and first.claim.quote_kind == "direct"
    cited = Source.objects.filter(cited_by__citing=source)
    assert sorted(cited.values_list("title", flat=True)) == [
        f"RIA Novosti report cited by {TITLE}",
        f"TASS report cited by {TITLE}",
    ]
    assert {s.kind for s in cited} == {Source.Kind.WIRE_REPORT} and not any(s.url for s in cited)
    assert all(o.needs_review for o in Outlet.objects.all())


def test_reimport_adds_nothing(editor):
    _import(editor)
    before = _counts()
    again = _import(editor)
    assert not again.created_anything and not again.source_created
    assert {s.status for s in again.statements} == {"existing"}
    assert _counts() == before


def test_reimport_by_url_and_recognised_outlet(editor):
    outlet = Outlet.objects.create(name="Pravda.Ru", slug="pravda-ru")
    outlet.domains.create(domain="pravda.ru")
    url = "https://english.pravda.ru/world/talks/?utm_source=x"
    first = article_import(text=TEXT, outlet_name="Somebody Else", user=editor, url=url)
    assert first.source.outlet == outlet and first.outlets_created == 2  # TASS, RIA Novosti
    again = article_import(
        text=TEXT,
        outlet_name="Pravda.Ru",
        user=editor,
        url=url.replace("https://english", "HTTPS://English"),
    )
    assert again.source == first.source and not again.created_anything
    edited = TEXT.replace("just over an hour", "about an hour")
    with pytest.raises(ValidationError, match="different text"):
        article_import(text=edited, outlet_name="Pravda.Ru", user=editor, url=url)


def test_demo_data_speakers_are_reused(editor):
    call_command("load_demo", stdout=StringIO())
    speakers = Speaker.objects.count()
    demo_source = Source.objects.get(title__startswith="Russia-Ukraine talks in Istanbul")
    result = _import(editor)  # a copy with another title: the same body and outlet
    assert result.source == demo_source and result.speakers_created == 0
    assert result.outlets_created == 0 and result.reports_created == 0
    assert Speaker.objects.count() == speakers
    matched = {s.speaker_name: s.claim.speaker.name for s in result.statements}
    assert matched["representative of the Turkish Foreign Ministry"] == (
        "Turkish Ministry of Foreign Affairs representative"
    )
    assert matched["Kyiv"] == "Government of Ukraine"
    pairs = list(Claim.objects.values_list("speaker_id", "text"))
    assert len(pairs) == len(set(pairs))
    assert {s.status for s in result.statements} <= {"existing", "created"}


def test_aliases_match_existing_speakers(editor):
    peskov = SpeakerFactory(name="Dmitry S. Peskov")
    SpeakerAliasFactory(speaker=peskov, name="Dmitry Peskov")
    result = _import(editor, accept=[12])
    assert result.claims_created == 1 and result.statements[12].claim.speaker == peskov
    assert [s.status for s in result.statements].count("skipped") == 14


def test_accept_with_edits(editor):
    result = _import(editor, accept={3: {"speaker_name": "Zelenskyy", "text": "Edited text."}})
    claim = result.statements[3].claim
    assert claim.speaker.name == "Zelenskyy" and claim.text == "Edited text."
    assert Claim.objects.count() == 1
    with pytest.raises(ValidationError, match="No statement number 99"):
        _import(editor, accept=[99])


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), (" \n\t ", "empty"), ("Smith said\x00 hello there.", "NUL")],
)
def test_bad_input_writes_nothing(editor, text, message):
    before = _counts()
    with pytest.raises(ValidationError, match=message):
        article_import(text=text, outlet_name="Pravda.Ru", user=editor)
    assert _counts() == before


def test_too_large_text_is_refused(editor, monkeypatch):
    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="too large"):
        _import(editor)
    assert Source.objects.count() == 0


def test_permissions_are_checked_and_roll_back(contributor):
    viewer = UserFactory(username="viewer")
    with pytest.raises(PermissionDenied):
        _import(viewer)
    # Contributors may not create outlets: an unknown outlet stops the whole import.
    with pytest.raises(PermissionDenied):
        _import(contributor)
    assert _counts() == dict.fromkeys(_counts(), 0)
    for name in ("Pravda.Ru", "TASS", "RIA Novosti"):
        Outlet.objects.create(name=name, slug=name.lower().replace(".", "-").replace(" ", "-"))
    assert _import(contributor).claims_created == 15


def test_command_imports_and_reimports(tmp_path):
    UserFactory(username="root", is_superuser=True)
    out = StringIO()
    call_command(
        "import_article", str(DEMO), outlet="Pravda.Ru", published="2025-06-02", stdout=out
    )
    assert "created 15 claims" in out.getvalue() and "[created] Andriy Yermak" in out.getvalue()
    assert Claim.objects.filter(created_by__username="root").count() == 15
    out = StringIO()
    call_command("import_article", str(DEMO), outlet="Pravda.Ru", stdout=out)
    assert "nothing new created" in out.getvalue()


def test_command_converts_html(tmp_path, editor):
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><style>p {color: red}</style><script>var x = 1;</script></head><body>"
        "<h1>Schools.</h1><p>Lena&nbsp;Park said the school would reopen next week.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    call_command("import_article", str(page), outlet="Local News", user=editor.username)
    claim = Claim.objects.get()
    assert claim.speaker.name == "Lena Park" and "reopen" in claim.text
    source = Source.objects.get(kind=Source.Kind.ARTICLE)
    assert source.title == "Schools." and "<" not in source.body and "color" not in source.body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("caf\u00e9".encode("latin-1"), "not UTF-8"),
        (b"   \n\n  ", "no text"),
    ],
)
def test_command_refuses_bad_files(tmp_path, editor, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path), outlet="X", user=editor.username)
    assert Source.objects.count() == 0


def test_command_other_errors(tmp_path, editor, monkeypatch):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_article", str(tmp_path / "nope.txt"), outlet="X")
    monkeypatch.setattr(command, "MAX_BYTES", 10)
    with pytest.raises(CommandError, match="too large"):
        call_command("import_article", str(DEMO), outlet="X", user=editor.username)
    monkeypatch.undo()
    with pytest.raises(CommandError, match="no superuser"):
        call_command("import_article", str(DEMO), outlet="X")
    with pytest.raises(CommandError, match="no user named"):
        call_command("import_article", str(DEMO), outlet="X", user="ghost")
    with pytest.raises(CommandError, match="not a date"):
        call_command("import_article", str(DEMO), outlet="X", published="June")
    empty = tmp_path / "tags.html"
    empty.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(CommandError, match="no text"):
        call_command("import_article", str(empty), outlet="X", user=editor.username)
    viewer = UserFactory(username="viewer")
    with pytest.raises(CommandError, match="may not"):
        call_command("import_article", str(DEMO), outlet="X", user=viewer.username)
    assert Source.objects.count() == 0
