"""article_preview() (what an import would do, writing nothing) and reading article files."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.intake import files
from claims.intake.importer import article_import, article_preview, attributions_digest
from claims.models import Claim, Speaker
from sources.models import Outlet, Source
from tests.factories import OutletDomainFactory, SpeakerAliasFactory, SpeakerFactory

DEMO = Path(__file__).resolve().parents[2] / "claims" / "demo" / "istanbul-talks.txt"
TEXT = DEMO.read_text(encoding="utf-8")

pytestmark = pytest.mark.django_db


def test_preview_writes_nothing_and_shows_what_is_new(editor):
    preview = article_preview(text=TEXT, outlet_name="Pravda.Ru")
    assert Source.objects.count() == Speaker.objects.count() == Outlet.objects.count() == 0
    assert preview.source is None and preview.outlet is None and preview.text == TEXT.strip()
    assert len(preview.statements) >= 12  # 15 in the hand annotation
    assert all(s.speaker is None and not s.claim_on_file for s in preview.statements)
    assert {s.attribution.outlet for s in preview.statements if s.outlet_is_new} == {
        "TASS",
        "RIA Novosti",
    }
    assert preview.digest == attributions_digest([s.attribution for s in preview.statements])


def test_preview_agrees_with_the_import(editor):
    peskov = SpeakerFactory(name="Dmitry S. Peskov")
    SpeakerAliasFactory(speaker=peskov, name="Dmitry Peskov")
    tass = Outlet.objects.create(name="TASS", slug="tass")
    found = article_preview(text=TEXT, outlet_name="Pravda.Ru").statements
    said = next(s.index for s in found if s.speaker_name == "Dmitry Peskov")
    result = article_import(text=TEXT, outlet_name="Pravda.Ru", user=editor, accept=[0, said])
    preview = article_preview(text=TEXT, outlet_name="pravda.ru")
    assert preview.source == result.source and preview.outlet == result.source.outlet
    assert preview.statements[said].speaker == peskov
    assert [i for i, s in enumerate(preview.statements) if s.claim_on_file] == [0, said]
    assert all(s.outlet == tass for s in preview.statements if s.attribution.outlet == "TASS")
    assert not any(s.outlet_is_new for s in preview.statements)
    for item, shown in zip(result.statements, preview.statements, strict=True):
        assert (item.speaker_name, item.text) == (shown.speaker_name, shown.text)


def test_preview_recognises_the_outlet_from_the_url(editor):
    domain = OutletDomainFactory(domain="pravda.ru", outlet__name="Pravda.Ru")
    url = "https://english.pravda.ru/world/talks/"
    preview = article_preview(text=TEXT, outlet_name="", url=url)
    assert preview.outlet == domain.outlet and preview.outlet_name == "Pravda.Ru"
    article_import(text=TEXT, outlet_name="", url=url, user=editor, accept=[])
    with pytest.raises(ValidationError, match="different text"):
        article_preview(text=TEXT + "\nMore.", outlet_name="", url=url)


def test_preview_queries_are_bounded(editor):
    article_import(text=TEXT, outlet_name="Pravda.Ru", user=editor)  # everything on file
    with CaptureQueriesContext(connection) as queries:
        article_preview(text=TEXT, outlet_name="Pravda.Ru")
    assert len(queries) <= 6  # source, speakers, aliases, outlets, claims (+ URL outlet)


def test_import_refuses_a_stale_review(editor):
    with pytest.raises(ValidationError, match="review again"):
        article_import(text=TEXT, outlet_name="Pravda.Ru", user=editor, digest="0" * 64)
    assert Source.objects.count() == 0


ARTICLE = [
    "The city will close the old bridge on Monday, Mayor Ana Ruiz said on Friday.",
    "Engineers found cracks in two of its pillars during an inspection in March, and repairs "
    "are expected to take at least a year.",
    "Traffic will be sent over the new bridge to the north, which opened in 2019. Buses will "
    "run every ten minutes at peak hours, the transport office said.",
]


def test_command_strips_page_boilerplate_with_trafilatura(tmp_path, editor):
    page = tmp_path / "page.htm"
    page.write_text(
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li>World</li></ul></nav>"
        "<article><h1>Bridge closes</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE)
        + "</article><footer>Subscribe to our newsletter. Copyright 2025</footer></body></html>",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_article", str(page), outlet="Gazette", user=editor.username, stdout=out)
    source = Source.objects.get()
    assert source.body.splitlines() == ["Bridge closes", *ARTICLE]
    assert source.title == "Bridge closes"
    assert "Ana Ruiz" in set(Claim.objects.values_list("speaker__name", flat=True))
    assert f"created {Claim.objects.count()} claims" in out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"", "empty"),
        ("a.html", b"\x00<html>", "binary"),
        ("a.html", "<p>caf\u00e9</p>".encode("cp1252"), "not UTF-8"),
        ("a.html", b"<html><head><title>Only a title</title></head></html>", "no text"),
        ("a.html", b"<!-- nothing -->", "no text"),
        ("a.docx", b"PK\x03\x04", ".txt or .html"),
    ],
)
def test_read_upload_refuses_bad_files(name, content, message):
    with pytest.raises(files.BadArticleFile, match=message):
        files.read_upload(SimpleUploadedFile(name, content))


def test_read_upload_limits_size_and_converts_html():
    with pytest.raises(files.BadArticleFile, match="too large"):
        files.read_upload(SimpleUploadedFile("a.txt", b"x" * 11), max_bytes=10)
    page = "<html><body><p>Lena Park said the school would reopen next week.</p></body></html>"
    text = files.read_upload(SimpleUploadedFile("A.HTML", page.encode()))
    assert text == "Lena Park said the school would reopen next week."
    assert files.read_upload(SimpleUploadedFile("a.txt", "\ufeffHi there.".encode())) == (
        "Hi there."
    )
