"""`manage.py extract_attributions`: a text file, a JSONL file, and files it must refuse."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.management.commands import extract_attributions as command

DEMO = Path(__file__).resolve().parents[2] / "claims" / "demo" / "istanbul-talks.txt"


def test_text_file_prints_one_object_per_statement(capsys):
    call_command("extract_attributions", str(DEMO))
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 15
    assert records[0]["outlet"] == "RIA Novosti"
    assert "Çırağa" not in lines[0]  # one statement per line, not the whole article
    assert "Andriy Yermak" in lines[6] and "\\u" not in lines[6]


def test_jsonl_prints_one_line_per_article(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    rows = [
        {"doc_id": "a", "text": "Lena Park said the school would reopen."},
        {"doc_id": "b", "text": "Nothing was said here by anyone in particular."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    call_command("extract_attributions", jsonl=str(src))
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["doc_id"] for r in out] == ["a", "b"]
    assert out[0]["attributions"][0]["speaker"] == "Lena Park"
    assert out[1]["attributions"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("caf\u00e9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_are_refused(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("extract_attributions", str(path))


def test_enormous_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(command, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("Lena Park said the school would reopen.", encoding="utf-8")
    with pytest.raises(CommandError, match="too large"):
        call_command("extract_attributions", str(path))


def test_missing_file_and_bad_jsonl(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("extract_attributions", str(tmp_path / "nope.txt"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 1"):
        call_command("extract_attributions", jsonl=str(bad))
    with pytest.raises(CommandError, match="either FILE or --jsonl"):
        call_command("extract_attributions")
