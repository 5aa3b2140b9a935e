"""Reading article files (UTF-8 text or HTML), with a clear message for each bad file.

The same checks serve the commands (a path on disk, errors as CommandError) and the admin's
upload (errors as BadArticleFile, shown on the form). HTML becomes text with trafilatura, which
keeps the article and leaves out menus, scripts and footers; it is only ever handed the markup,
so it never fetches anything.
"""

from collections.abc import Iterable
from pathlib import Path

import trafilatura
from django.core.management.base import CommandError

MAX_BYTES = 5 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", *HTML_SUFFIXES)


class BadArticleFile(ValueError):
    """A file that holds no readable article; the message says why, for the person who sent it."""


def _check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise BadArticleFile("the file is empty")
    if size > max_bytes:
        raise BadArticleFile(f"the file is too large ({size:,} bytes; the limit is {max_bytes:,})")


def decode_text(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """Return the UTF-8 text of a file's bytes, or raise BadArticleFile: empty, too large,
    binary, not UTF-8, or only white space."""
    _check_size(len(data), max_bytes)
    if b"\x00" in data:
        raise BadArticleFile("this looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadArticleFile(f"not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise BadArticleFile("the file holds no text, only white space")
    return text


def html_to_text(markup: str) -> str:
    """Return the article text of an HTML page, one paragraph a line, or raise BadArticleFile
    when there is none (a page of scripts only, or markup too broken to read)."""
    try:
        # Comments under an article are not the article; tables often carry its figures.
        text = trafilatura.extract(
            markup, include_comments=False, include_tables=True, output_format="txt"
        )
    except (ValueError, TypeError) as exc:  # lxml's refusals of markup it cannot parse
        raise BadArticleFile(f"the HTML could not be read ({exc})") from exc
    if not text or not text.strip():
        raise BadArticleFile(
            "the HTML page holds no text we could extract (only markup or scripts, "
            "or HTML too broken to read)"
        )
    return text


def article_text(data: bytes, *, name: str, max_bytes: int = MAX_BYTES) -> str:
    """Return the text of an article file from its bytes and name (.html is converted)."""
    text = decode_text(data, max_bytes=max_bytes)
    if name.lower().endswith(HTML_SUFFIXES):
        text = html_to_text(text)
    return text


def _read_path(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise BadArticleFile("no such file")
    _check_size(path.stat().st_size, max_bytes)  # before reading an enormous file
    return path.read_bytes()


def read_text_file(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Return the UTF-8 text of a file, or raise CommandError saying what is wrong with it:
    missing, empty, too large, binary, not UTF-8, or only white space."""
    try:
        return decode_text(_read_path(path, max_bytes), max_bytes=max_bytes)
    except BadArticleFile as exc:
        raise CommandError(f"{path}: {exc}") from exc


def read_article_file(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Like read_text_file, converting .html and .htm files to their article text."""
    try:
        return article_text(_read_path(path, max_bytes), name=path.name, max_bytes=max_bytes)
    except BadArticleFile as exc:
        raise CommandError(f"{path}: {exc}") from exc


def read_upload(upload, *, max_bytes: int = MAX_BYTES) -> str:
    """Return the text of an uploaded .txt or .html file (a Django UploadedFile), or raise
    BadArticleFile saying what is wrong with it."""
    name = upload.name or ""
    if not name.lower().endswith(ARTICLE_SUFFIXES):
        raise BadArticleFile("upload a .txt or .html file")
    _check_size(upload.size or 0, max_bytes)  # before reading an enormous upload
    data = b"".join(_chunks(upload.chunks(), max_bytes))
    return article_text(data, name=name, max_bytes=max_bytes)


def _chunks(chunks: Iterable[bytes], max_bytes: int) -> Iterable[bytes]:
    """Yield the chunks, stopping just past the limit (the size claimed may be wrong)."""
    seen = 0
    for chunk in chunks:
        seen += len(chunk)
        yield chunk
        if seen > max_bytes:
            return
