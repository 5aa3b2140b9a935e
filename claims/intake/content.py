"""The content of an attribution: trimming its spans and joining quotations that continue it."""

import re
from dataclasses import dataclass

from .lexicon import word_list
from .locate import TRIM
from .patterns import ACCORDING, ADJUNCT, SAY_SET
from .segment import QUOTE_CHARS, Sentence

# Where a statement after its cue gives way to the reporter's own words: a participle clause
# of consequence ("..., throwing the race open"), a new clause with a pronoun subject
# ("..., but he urged ..."), an added circumstance ("..., with ...", "..., compared to ...").
_ASIDE = re.compile(
    r",\s+(?:throwing|making|leaving|giving|prompting|sending|sparking|drawing|raising|putting|"
    r"setting)\b"
    r"|(?:,[\"”]?|\s[—–])\s+(?:but|and)\s+(?:he|she|they|it|we|I|there)\s"
    # after a closing quotation: '"... not worried," but he said ...', '"happy" as she faces'
    r"|,?[\"”]\s+(?:but|as)\s+(?:he|she|they|it|we|I|there)\s"
    r"|;\s+(?:he|she|they|it|we|I|there)\s"
    r"|\s[—–]\s+(?:while|whereas)\s"
    r"|,\s+(?:with|compared\s+(?:to|with)|as\s+well\s+as|in\s+addition\s+to)\s"
    # "confirmed the meeting on the condition of anonymity because ...": the reporter's terms
    r"|,?\s+on\s+(?:the\s+)?condition\s+(?:of|that)\s"
    # a contrasting share in a poll: "..., while about 4 in 10 want ...", ", whereas 30 percent"
    r"|,\s+(?:while|whereas)\s+(?:about\s+|only\s+|just\s+|nearly\s+|roughly\s+)?"
    r"(?:\d|[a-z]+\s+(?:percent|in\s+\d))"
    # the next share of a count: "..., 64 have said they back Grant and 30 have not"
    r"|,\s+(?:and\s+)?\d[\d,.]*\s+(?:percent\s+)?(?:have|had|said|say|says|were|are)\s"
    r"|,\s+and\s+(?:to\s+date\s+|since\s+|later\s+|then\s+)?(?:has|had|is|was|will|did)\s"
)
_SUBORDINATE_OPENING = re.compile(
    r"\s*(?:(?:And|But|Yet|So)\s+)?(?:When|If|After|Although|Though|While|Because|Since|"
    r"Before|Once|Until|Even\s+though|Even\s+if)\s+",
)
_SUBORDINATE_INITIALS = frozenset("WIATBSOUEJY")  # spares the expression elsewhere
_CLAUSE_COMMA = re.compile(r",[\"”]?\s")
_CLOSING_MARK = re.compile(r",?[\"”]")
# Circumstances after a closing quotation: '"We'll see," when asked ...', '"No," as he left'.
_ADJUNCT_AFTER_QUOTE = re.compile(
    r",?\s*(?:when|as|after|before|while|during|referring|in response|according)\b"
)
# Acts of speech that end a statement like a second verb of saying ("said ... and urged ..."),
# unlike verbs of thought or wish ("said she was tired and wanted a change").
_SPEECH_ACTS = frozenset(
    word_list(
        "urged urges called calls praised praises criticized criticizes accused accuses blamed "
        "blames pledged pledges vowed vows promised promises demanded demands proposed proposes "
        "cited cites"
    )
)
# Words of a cue that make its tense compound ("has said", "would say").
_AUXILIARIES = frozenset(word_list("has have had will would can could did does do to not never"))
_IRREGULAR_PAST = frozenset(["said", "told", "wrote", "spoke", "made", "gave", "took", "went"])
_QUOTE_MARK = re.compile("[" + QUOTE_CHARS + "]")
_DASH = re.compile(r" (?:-|--|—|–) ")
# A later attribution in the same sentence that ends a statement: ", while others said ...",
# " and Lee said ...".
_NEXT_CLAUSE = re.compile(r"(?:[,;]\s*(?:while|but|whereas|and)?|\s(?:and|but))\s*$")


