"""Headlines: "Clinton Says Trump Is Unfit", "John McCain: Populist Anger Appeals to ...".

A headline is a paragraph of one short sentence: the article's first line, or any line written
in title case. Its verbs are capitalized, so the sentence rules (which read lower-case cues)
miss "Says"; and a name before a colon is the headline's way of quoting someone.
"""

import re

from .content import Found
from .lexicon import word_list
from .locate import phrase_span
from .patterns import CUE, SAY_SET
from .segment import QUOTE_CHARS, Sentence
from .speakers import plausible

_MAX_WORDS = 30
_MAX_SPEAKER_WORDS = 6
_MIN_CONTENT_WORDS = 3
_TITLE_SHARE = 0.7
_CUE_ANY_CASE = re.compile(CUE.pattern, re.IGNORECASE)
_COLON = re.compile(r"\s*:\s+")
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
# Rubrics that open a headline with a colon ("The Latest: ...", "Correction: ...").
_LABELS = frozenset(
    word_list(
        "latest update updates wow look correction corrections contributing poll polls bombshell "
        "exclusive breaking watch video videos analysis opinion editorial notice nerdcast report "
        "podcast live photos review interview explainer transcript note"
    )
)
_DASHES = (" — ", " – ", " - ")
_NOT_SAYING = re.compile(r"\s+(?:Of|By|To|About|For|On)\b")
# Short words a title-case headline leaves in lower case.
_SMALL_WORDS = frozenset(word_list("a an the of to in on at for and or but by with from as vs via"))


def is_headline(text: str, sent: Sentence, whole_paragraph: bool) -> bool:
    """Return True when `sent`, a paragraph of its own, reads as a headline."""
    if not whole_paragraph:
        return False
    words = _WORD.findall(text, sent.start, sent.end)
    if not words or len(words) > _MAX_WORDS:
        return False
    return sent.para == 0 or _title_case(words)


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(content) >= 3 and sum(w[0].isupper() for w in content) >= _TITLE_SHARE * len(content)


def find_in_headline(text: str, sent: Sentence) -> list[Found]:
    """Return the headline's attribution: "NAME: statement" or "NAME Says statement"."""
    start = sent.start
    colon = _COLON.search(text, sent.start, sent.end)
    if colon:
        speaker = phrase_span(text, sent.start, colon.start())
        if text[speaker[0] : speaker[1]].split()[0] in ("Said", "Says"):
            return []  # 'Said Ellis: "..."' is read by the sentence rules
        if _is_label(text[speaker[0] : speaker[1]]):
            start = colon.end()  # "The Latest: Mourners say ...": read on after the label
        elif _speaker_ok(text, speaker) and _enough(text, colon.end(), sent.end):
            return [Found(speaker, ":", [(colon.end(), sent.end)], sent.start, sent.end)]
    words = _WORD.findall(text, start, sent.end)
    if not _title_case(words):
        return []  # a headline in sentence case: the sentence rules read it
    for match in _CUE_ANY_CASE.finditer(text, start, sent.end):
        verb = match.group("verb")
        if not verb[:1].isupper() or verb.lower() not in SAY_SET:
            continue
        if sent.inside_quote(match.start()):
            continue
        if _NOT_SAYING.match(text, match.end(), sent.end):
            continue  # "Accused Of", "Responded To", "Asked About": not a statement
        cue = " ".join(match.group(0).split())
        # "Old Pump Found In River — Some Say ...": the speaker opens the last part.
        dash = max(text.rfind(d, start, match.start()) for d in _DASHES)
        speaker = phrase_span(text, dash + 2 if dash >= 0 else start, match.start())
        if _speaker_ok(text, speaker) and _enough(text, match.end(), sent.end):
            return [Found(speaker, cue, [(match.end(), sent.end)], sent.start, sent.end)]
        # "Levee Was Never Inspected, Former Engineer Says.": the statement before the speaker.
        comma = text.rfind(", ", start, match.start())
        if comma < 0 or text[match.end() : sent.end].strip(" .!"):
            continue
        speaker = phrase_span(text, comma + 1, match.start())
        if _speaker_ok(text, speaker) and _enough(text, start, comma):
            return [Found(speaker, cue, [(start, comma)], sent.start, sent.end)]
    return []


def _is_label(phrase: str) -> bool:
    """ "The Latest", "Breaking", "EXCLUSIVE", "Revealed": a rubric, not a speaker."""
    words = phrase.split()
    last = words[-1].lower() if words else ""
    return (
        not words
        or last in _LABELS
        or (len(words) == 1 and (phrase.isupper() or last.endswith(("ing", "ed"))))
    )


def _speaker_ok(text: str, span: tuple[int, int]) -> bool:
    phrase = text[span[0] : span[1]]
    return (
        0 < len(phrase.split()) <= _MAX_SPEAKER_WORDS
        and not any(q in phrase for q in QUOTE_CHARS)
        and plausible(phrase)
    )


def _enough(text: str, a: int, b: int) -> bool:
    return len(text[a:b].split()) >= _MIN_CONTENT_WORDS
