"""Where the speaker of a cue is: the phrase before it, after it, or the sentence's subject.

Each function reads character offsets in the text and returns a (start, end) span, or None when
no plausible speaker phrase (see `speakers.plausible`) sits where the cue's syntax puts it.
"""

import re

from .lexicon import (
    AFTER_SPEAKER,
    INTRO_WORDS,
    NOT_IN_NP,
    PARTICIPLES,
    SPEAKER_NOUNS,
    TITLE_WORDS,
    word_list,
)
from .patterns import ACCORDING, ADJUNCT, BOUNDARY, CLAUSE_WORD, FORWARD_STOP
from .segment import QUOTE_CHARS, Sentence, is_abbreviation
from .speakers import analyse, plausible, strip_openers

PARTICIPLE_WORDS = frozenset(PARTICIPLES)
TRIM = " \t\n,;:—–-"
_MIN_CONTINUATION_WORDS = 3
_DESCRIBED = re.compile(r"(?:the|a|an|one|another)(?:\s+[a-z][\w'’-]*){1,4}")
_NOT_CONTINUING = frozenset(["citing", "which", "who", "whose"])
_MAX_PARENTHETICAL_WORDS = 20
_MAX_ASIDE_WORDS = 15
# What may follow an inverted speaker's head inside the speaker phrase, up to a comma or the end.
_SPEAKER_TAIL = re.compile(
    r"(?:close to|familiar with|with (?:knowledge|direct knowledge) of|briefed on|involved in|"
    r"of|for|from|at|with|to|that)\s[^,;:.!?\"“”]{1,60}?(?=\s*(?:[,;:.!?]|$)|\s+who\b)"
)
# After a cue: an optional short adjunct, then the comma, colon or semicolon that resumes.
_CONTINUATION = re.compile(r"(?P<adjunct>\s+[^,;:\"“”.!?]{1,80}?)?\s*[,;:]\s*")
# A sentence adverb or a channel set off by commas between a speaker and its cue.
_SENTENCE_ASIDE = re.compile(
    r",\s*(?:however|meanwhile|too|though|also|in turn|for (?:instance|example)|"
    r"for (?:his|her|its|their) part|in response|instead|likewise|similarly|"
    r"by contrast|in contrast|on the other hand|nonetheless|in fact|of course|separately|"
    r"in (?:a|an|his|her|its|their) (?:written )?(?:statement|interview|letter|e-?mail|tweet|"
    r"post|release|speech|op-ed|memo)(?: [A-Z][a-z]+day| on [A-Z]\w+)?)\s*,\s*$"
)
# Where a place follows a name: "Ann Lee of Porto".
_NAME_PLACE = re.compile(r"\s(?:of|from|at)\s+(?:the\s+)?[A-Z]")
# A name described by a relative clause at the start of a sentence: "Ann Lee, who ...".
_NAME_WHO = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,4}[A-Z][\w'’.-]*),\s+who\s")
# '"Is it late?" Lee asked the mayor.': a listener of a few words, perhaps an adverb and the
# circumstances; no word that opens a reported question or clause.
_LISTENER_ONLY = re.compile(
    r"\s*(?!(?:that|if|whether|why|how|what|who|when|where|to|about|for)\b)"
    r"(?:[\w'’.-]+\s+){0,4}?[\w'’.-]+?(?:\s+\w+ly)?"
    r"(?:\s*[.!?]?\s*$|\s*,|\s+(?:during|in|at|on|as|after|before|when|while)\s)"
)
_REPORTING_WORDS = frozenset(
    ["that", "if", "whether", "why", "how", "what", "who", "to", "about", "for"]
)
_TIMES = frozenset(
    word_list("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight")
)
_INTRO_MAX_WORDS = 6
_ROLE_PREPOSITIONS = frozenset(["of", "at", "for", "with", "to"])
_ROLE_NOUNS = SPEAKER_NOUNS | TITLE_WORDS
_MAX_APPOSITIVES = 4
_MAX_SHORT_SUBJECT = 3
_APPOSITIVE_BOUNDARIES = (",", "(")
# First words of a phrase set off by commas after a name ("Smith, who ...", "Smith, now ...").
_APPOSITIVE_OPENERS = frozenset(
    word_list(
        "who whom whose which a an the his her their its herself himself themselves itself now "
        "then formerly former once also both each another one like in at of for from with on as "
        "after during including by"
    )
)


def segment_before(text: str, lo: int, hi: int) -> tuple[int, str]:
    """Return the start and the boundary character of the phrase ending at `hi`."""
    last = None
    for match in BOUNDARY.finditer(text, lo, hi):
        last = match
    if last is None:
        return lo, ""
    return last.end(), last.group(0).strip()


def phrase_span(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces and leading openers ("But", "Meanwhile") from the span a..b."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    stripped = strip_openers(text[a:b])
    if stripped != text[a:b]:
        a = b - len(stripped)
    return a, b


def _skip_parenthetical(text: str, lo: int, end: int) -> int:
    """Return where a short parenthesis just before `end` opens ("Rand Paul (R-Ky.) said")."""
    stripped = text[lo:end].rstrip()
    if not stripped.endswith(")"):
        return end
    opening = stripped.rfind("(")
    if opening < 0 or len(stripped[opening:].split()) > _MAX_PARENTHETICAL_WORDS:
        return end
    return lo + opening


def appositive_like(phrase: str) -> bool:
    """Return True for a phrase that can sit between a speaker and its cue, set off by commas."""
    words = phrase.split()
    if not words:
        return True
    first = words[0].lower()
    return (
        first in _APPOSITIVE_OPENERS
        or first in SPEAKER_NOUNS
        or first in TITLE_WORDS
        or first[:1].isdigit()
        or (first.endswith(("ing", "ed")) and len(words) <= 12)
        or (len(words) <= 15 and _role_phrase(words))
        or (len(words) <= 10 and plausible(phrase))
        or _is_name(phrase)
    )


def _role_phrase(words: list[str]) -> bool:
    """ "dean of the law school", "Mexico's ambassador to the U.S.", "professor at Yale"."""
    first = words[0]
    if first.endswith(("'s", "’s")) and len(words) > 1:
        return True
    if first[:1].isupper() or first.lower() in NOT_IN_NP:
        return False
    if len(words) > 2 and words[1] in _ROLE_PREPOSITIONS:
        return True
    # "communications director for the campaign", "deputy campaign manager": lower-case
    # modifiers before a role noun, which the phrase ends with or a preposition follows.
    head = next((i for i, w in enumerate(words) if w in _ROLE_PREPOSITIONS), len(words))
    return (
        1 <= head <= 4
        and all(w[:1].islower() and w not in NOT_IN_NP for w in words[:head])
        and words[head - 1].strip(",").lower() in _ROLE_NOUNS
    )


def _appositive_speaker(text: str, sent: Sentence, pos: int) -> tuple[int, int] | None:
    """Read back over appositives from the comma at `pos`: "Smith, 55, a lawyer who ..., said".

    Returns the head with the appositive next to it when that is a role or a name ("Smith, a
    spokesman", "his deputy, Sam Cole"), else the head alone.
    """
    role: tuple[int, int] | None = None  # the appositive next to the head
    fallback: tuple[int, int] | None = None
    for _ in range(_MAX_APPOSITIVES):
        # "Sen. Ann Lee (R-Ohio), a member of the panel, said": the head keeps its parenthesis.
        pos = _skip_parenthetical(text, sent.start, pos)
        start, boundary = segment_before(text, sent.start, pos)
        a, b = phrase_span(text, start, pos)
        phrase = text[a:b]
        at_start = boundary not in _APPOSITIVE_BOUNDARIES
        if at_start and not (role is not None and a < b and plausible(phrase)):
            # "One of the authors of the report, Ari Fleischer, said": the name set off by commas.
            named = role is not None and _is_name(text[role[0] : role[1]])
            return fallback or (role if named else None)
        # The head if it is a name (or the clause's first phrase), else one more appositive.
        if role is not None and plausible(phrase) and (at_start or _is_head(phrase)):
            words = text[role[0] : role[1]].split()
            if words[0].lower() in ("a", "an", "the") or _name_like(text[role[0] : role[1]]):
                head = (a, role[1])  # "Smith, a spokesman," / "his deputy, Sam Cole,"
            else:
                head = (a, b)
            if at_start or phrase[:1].isupper():
                return head
            # "a farmer from the valley" may itself follow a name: read on, keep it in reserve.
            fallback = fallback or head
        if not appositive_like(phrase):
            return fallback
        if a < b:
            role = (a, b)
        pos = start - 1
    return fallback


def _dashed_speaker(text: str, sent: Sentence, closing_end: int) -> tuple[int, int] | None:
    """ "Jason Sims — a teacher from Mount Pleasant — says": the head before the opening dash."""
    closing = closing_end - 1
    while closing > sent.start and text[closing] not in "—–-":
        closing -= 1
    # The opening dash of the same kind; the aside may hold commas ("— including A, B, C —").
    opening = text.rfind(text[closing], sent.start, closing)
    inner = text[opening + 1 : closing].strip()
    if opening < 0 or len(inner.split()) > _MAX_ASIDE_WORDS or not appositive_like(inner):
        return None
    inner_start = opening + 1
    head_start, head_boundary = segment_before(text, sent.start, inner_start - 1)
    a, b = phrase_span(text, head_start, inner_start - 1)
    if head_boundary in ("—", "–", "-") or a >= b or not plausible(text[a:b]):
        return None
    return (a, b)


def _is_name(phrase: str) -> bool:
    """A capitalized name of two to four words ("Ari Fleischer", "Gregory W. Meeks"), perhaps
    with its place ("Ann Lee of Porto", "Tom Ruiz from the Liberty Church")."""
    place = _NAME_PLACE.search(phrase)
    if place and place.start() > 0:
        phrase = phrase[: place.start()]
    words = phrase.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and plausible(phrase)


def _name_like(phrase: str) -> bool:
    """Capitalized words only ("Sam Cole", "TASS"), or a name with its place."""
    return all(w[:1].isupper() for w in phrase.split()) or _is_name(phrase)


def _is_head(phrase: str) -> bool:
    """A speaker head before appositives: a capitalized name or a short determiner phrase."""
    return phrase[:1].isupper() or phrase.split()[0].lower() in ("a", "an", "the", "one")


def _short_subject(text: str, a: int, b: int) -> int:
    """Return where a short subject ending at `b` starts ("half of what experts", "Ann Lee")."""
    words = text[a:b].split()
    for n in range(min(_MAX_SHORT_SUBJECT, len(words) - 1), 0, -1):
        tail = " ".join(words[-n:])
        first = words[-n]
        # A capitalized start, or a plural noun phrase: "experts", "many voters".
        if plausible(tail) and (first[:1].isupper() or tail.endswith("s")):
            return b - len(tail)
    return b


def speaker_before(text: str, sent: Sentence, cue_start: int) -> tuple[int, int] | None:
    """Find the speaker phrase that ends just before a cue, with an appositive role if any."""
    span = _speaker_before(text, sent, cue_start)
    if span is not None and text[sent.start : cue_start].rstrip().endswith(","):
        # "Ann Lee, who lost her barn in Dover, Delaware, in 2012, said": a place inside the
        # relative clause is no speaker; the name the clause describes is.
        named = _NAME_WHO.match(text, sent.start, cue_start)
        if named and span[0] > named.end() and " who " not in text[span[0] : span[1]]:
            return named.span(1)
    return span


def _speaker_before(text: str, sent: Sentence, cue_start: int) -> tuple[int, int] | None:
    before = text[sent.start : cue_start].rstrip()
    if before.endswith(","):
        # "Critics, however, say ...", "The mayor, in a statement Tuesday, said ...": the
        # speaker is before the aside.
        aside = _SENTENCE_ASIDE.search(text, max(sent.start, cue_start - 60), cue_start)
        if aside:
            cue_start = aside.start()
            before = text[sent.start : cue_start].rstrip()
    if before.endswith("),"):
        cue_start = sent.start + len(before) - 1  # "Gov. John Kasich (R-Ohio), said"
    cue_start = _skip_parenthetical(text, sent.start, cue_start)
    seg_start, boundary = segment_before(text, sent.start, cue_start)
    a, b = phrase_span(text, seg_start, cue_start)
    if a >= b and boundary == ",":
        # "Smith, a spokesman for the group, said" or "Smith, who ..., said".
        return _appositive_speaker(text, sent, seg_start - 1)
    if a >= b and boundary in ("—", "–", "-"):
        return _dashed_speaker(text, sent, seg_start)
    if a < b and not plausible(text[a:b]):
        clauses = list(CLAUSE_WORD.finditer(text, a, b))
        if clauses:
            a, b = phrase_span(text, clauses[-1].end(), b)
        else:
            a = _short_subject(text, a, b)
        boundary = ""
    if a >= b or not plausible(text[a:b]):
        return None
    if boundary == ",":
        # "the head of the office, Andriy Yermak said": a role phrase before the name.
        prev_start, _ = segment_before(text, sent.start, seg_start - 1)
        pa, pb = phrase_span(text, prev_start, seg_start - 1)
        role = text[pa:pb]
        info = analyse(text[a:b])
        if (
            info.kind == "person"
            and info.role is None
            and role.split()[:1] in (["the"], ["a"], ["an"])
            and plausible(role)
            and analyse(role).kind != "person"
            and len(role.split()) <= 8
        ):
            return (pa, b)
    return (a, b)


def speaker_after(text: str, sent: Sentence, pos: int) -> tuple[int, int] | None:
    """Find the speaker phrase that follows an inverted cue ('"...," said Smith')."""
    stop = FORWARD_STOP.search(text, pos, sent.end)
    while stop and stop.group(0) == "." and is_abbreviation(text, stop.start()):
        stop = FORWARD_STOP.search(text, stop.end(), sent.end)  # "said Mr. Okafor", "Ann W. Lee"
    end = stop.start() if stop else sent.end
    a, b = phrase_span(text, pos, end)
    # '"...," said the visiting beekeeper': after an inverted cue a described person, any noun
    described = _DESCRIBED.fullmatch(text, a, b) is not None and not any(
        w in NOT_IN_NP or w.endswith("ed") for w in text[a:b].split()
    )
    if a >= b or not (described or plausible(text[a:b])) or text[a:b].lower() in _TIMES:
        return None  # "The deal, announced Friday, ...": a time, not a speaker
    follow = text[b : sent.end].lstrip()
    if follow[:1].isalpha() and follow.split()[0] not in AFTER_SPEAKER:
        # "said a source close to the campaign", "said one person with knowledge of the talks"
        tail = _SPEAKER_TAIL.match(follow)
        if tail is None:
            return None
        return (a, sent.end - len(follow) + tail.end())
    # An appositive after a comma: "said Smith, a spokesman for the group."
    if text[b : b + 1] == ",":
        rest_end = FORWARD_STOP.search(text, b + 1, sent.end)
        ra, rb = phrase_span(text, b + 1, rest_end.start() if rest_end else sent.end)
        role = text[ra:rb]
        if role.split()[:1] and role.split()[0].lower() in ("a", "an", "the") and plausible(role):
            return (a, rb)
    return (a, b)


def listener_only(rest: str) -> bool:
    """Return True when only a listener (and circumstances) follows "asked" or "told"."""
    match = _LISTENER_ONLY.match(rest)
    return match is not None and not any(
        w.lower() in _REPORTING_WORDS for w in rest[: match.end()].split()
    )


def is_intro(text: str, a: int, b: int) -> bool:
    """Return True when text[a:b] is only an opening phrase ("On May 28,", "Before the talks,")."""
    chunk = text[a:b].strip(TRIM)
    first = chunk.split()[0].lower() if chunk else ""
    return not chunk or (
        len(chunk.split()) <= _INTRO_MAX_WORDS
        and (
            first in INTRO_WORDS
            or first.endswith(("ing", "ed"))
            or first[:1].isdigit()
            or (len(chunk.split()) <= 2 and chunk.split()[-1].lower().endswith("ly"))
            # "Finally,", "More recently,"
            or first == "already"
        )
        and not any(q in chunk for q in QUOTE_CHARS)
        and not ACCORDING.search(chunk)
    )


def quote_after(text: str, sent: Sentence, pos: int) -> tuple[int, int] | None:
    """Return what continues a statement after its attribution in the middle of a sentence.

    '"It is hard," Lee said, "because ..."', "Even if it fails, Lee said, he has won." and
    '"We are concerned," the members wrote in a letter, "that ..."': the part after the cue (and
    after a short adjunct such as "in a letter") belongs to the statement that came first.
    """
    rest = text[pos : sent.end]
    stripped = rest.lstrip(" ,.:")
    if stripped and stripped[0] in QUOTE_CHARS:
        return (sent.end - len(stripped), sent.end)
    gap = _CONTINUATION.match(rest)
    if gap is None:
        return None
    skipped = gap.group("adjunct") or ""
    if skipped.strip() and not ADJUNCT.match(skipped):
        return None
    start = pos + gap.end()
    tail = text[start : sent.end]
    if tail[:1] in QUOTE_CHARS:
        return (start, sent.end)
    words = tail.split()
    if (
        len(words) >= _MIN_CONTINUATION_WORDS
        and not ADJUNCT.match(tail)
        and not ACCORDING.match(tail)
    ):
        first = words[0].lower().strip(",")
        # '"...," Lee said, and the farmers sat down': a clause of the reporter's
        narrated = first in ("and", "but") and not any(q in tail for q in QUOTE_CHARS)
        if first not in PARTICIPLE_WORDS and first not in _NOT_CONTINUING and not narrated:
            return (start, sent.end)
    return None
