"""Reading an import file: JSON Lines, CSV or a ClaimReview feed, as numbered raw rows.

Every reader yields `RawRow`s: where the row is in the file ("line 12", or "item 3" inside a
JSON document, which has no useful line numbers), and either the row's columns as a dict or the
reason it could not be read at all. ClaimReview objects are turned into the same columns as a
JSON Lines row (see feed.py), so validation and loading are the same for every format.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .feed import FeedError, is_claim_review, review_to_row

FORMATS = ("auto", "jsonl", "csv", "claimreview")
# Containers a ClaimReview feed may wrap its reviews in: the product's own paginated API
# ("results"), JSON-LD graphs ("@graph") and schema.org ItemLists ("itemListElement").
FEED_KEYS = ("results", "@graph", "itemListElement")


class ReadError(Exception):
    """The file as a whole cannot be read (not a format we know, broken JSON document...)."""


@dataclass
class RawRow:
    """One row as read: its place in the file and its columns, or why it is unreadable."""

    where: str
    data: dict = field(default_factory=dict)
    error: str = ""
    feed: dict | None = None  # what only a ClaimReview carries: speaker_kind, appearances


def _has_bad_bytes(value) -> bool:
    # Files are decoded with surrogateescape: a lone surrogate is a byte that was not UTF-8.
    if not isinstance(value, str) or value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _object_row(where: str, obj) -> RawRow:
    """A JSON value from the file as a row: a plain object, or a ClaimReview to map."""
    if not isinstance(obj, dict):
        return RawRow(where, error=f"expected a JSON object, got {type(obj).__name__}")
    if is_claim_review(obj):
        try:
            columns, feed = review_to_row(obj)
            return RawRow(where, columns, feed=feed)
        except FeedError as error:
            return RawRow(where, error=str(error))
    return RawRow(where, obj)


def read_jsonl(path: Path) -> Iterator[RawRow]:
    """One JSON object a line (a plain row or a ClaimReview); blank lines are skipped."""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"line {number}"
            if _has_bad_bytes(line):
                yield RawRow(where, error="the line is not valid UTF-8")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as error:
                yield RawRow(where, error=f"not valid JSON ({error.msg}, column {error.colno})")
                continue
            yield _object_row(where, obj)


def read_csv(path: Path) -> Iterator[RawRow]:
    """A header line naming the columns, then one claim a record; "line N" is where it starts."""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ReadError(f"line 1: the CSV header cannot be read ({error})") from error
        columns = [name.strip().lower() for name in header]
        start = reader.line_num + 1
        while True:
            where = f"line {start}"
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield RawRow(where, error=f"not valid CSV ({error})")
                return  # the reader cannot find the next record after a broken one
            start = reader.line_num + 1
            if not any(value.strip() for value in record):
                continue
            if len(record) != len(columns):
                yield RawRow(
                    where, error=f"{len(record)} fields where the header names {len(columns)}"
                )
                continue
            if any(_has_bad_bytes(value) for value in record):
                yield RawRow(where, error="the record is not valid UTF-8")
                continue
            yield RawRow(where, dict(zip(columns, record, strict=True)))


def _feed_items(document) -> list:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in FEED_KEYS:
            if isinstance(document.get(key), list):
                items = document[key]
                # A ListItem wraps its review in "item"; a @graph mixes in other nodes.
                items = [i["item"] if isinstance(i, dict) and "item" in i else i for i in items]
                if key == "@graph":
                    items = [i for i in items if is_claim_review(i)]
                return items
        if is_claim_review(document):
            return [document]
    raise ReadError(
        "a JSON document must be an array of ClaimReview objects, one ClaimReview, or an "
        'object holding them in "results", "@graph" or "itemListElement"'
    )


def read_feed(path: Path) -> Iterator[RawRow]:
    """A ClaimReview feed as one JSON document, rows numbered "item N" from 1; or, when the
    file holds one JSON object a line, those objects as JSON Lines."""
    text = path.read_text(encoding="utf-8-sig", errors="surrogateescape")
    if _has_bad_bytes(text):
        raise ReadError("the file is not valid UTF-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # one ClaimReview a line
            yield from read_jsonl(path)
            return
        raise ReadError(f"line {error.lineno}: not valid JSON ({error.msg})") from error
    for number, item in enumerate(_feed_items(document), start=1):
        yield _object_row(f"item {number}", item)


def detect_format(path: Path) -> str:
    """Guess the format: .csv is CSV, .jsonl/.ndjson JSON Lines; otherwise a file that parses as
    one JSON array, ClaimReview or feed container is a feed, other JSON is JSON Lines, and
    anything not starting with "[" or "{" is CSV."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    with path.open(encoding="utf-8-sig", errors="surrogateescape") as handle:
        head = handle.read(4096).lstrip()
    if head.startswith("["):
        return "claimreview"
    if not head.startswith("{"):
        return "csv"
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig", errors="surrogateescape"))
    except json.JSONDecodeError:
        return "jsonl"  # "Extra data" after the first object: one object a line
    feed = any(isinstance(document.get(key), list) for key in FEED_KEYS)
    return "claimreview" if feed or is_claim_review(document) else "jsonl"


READERS = {"jsonl": read_jsonl, "csv": read_csv, "claimreview": read_feed}


def read_rows(path: Path, fmt: str = "auto") -> tuple[str, Iterator[RawRow]]:
    """The format used and the file's rows (raises ReadError for an unreadable file)."""
    if not path.is_file():
        raise ReadError(f"{path}: no such file")
    if fmt not in FORMATS:
        raise ReadError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = detect_format(path)
    return fmt, READERS[fmt](path)
