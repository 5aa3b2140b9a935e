"""Attributions built around something other than a finite verb of saying.

"issued a statement saying ...", "was asked by host X whether ...", "with 47 percent of voters
saying ...", "took to the radio to say ...", 'Said Ellis: "..."'. Each reads one sentence and
returns what it found; `other_constructions` runs them in order, after the finite cues. Also
"according to X" (`according_to`) and the statements relayed inside such a report
(`without_relayed`).
"""

import re

from .content import Found
from .locate import TRIM, appositive_like, is_intro, phrase_span
from .patterns import (
    ABSOLUTE_PARTICIPLE,
    ADJUNCT,
    ASKED_BY,
    FORWARD_STOP,
    INFINITIVE,
    NAME_BEFORE,
    PASSIVE_BY,
    POSSESSIVE_CLAIM,
    SAID_FIRST,
    STATEMENT_COLON,
    STATEMENT_PARTICIPLE,
    THAT,
)
from .segment import Sentence
from .speakers import plausible
from .subject import clause_subject, sentence_subject

# Where the agent of a passive cue ends: "by the host whether ...", "by critics for ...".
_AGENT_STOP = re.compile(FORWARD_STOP.pattern + r"|\s(?:whether|if|for|over|why|how|what)\b")
# Words before an infinitive of saying that make it an intention, not a statement.
_INTENT = re.compile(
    # "is likely to say", but a poll's "voters were more likely to say" reports what they said
    r"\b(?:wants?|wanted|plans?|planned|expects?|expected|(?<!more )(?<!less )likely|going|"
    r"hopes?|hoped|needs?|"
    r"needed|tries|tried|try|able|ready|about|wish\w*|intends?|intended|would like|due)\s+$"
)
_MIN_TAIL_WORDS = 3
# Where the object of a noun of saying ends: "Lee's remarks about the levy had angered ...".
_OBJECT_END = re.compile(
    FORWARD_STOP.pattern
    + r"|\s(?:had|has|have|was|were|is|are|will|would|can|could|did|came|drew|angered|sparked)\b"
)
# "..., according to X, the guards had left", "..., the guards left": a subject and its finite
# verb (an auxiliary or a past form) before any comma make what follows X a clause, not an
# appositive of X ("X, a weekly paper, ...").
_CLAUSE_AFTER = re.compile(
    r"(?:the|his|her|their|its|[A-Z][\w'’.-]*)\s(?:(?!which|who|whose|that)[^,\s]+\s){0,6}?"
    r"(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|did|does|"
    r"left|said|went|came|made|took|gave|found|told|began|became|won|lost|held|met|sent|saw|"
    r"[a-z]{3,}ed)\s"
)
_MAX_CLOSING_WORDS = 4  # "..., he said on Tuesday."
_MAX_SOURCE_WORDS = 25
# Cues of a report that relays other speakers' statements.
# Words that open a clause reported inside another statement: "noted that experts say ...".
_CLAUSE_OPENERS = ("that ", "which ", "what ", "whether ", " if ", "because ", "where ", " when ")
_RELAY_ENDS = frozenset(["to", "ed", "ts", "by"])  # a cheap test before the expression
_RELAY_CUE = re.compile(r"^according to$|\breport(?:s|ed)(?: by)?$")


def other_constructions(
    text: str, sent: Sentence, found: list[Found], *, saw_verb: bool
) -> list[Found]:
    """Return the attributions of the constructions above; `found` holds the sentence's finite
    cues so far (a statement channel or an infinitive is read only when there are none), and
    `saw_verb` whether a verb of saying occurs in it at all."""
    chunk = text[sent.start : sent.end]
    more: list[Found] = []
    if not found and saw_verb:
        more.extend(_statement_channel(text, sent))
    if not found and not more and (":" in chunk or "statement" in chunk):
        more.extend(_statement_colon(text, sent))
    if " by " in chunk:
        more.extend(_passive_agents(text, sent))
    if (
        " that " in chunk
        or "announcement of" in chunk
        or "comments " in chunk
        or "remarks " in chunk
    ) and ("'s " in chunk or "’s " in chunk or "s' " in chunk):
        more.extend(_possessive_claims(text, sent, [*found, *more]))
    if "with " in chunk:
        more.extend(_absolute_participles(text, sent))
    if not found and not more:
        more.extend(_infinitive(text, sent))
    if not found and not more:
        more.extend(_said_first(text, sent))
    return more


def _statement_channel(text: str, sent: Sentence) -> list[Found]:
    """ "The union issued a statement Tuesday saying ...": the subject speaks through it."""
    for match in STATEMENT_PARTICIPLE.finditer(text, sent.start, sent.end):
        speaker = sentence_subject(text, sent, match.start())
        if speaker is not None and not sent.inside_quote(match.start()):
            cue = " ".join(text[match.start() : match.end()].split())
            return [Found(speaker, cue, [(match.end(), sent.end)], sent.start, sent.end)]
    return []