# Where the object of an act verb gives way to the reporter's own words: a participle ("called
# for a new dam, believing ..."), a relative or a subordinate clause ("cited the report, which
# ..."). Not "including" (still the object), nor a participle in a list ("covering up, delaying").
_ACT_TAIL = re.compile(
    r",\s+(?:(?!including|according)[a-z]+ing\s+(?![a-z]+,)|which|who|as|while|after|before|"
    r"although|though)\b"
)
# An aside closed by a comma, after which the verb's complement resumes ("..., of bias").
_RESUMED = re.compile(r"[^,]{1,80},\s+(?:of|for|as|to|with)\s")


def _is_act(cue: str) -> bool:
    """An act verb ("criticized", "called for"), not a verb of saying: its content is an object."""
    if cue.endswith(" mention of"):
        return True  # "made no mention of the levy": a noun of saying with its object
    return cue != "according to" and not any(w in SAY_SET for w in cue.split())


def _act_object_end(text: str, sent: Sentence, start: int, cut: int) -> int:
    """Where the object of an act verb ends: at `_ACT_TAIL` outside quotations, unless the
    complement resumes after the aside ("accused the panel, which the party picks, of bias")."""
    tail = _ACT_TAIL.search(text, start, cut)
    while tail and (sent.inside_quote(tail.start() + 1) or _RESUMED.match(text, tail.end(), cut)):
        tail = _ACT_TAIL.search(text, tail.end(), cut)
    return tail.start() if tail else cut


@dataclass(slots=True)
class Found:
    """An attribution before reference resolution: character spans in the text."""

    speaker: tuple[int, int]
    cue: str
    content: list[tuple[int, int]]
    start: int
    end: int
    outlet: str | None = None
    cue_at: int = -1  # where the cue (or the "and" joining it to an earlier verb) starts


def clean_content(view: str, text: str, spans: list[tuple[int, int]]) -> str:
    """Join the content spans, without the surrounding punctuation or a lone pair of quotes.

    `view` is the text with doubled apostrophes read as quotation marks; the result is cut
    from the original `text` at the same offsets.
    """
    trimmed = []
    for a, b in spans:
        while a < b and view[a] in TRIM:
            a += 1
        while b > a and view[b - 1] in TRIM:
            b -= 1
        if b > a and view[b - 1] in ".!?" and not view[a:b].endswith("..."):
            b -= 1
        if b > a and view[a] in QUOTE_CHARS:
            b = _quote_before_adjunct(view, a, b)
        if b > a:
            trimmed.append([a, b])
    if len(trimmed) == 1:
        a, b = trimmed[0]
        inner = view[a + 1 : b].rstrip(" ,.")
        closing = inner[-1:] == "" or inner[-1] in QUOTE_CHARS
        if view[a] in QUOTE_CHARS and closing and not any(q in inner[:-1] for q in QUOTE_CHARS):
            a, b = a + 1, a + 1 + len(inner) - 1
            while b > a and view[b - 1] in " ,.":
                b -= 1
            trimmed[0] = [a, b]
    return " ".join(text[a:b].strip(TRIM) for a, b in trimmed).strip(TRIM)


def _quote_before_adjunct(view: str, a: int, b: int) -> int:
    """Where a quotation that opens a statement ends when only circumstances follow it:
    'said, "We'll see," when asked whether ...' ends at the closing mark."""
    mark = _QUOTE_MARK.search(view, a + 1, b)
    close = mark.start() if mark else -1
    if close < 0 or close + 1 >= b:
        return b
    if _ADJUNCT_AFTER_QUOTE.match(view, close + 1, b):
        return close + 1
    return b


def is_quote_only(text: str, sent: Sentence) -> bool:
    """Return True when a sentence opens with a quotation and names no source."""
    return sent.starts_with_quote(text) and not ACCORDING.search(text, sent.start, sent.end)


