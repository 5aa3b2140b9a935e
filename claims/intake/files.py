"""Reading article files for the intake commands, with a clear message for each bad file."""

from pathlib import Path

from django.core.management.base import CommandError

MAX_BYTES = 5 * 1024 * 1024


def read_text_file(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Return the UTF-8 text of a file, or raise CommandError saying what is wrong with it:
    missing, empty, too large, binary, not UTF-8, or only white space."""
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise CommandError(f"{path}: the file is empty")
    if size > max_bytes:
        raise CommandError(
            f"{path}: the file is too large ({size:,} bytes; the limit is {max_bytes:,})"
        )
    data = path.read_bytes()
    if b"\x00" in data:
        raise CommandError(f"{path}: this looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise CommandError(f"{path}: the file holds no text, only white space")
    return text
