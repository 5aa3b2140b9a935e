"""Speakers named next to a quotation: after an inverted cue ('"...," said Larry Sabato,
director of ...') or as a short description right after the closing mark ('"It is loud," the
visiting beekeeper told ...')."""

import re

from .lexicon import ABBREVIATIONS
from .segment import Sentence

_NAME_AFTER = re.compile(r"\s+((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)\s*(?:[,.;]|$)")
_DAYS = frozenset(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today"]
)
_AFTER_QUOTE_PHRASE = re.compile(
    r"[,?!][\"”]\s+((?:the|a|an|one|another)\s+(?:[a-z][\w'’-]*\s+){0,3}[a-z][\w'’-]*)\s+$"
)


def described_after_quote(text: str, sent: Sentence, cue_start: int) -> tuple[int, int] | None:
    """'"It is loud," the visiting beekeeper told ...': right after a closing quotation, a short
    phrase with a determiner before the cue is its speaker, whatever its noun."""
    match = _AFTER_QUOTE_PHRASE.search(text, max(sent.start, cue_start - 60), cue_start)
    return (match.start(1), match.end(1)) if match else None


def inverted_name(text: str, sent: Sentence, pos: int) -> bool:
    """Return True when a capitalized name follows the cue and ends at a comma or the end."""
    match = _NAME_AFTER.match(text, pos, sent.end)
    if not match:
        return False
    last = match.group(1).split()[-1]
    return last not in _DAYS and last.lower().rstrip(".") not in ABBREVIATIONS