def extend(text: str, sents: list[Sentence], found: list[list[Found]], i: int, item: Found) -> None:
    """Add quotations that continue an attribution in the following sentences or paragraphs."""
    sent = sents[i]
    if not item.content and i > 0:
        prev = sents[i - 1]
        if prev.para == sent.para and is_quote_only(text, prev) and not found[i - 1]:
            item.content.append((prev.start, prev.end))
            item.start = prev.start
    if not item.content or i + 1 >= len(sents):
        if not item.content and i + 1 < len(sents) and text[sent.end - 1] == ":":
            _add_paragraph(sents, found, i + 1, item)
        return
    if text[sent.end - 1] == ":" and not found[i + 1]:
        _add_paragraph(sents, found, i + 1, item)
        return
    if item is not found[i][-1]:
        return
    open_para = sent.open_at_end
    own = len(item.content)  # the statement's own spans, before any continuation
    j = i + 1
    while j < len(sents) and not found[j]:
        nxt = sents[j]
        if not is_quote_only(text, nxt) and not (
            _closing_quote(text, nxt, sents[j - 1]) and _quoted(text, item.content[:own])
        ):
            break
        if nxt.para != sents[j - 1].para and not open_para and not _quote_paragraph(text, sents, j):
            break
        item.content.append((nxt.start, nxt.end))
        item.end = nxt.end
        open_para = (
            nxt.open_at_end if nxt.para != sents[j - 1].para else open_para or nxt.open_at_end
        )
        j += 1


def _quoted(text: str, spans: list[tuple[int, int]]) -> bool:
    """Return True when the spans hold a quotation mark."""
    return any(q in text[a:b] for a, b in spans for q in QUOTE_CHARS)


def _closing_quote(text: str, sent: Sentence, prev: Sentence) -> bool:
    """'If the rain stops, "the fields will dry by May."': in the same paragraph as
    the statement, a sentence that ends with a quotation of its own continues it."""
    return (
        sent.para == prev.para
        and text[sent.end - 1] in QUOTE_CHARS
        and bool(sent.quotes)
        and sent.quotes[-1][1] == sent.end
        and not ACCORDING.search(text, sent.start, sent.end)
    )


def _add_paragraph(sents: list[Sentence], found: list[list[Found]], j: int, item: Found) -> None:
    """ "Lee added:" and the paragraph after it: its sentences up to another attribution."""
    item.content.append((sents[j].start, sents[j].end))
    item.end = sents[j].end
    para = sents[j].para
    j += 1
    while j < len(sents) and sents[j].para == para and not found[j]:
        item.content.append((sents[j].start, sents[j].end))
        item.end = sents[j].end
        j += 1


def _quote_paragraph(text: str, sents: list[Sentence], j: int) -> bool:
    """Return True when sentence `j` opens a paragraph that is one closed quotation (one stray
    mark inside, such as the inch sign of 5’2”, is allowed)."""
    sent = sents[j]
    last = j
    while last + 1 < len(sents) and sents[last + 1].para == sent.para:
        last += 1
    end = sents[last].end
    inner = text[sent.start + 1 : end - 1]
    return (
        text[sent.start] in QUOTE_CHARS
        and text[end - 1] in QUOTE_CHARS
        and sum(inner.count(q) for q in QUOTE_CHARS) <= 1
    )


