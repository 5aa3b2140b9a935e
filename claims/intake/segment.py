"""Split an article into paragraphs, quotations and sentences, keeping character offsets.

Quotation marks may be straight, curly or mixed (a straight opening quote closed by a curly one):
a curly opening mark always opens, a curly closing mark always closes, and a straight mark closes
an open quotation or opens a new one. Sentence ends inside a quotation do not split the sentence,
so a quotation of several sentences stays in the sentence that attributes it.
"""

import itertools
import re
from dataclasses import dataclass

from .lexicon import ABBREVIATIONS, BOILERPLATE

OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"
QUOTE_CHARS = '"“”„«»'
_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[A-Z0-9])|[.!?…]+[\"”’')\]]*\s*$")
_AGENCY_AFTER = re.compile(r"\s+\([A-Z][A-Za-z .]{0,20}\)\s*(?:—|–|--|-\s)")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
_STATE_INITIALS = frozenset(["n.j", "n.y", "n.c", "s.c", "n.h", "n.m", "n.d", "s.d", "r.i"])
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its offsets, its paragraph, and the quotations that touch it."""

    start: int
    end: int
    para: int
    quotes: tuple[tuple[int, int], ...]
    open_at_end: bool  # the paragraph's last quotation is not closed and runs to its end

    def starts_with_quote(self, text: str) -> bool:
        """Return True when the sentence opens with a quotation mark."""
        return self.start < len(text) and text[self.start] in QUOTE_CHARS

    def inside_quote(self, pos: int) -> bool:
        """Return True when character `pos` lies strictly inside a quotation."""
        return any(a < pos < b - 1 for a, b in self.quotes) or any(
            a < pos and b == self.end and self.open_at_end for a, b in self.quotes
        )


def quote_spans(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
    """Return the quotations of text[start:end] as (open, close+1) and whether one is left open."""
    spans: list[tuple[int, int]] = []
    opened = -1
    for i in range(start, end):
        ch = text[i]
        if ch not in QUOTE_CHARS:
            continue
        if ch in OPEN_QUOTES:
            if opened < 0:
                opened = i
        elif ch in CLOSE_QUOTES or opened >= 0:
            if opened >= 0:
                spans.append((opened, i + 1))
                opened = -1
        else:
            opened = i
    if opened >= 0:
        spans.append((opened, end))
        return spans, True
    return spans, False


def is_abbreviation(text: str, dot: int) -> bool:
    """Return True when the period at `dot` ends an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if len(word) == 1 and text[dot - 1].isupper():
        return True
    if (
        "." in word
        and text[dot - 1].isupper()
        and _INITIALS.fullmatch(word)
        and word not in _STATE_INITIALS
        and text[dot + 1 : dot + 3].strip()[:1].isalpha()
    ):
        # "T.R. Okafor", "P.K. Osei": initials run together, not "N.J." nor "A.F.L.-C.I.O."
        # before a quotation that opens the next sentence
        return True
    if word == "no":
        # "No. 1" is an abbreviation; "the senator said no. But ..." ends a sentence.
        return text[dot + 1 : dot + 3].strip()[:1].isdigit()
    return word in ABBREVIATIONS


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each non-empty line, without surrounding spaces or boilerplate."""
    out = []
    for match in _PARAGRAPH.finditer(text):
        a, b = match.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and not BOILERPLATE.match(text, a, b):
            out.append((a, b))
    return out


def sentences(text: str) -> list[Sentence]:
    """Return the sentences of `text` in order, each with the quotations it contains."""
    out: list[Sentence] = []
    for para_no, (pstart, pend) in enumerate(paragraphs(text)):
        spans, left_open = quote_spans(text, pstart, pend)
        cuts = [pstart]
        for match in _SENTENCE_END.finditer(text, pstart, pend):
            cut = match.end()
            if any(a < cut < b for a, b in spans):
                continue
            if text[match.start()] == "." and is_abbreviation(text, match.start()):
                continue
            if _AGENCY_AFTER.match(text, cut):
                continue  # "RENO, Nev. (AP) — ...": the state and the agency of a dateline
            cuts.append(cut)
        if cuts[-1] != pend:
            cuts.append(pend)
        for a, b in itertools.pairwise(cuts):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a >= b:
                continue
            mine = tuple((qa, qb) for qa, qb in spans if qa < b and qb > a)
            is_last = b == pend or not text[b:pend].strip()
            out.append(Sentence(a, b, para_no, mine, left_open and is_last))
    return out