def _statement_colon(text: str, sent: Sentence) -> list[Found]:
    """ "The senator released the following statement:" and what follows the colon (or, at the
    sentence's end, the next paragraph: see `content.extend`)."""
    match = STATEMENT_COLON.search(text, sent.start, sent.end)
    if match is None or sent.inside_quote(match.start()):
        return []
    speaker = sentence_subject(text, sent, match.start())
    if speaker is None:
        return []
    cue = " ".join(text[match.start() : match.end()].split()).rstrip(",")
    content = [(match.end(), sent.end)] if match.end() < sent.end else []
    return [Found(speaker, cue, content, sent.start, sent.end)]


def _passive_agents(text: str, sent: Sentence) -> list[Found]:
    """ "Lee was asked by host Paul Grant whether ...": the agent speaks."""
    found = []
    for match in PASSIVE_BY.finditer(text, sent.start, sent.end):
        stop = _AGENT_STOP.search(text, match.end(), sent.end)
        agent = phrase_span(text, match.end(), stop.start() if stop else sent.end)
        if sent.inside_quote(match.start()) or not plausible(text[agent[0] : agent[1]]):
            continue
        content = [(sent.start, match.start())]
        if len(text[agent[1] : sent.end].split()) >= _MIN_TAIL_WORDS:
            content.append((agent[1], sent.end))  # "... asked by the host whether ..."
        cue = " ".join(text[match.start() : match.end()].split())
        found.append(Found(agent, cue, content, sent.start, sent.end))
    for match in ASKED_BY.finditer(text, sent.start, sent.end):
        if PASSIVE_BY.search(text, max(sent.start, match.start() - 20), match.end()):
            continue  # "was asked by ...", read above
        stop = _AGENT_STOP.search(text, match.end(), sent.end)
        agent = phrase_span(text, match.end(), stop.start() if stop else sent.end)
        if sent.inside_quote(match.start()) or not plausible(text[agent[0] : agent[1]]):
            continue
        comma = text.find(",", agent[1], sent.end)
        question = (agent[1], comma if comma > 0 else sent.end)
        if len(text[question[0] : question[1]].split()) < _MIN_TAIL_WORDS:
            continue
        cue = " ".join(text[match.start() : match.end()].split())
        found.append(Found(agent, cue, [question], sent.start, sent.end, cue_at=match.start()))
    return found


def _possessive_claims(text: str, sent: Sentence, found: list[Found]) -> list[Found]:
    """ "Lee's claim that the river never flooded": the name's statement, as a noun."""
    out = []
    for match in POSSESSIVE_CLAIM.finditer(text, sent.start, sent.end):
        of = match.group("cue") is None  # "announcement of": its object, up to a comma
        noun = "cue2" if of else "cue"
        name = NAME_BEFORE.search(text, max(sent.start, match.start() - 60), match.start())
        if name is None:
            continue
        speaker = phrase_span(text, name.start(), name.end())
        if sent.inside_quote(match.start(noun)) or not plausible(text[speaker[0] : speaker[1]]):
            continue
        if any(item.speaker == speaker for item in found):
            continue
        cue = text[match.start(noun) : match.end(noun)]
        stop = _OBJECT_END.search(text, match.end(), sent.end) if of else None
        content = [(match.end(), stop.start() if stop else sent.end)]
        out.append(Found(speaker, cue, content, sent.start, sent.end, cue_at=match.start(noun)))
    return out


def _absolute_participles(text: str, sent: Sentence) -> list[Found]:
    """ "..., with 47 percent of voters saying ...": the participle's own subject speaks."""
    found = []
    for match in ABSOLUTE_PARTICIPLE.finditer(text, sent.start, sent.end):
        speaker = phrase_span(text, match.start("speaker"), match.end("speaker"))
        if plausible(text[speaker[0] : speaker[1]]) and not sent.inside_quote(match.start()):
            content = [(match.end(), sent.end)]
            found.append(Found(speaker, match.group("verb"), content, sent.start, sent.end))
    return found


def _infinitive(text: str, sent: Sentence) -> list[Found]:
    """ "The mayor took to the radio to say ...", but not "is expected to announce ..."."""
    for match in INFINITIVE.finditer(text, sent.start, sent.end):
        # The intention words end right before "to": a short window is enough.
        intent = _INTENT.search(text, max(0, match.start() - 40), match.start())
        if sent.inside_quote(match.start("verb")) or intent:
            continue  # "wants to say", "is expected to announce": not said yet
        speaker = clause_subject(text, sent, match.start()) or sentence_subject(
            text, sent, match.start()
        )
        rest = text[match.end() : sent.end]
        if speaker is None or len(rest.split()) < _MIN_TAIL_WORDS or ADJUNCT.match(rest):
            continue
        that = THAT.match(text, match.end(), sent.end)
        start = that.end() if that else match.end()
        cue = "to " + match.group("verb")
        return [Found(speaker, cue, [(start, sent.end)], sent.start, sent.end)]
    return []