def trim_tails(text: str, sent: Sentence, found: list[Found], cues: list[int]) -> None:
    """Cut each statement that runs to the sentence's end where a later clause's speaker begins.

    `cues` are the offsets of the speakers found in the sentence: "Most voters said prices rose,
    while a third said they fell" gives two statements. A speaker inside the statement without a
    clause break ("said experts say that ...") is reported speech and stays in it.
    """
    for item in found:
        if not item.content or item.content[-1][1] != sent.end:
            continue
        start, end = item.content[-1]
        if start <= item.speaker[0]:
            continue  # the statement came before its speaker
        cut = end
        for p in cues:
            clause = _NEXT_CLAUSE.search(text, max(start, p - 12), p)
            if start < p < cut and clause and not sent.inside_quote(p):
                cut = clause.start()
        aside = _ASIDE.search(text, start, cut)
        while aside and sent.inside_quote(aside.start() + 1):
            aside = _ASIDE.search(text, aside.end(), cut)
        if aside and _long_enough(text, start, aside.start()):
            cut = aside.start()
            closing = _CLOSING_MARK.match(text, cut)
            cut = closing.end() if closing else cut  # the quotation keeps its closing mark
        # "They grow wary - some aides said they avoid him - and keep notes": a statement
        # inside a pair of dashes ends at the closing dash.
        before = text[sent.start : item.speaker[0]]
        dashed = " -" in before or "—" in before or "–" in before  # spares the scans
        opening = _DASH.search(text, sent.start, item.speaker[0]) if dashed else None
        if opening and not _DASH.search(text, opening.end(), item.speaker[0]):
            closing = text.find(opening.group(0), start, cut)
            if closing > 0:
                cut = closing
        if _is_act(item.cue):
            cut = _act_object_end(text, sent, start, cut)
        if (
            text[sent.start] in _SUBORDINATE_INITIALS
            and _SUBORDINATE_OPENING.fullmatch(text, sent.start, item.speaker[0])
            and item.cue not in ("told", "tells")
            and not ADJUNCT.match(text, start)
        ):
            # "When the mayor said the levee was safe, the crowd cheered": the subordinate
            # clause ends at its comma, and the main clause is the reporter's.
            comma = _CLAUSE_COMMA.search(text, start, cut)
            while comma and sent.inside_quote(comma.start()):
                comma = _CLAUSE_COMMA.search(text, comma.end(), cut)
            if comma and len(text[start : comma.start()].split()) >= 2:
                cut = comma.start()
        if _long_enough(text, start, cut):
            item.content[-1] = (start, cut)


def _long_enough(text: str, start: int, cut: int) -> bool:
    """Two words at least, or an answer ("said yes, compared with 23 percent who ...")."""
    return len(text[start:cut].split()) >= 2 or text[start:cut].strip(" ,").lower() in (
        "yes",
        "no",
    )


def second_verb(found: list[Found], at: int, verb: str) -> tuple[bool, tuple[int, int] | None]:
    """Decide about a cue coordinated with an earlier verb at `at` ("... and said ...").

    A verb of saying is a statement of its own, and ends an earlier statement that ran over it
    ("Lee said the vote was fair and warned that ..."); another verb inside an earlier statement
    belongs to it ("Lee said she was tired and wanted a change"): (False, None) drops it. An act
    of speech in the same simple tense ("said the vote was fair and urged calm") ends the
    statement too, and its speaker is that statement's: (True, speaker).
    """
    speaker = None
    for item in found:
        if not item.content or item.content[-1][0] > at or item.content[-1][1] <= at:
            continue
        if verb in SAY_SET:
            if _tense(item.cue) not in (None, _tense(verb)):
                # "Kasich says he'd sit Putin down and tell him ...", "says he spoke to Lee and
                # asked ...": a verb in another tense is coordinated inside the statement.
                return False, None
        elif verb not in _SPEECH_ACTS or _simple_tense(item.cue) != _tense(verb):
            return False, None
        else:
            speaker = item.speaker
        item.content[-1] = (item.content[-1][0], at)
    return True, speaker


def _simple_tense(cue: str) -> str | None:
    """The tense of a cue's verb when no auxiliary comes with it ("on Monday said": "past")."""
    *before, last = cue.split()
    return None if _AUXILIARIES.intersection(before) else _tense(last)


def _tense(cue: str) -> str | None:
    """ "past", "present" (third person) or "base" for a one-word cue; None with auxiliaries."""
    if " " in cue:
        return None
    if cue.endswith("ed") or cue in _IRREGULAR_PAST:
        return "past"
    if cue.endswith("s") and not cue.endswith("ss"):
        return "present"
    return "base"


def resumed_quote(text: str, sent: Sentence, pos: int) -> tuple[int, int] | None:
    """'"It is late," said Ann Lee, a farmer in the valley, "but we will sow."', 'In other
    words, explained Lee: "..."': the quotation that follows an inverted speaker (and its
    description) after a comma or a colon, running to the sentence's end."""
    for a, b in sent.quotes:
        if a >= pos:
            between = text[pos:a].rstrip()
            if (
                b >= sent.end - 1
                and between.endswith((",", ":"))
                and not any(q in between for q in QUOTE_CHARS)
            ):
                return (a, sent.end)
            return None
    return None