def _said_first(text: str, sent: Sentence) -> list[Found]:
    """'Said Ellis: "..."': the verb first, at the start of the sentence."""
    match = SAID_FIRST.match(text, sent.start, sent.end)
    if match is None or not plausible(match.group("speaker")):
        return []
    speaker = (match.start("speaker"), match.end("speaker"))
    cue = match.group(0).split()[0]
    return [Found(speaker, cue, [(match.end(), sent.end)], sent.start, sent.end)]


def according_to(text: str, sent: Sentence, cue_start: int, cue_end: int) -> Found | None:
    """ "According to X, ...", "..., according to X." or "The plan, according to X, will ..."."""
    comma = text.find(",", cue_end, sent.end)
    end = comma if comma > 0 else sent.end
    before = text[sent.start : cue_start]
    if before.strip(TRIM) and not is_intro(text, sent.start, cue_start):
        # The statement came first: the source runs to the next comma or the sentence's end.
        sp = phrase_span(text, cue_end, end)
        source = text[sp[0] : sp[1]].rstrip(".")
        sp = (sp[0], sp[0] + len(source))
        if not source[:1].isalnum() or len(source.split()) > _MAX_SOURCE_WORDS:
            return None
        content = [(sent.start, cue_start)]
        after = text[end + 1 : sent.end].strip(TRIM + ".") if comma > 0 else ""
        if len(after.split()) > 2 and (not appositive_like(after) or _CLAUSE_AFTER.match(after)):
            content.append((end + 1, sent.end))  # "The plan, according to X, will cost ..."
        return Found(sp, "according to", content, sent.start, sent.end)
    # "According to X, the plan will cost ...": the source ends at the comma.
    if comma < 0:
        stop = FORWARD_STOP.search(text, cue_end, sent.end)
        end = stop.start() if stop else sent.end
    sp = phrase_span(text, cue_end, end)
    source = text[sp[0] : sp[1]]
    if not source[:1].isalnum() or len(source.split()) > _MAX_SOURCE_WORDS:
        return None
    if len(text[sp[1] : sent.end].split()) <= 2:
        return None
    return Found(sp, "according to", [(sp[1], sent.end)], sent.start, sent.end)


def without_relayed(text: str, found: list[Found]) -> list[Found]:
    """Drop the statements relayed inside another statement of the same sentence.

    "Lee said the mill will close, according to the Gazette", "The Gazette reported that Lee
    said ...": the sentence attributes the whole report, Lee's words included, to the Gazette;
    Lee's statement stays in its content. Likewise a statement whose speaker opens a "that",
    "which", "what", "whether", "if", "because", "where" or "when" clause inside another
    ("Grant noted that experts say ...", "praised him in a video where she said ..."): it is
    part of what Grant said.
    """
    if len(found) < 2:
        return found  # most sentences: nothing to relay
    relays = [
        item for item in found if item.cue[-2:] in _RELAY_ENDS and _RELAY_CUE.search(item.cue)
    ]
    outers = [i for i in found if i.content and i.content[-1][0] >= i.speaker[1]]
    keep = []
    for item in found:
        if item not in relays:
            if any(a <= item.speaker[0] < b for relay in relays for a, b in relay.content):
                continue
            opener = text[max(0, item.speaker[0] - 9) : item.speaker[0]]
            if opener.endswith(_CLAUSE_OPENERS) and any(
                o is not item and o.content[-1][0] <= item.speaker[0] < o.content[-1][1]
                for o in outers
            ):
                continue
            if any(o is not item and o.content[-1][0] == item.speaker[0] for o in outers):
                continue  # "Lee said Grant has not replied": the clause Lee's statement opens
        keep.append(item)
    return keep


def repeated(text: str, end: int, made: list[tuple[Found, str]]) -> set[int]:
    """The statements of one sentence (ending at `end`) that repeat another of their speaker.

    `made` holds each statement with its resolved speaker name. "Tom Ruiz said that the levee
    will hold, he said.": the attribution closing the sentence has for its statement the
    sentence itself, in which the same speaker already says it; it is the same statement again.
    Returns the positions of such repeats in `made`.
    """
    out = set()
    for k, (item, name) in enumerate(made):
        if not name or not item.content or item.content[0][1] > item.speaker[0]:
            continue  # only a statement that comes before its speaker
        a, b = item.content[0]
        if len(text[max(item.speaker[1], item.cue_at) : end].split()) > _MAX_CLOSING_WORDS:
            continue  # mid-sentence: "a flood which, Ruiz noted, the mayor foresaw"
        if any(o is not item and other == name and a <= o.speaker[0] < b for o, other in made):
            out.add(k)
    return out
