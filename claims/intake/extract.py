"""Rule-based extraction of attributed statements from English news text.

`extract_attributions(text)` finds who said what: "X said ...", "... , said X", "according to X",
"X told Y", "Y reports citing X", "X confirmed / declined to ...", quotations before or after
their attribution and quotations that run over several sentences or paragraphs. It is
deterministic, reads no database and downloads nothing: regular expressions and a small lexicon.
"""

from dataclasses import asdict, dataclass, replace

from .lexicon import AFTER_SPEAKER, INTRO_WORDS
from .patterns import (
    ACCORDING,
    ADJUNCT,
    BOUNDARY,
    CITING,
    CLAUSE_WORD,
    CUE,
    FORWARD_STOP,
    PARTICIPLE,
    SAY_SET,
    THAT,
    TOLD_OBJECT,
)
from .resolve import Resolver
from .segment import QUOTE_CHARS, Sentence, sentences
from .speakers import analyse, is_outlet, plausible, strip_openers

_TRIM = " \t\n,;:—–-"
_INTRO_MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed statement found in a text."""

    speaker: str
    speaker_name: str
    speaker_kind: str
    role: str | None
    cue: str
    content: str
    outlet: str | None
    direct_quote: bool
    start: int
    end: int

    def as_dict(self) -> dict:
        """Return the attribution as a JSON-ready dict."""
        return asdict(self)


@dataclass(slots=True)
class _Found:
    """An attribution before reference resolution: character spans in the text."""

    speaker: tuple[int, int]
    cue: str
    content: list[tuple[int, int]]
    start: int
    end: int
    outlet: str | None = None


def _clean_content(view: str, text: str, spans: list[tuple[int, int]]) -> str:
    """Join the content spans, without the surrounding punctuation or a lone pair of quotes.

    `view` is the text with doubled apostrophes read as quotation marks; the result is cut
    from the original `text` at the same offsets.
    """
    trimmed = []
    for a, b in spans:
        while a < b and view[a] in _TRIM:
            a += 1
        while b > a and view[b - 1] in _TRIM:
            b -= 1
        if b > a and view[b - 1] in ".!?" and not view[a:b].endswith("..."):
            b -= 1
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
    return " ".join(text[a:b].strip(_TRIM) for a, b in trimmed).strip(_TRIM)


def _segment_before(text: str, lo: int, hi: int) -> tuple[int, str]:
    """Return the start and the boundary character of the phrase ending at `hi`."""
    last = None
    for match in BOUNDARY.finditer(text, lo, hi):
        last = match
    if last is None:
        return lo, ""
    return last.end(), last.group(0).strip()


def _phrase(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces and leading openers ("But", "Meanwhile") from the span a..b."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    stripped = strip_openers(text[a:b])
    if stripped != text[a:b]:
        a = b - len(stripped)
    return a, b


def _speaker_before(text: str, sent: Sentence, cue_start: int) -> tuple[int, int] | None:
    """Find the speaker phrase that ends just before a cue, with an appositive role if any."""
    seg_start, boundary = _segment_before(text, sent.start, cue_start)
    a, b = _phrase(text, seg_start, cue_start)
    if a >= b and boundary == ",":
        # "Smith, a spokesman for the group, said" or "Smith, who ..., said".
        prev_start, prev_boundary = _segment_before(text, sent.start, seg_start - 1)
        pa, pb = _phrase(text, prev_start, seg_start - 1)
        phrase = text[pa:pb]
        if phrase.lower().startswith(("who ", "which ")) and prev_boundary == ",":
            na, nb = _phrase(
                text, *(_segment_before(text, sent.start, prev_start - 1)[0],), prev_start - 1
            )
            return (na, nb) if plausible(text[na:nb]) else None
        name_start, _name_boundary = _segment_before(text, sent.start, prev_start - 1)
        na, nb = _phrase(text, name_start, prev_start - 1)
        if prev_boundary == "," and plausible(phrase) and plausible(text[na:nb]):
            return (na, pb)
        return None
    if a < b and not plausible(text[a:b]):
        clauses = list(CLAUSE_WORD.finditer(text, a, b))
        if not clauses:
            return None
        a, b = _phrase(text, clauses[-1].end(), b)
        boundary = ""
    if a >= b or not plausible(text[a:b]):
        return None
    if boundary == ",":
        # "the head of the office, Andriy Yermak said": a role phrase before the name.
        prev_start, _ = _segment_before(text, sent.start, seg_start - 1)
        pa, pb = _phrase(text, prev_start, seg_start - 1)
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


def _speaker_after(text: str, sent: Sentence, pos: int) -> tuple[int, int] | None:
    """Find the speaker phrase that follows an inverted cue ('"...," said Smith')."""
    stop = FORWARD_STOP.search(text, pos, sent.end)
    end = stop.start() if stop else sent.end
    a, b = _phrase(text, pos, end)
    if a >= b or not plausible(text[a:b]):
        return None
    follow = text[b : sent.end].lstrip()
    if follow[:1].isalpha() and follow.split()[0] not in AFTER_SPEAKER:
        return None
    # An appositive after a comma: "said Smith, a spokesman for the group."
    if text[b : b + 1] == ",":
        rest_end = FORWARD_STOP.search(text, b + 1, sent.end)
        ra, rb = _phrase(text, b + 1, rest_end.start() if rest_end else sent.end)
        role = text[ra:rb]
        if role.split()[:1] and role.split()[0].lower() in ("a", "an", "the") and plausible(role):
            return (a, rb)
    return (a, b)


def _is_intro(text: str, a: int, b: int) -> bool:
    """Return True when text[a:b] is only an opening phrase ("On May 28,", "Before the talks,")."""
    chunk = text[a:b].strip(_TRIM)
    first = chunk.split()[0].lower() if chunk else ""
    return not chunk or (
        len(chunk.split()) <= _INTRO_MAX_WORDS
        and (first in INTRO_WORDS or first.endswith(("ing", "ed")) or first[:1].isdigit())
        and not any(q in chunk for q in QUOTE_CHARS)
        and not ACCORDING.search(chunk)
    )


def _quote_after(text: str, sent: Sentence, pos: int) -> tuple[int, int] | None:
    """Return the quotation that continues a sentence after its attribution, if any."""
    rest = text[pos : sent.end]
    stripped = rest.lstrip(" ,.:")
    if stripped and stripped[0] in QUOTE_CHARS:
        return (sent.end - len(stripped), sent.end)
    return None


def _find_in_sentence(text: str, sent: Sentence) -> list[_Found]:
    """Return the attributions whose cue lies in one sentence."""
    found: list[_Found] = []
    for match in ACCORDING.finditer(text, sent.start, sent.end):
        if sent.inside_quote(match.start()):
            continue
        stop = FORWARD_STOP.search(text, match.end(), sent.end)
        sp = _phrase(text, match.end(), stop.start() if stop else sent.end)
        # "according to a source familiar with the talks": allow a longer tail.
        comma = text.find(",", match.end(), sent.end)
        if comma > 0 and comma - match.end() < 90 and plausible(text[match.end() : comma]):
            sp = _phrase(text, match.end(), comma)
        if not plausible(text[sp[0] : sp[1]]) and not (
            text[sp[0] : sp[1]][:1].isalpha() and len(text[sp[0] : sp[1]].split()) <= 8
        ):
            continue
        if len(text[sp[1] : sent.end].split()) > 2:
            content = [(sp[1], sent.end)]
        else:
            content = [(sent.start, match.start())]
            after = text[sp[1] : sent.end].strip(_TRIM + ".")
            if text[sp[1] : sp[1] + 1] == "," and len(after.split()) > 2:
                content.append((sp[1], sent.end))
        found.append(_Found(sp, "according to", content, sent.start, sent.end))
    for match in CUE.finditer(text, sent.start, sent.end):
        if sent.inside_quote(match.start()):
            continue
        verb = match.group("verb")
        cue_start = match.start()
        speaker = _speaker_before(text, sent, cue_start)
        inverted = False
        if speaker is None:
            before = text[sent.start : cue_start].rstrip()
            if verb not in SAY_SET or not before or before[-1] not in ',"”':
                continue
            speaker = _speaker_after(text, sent, match.end())
            inverted = True
            if speaker is None:
                continue
        cue = " ".join(match.group(0).split())
        after = match.end()
        outlet = None
        if verb in ("told", "tells", "informed", "informs") and not inverted:
            obj = TOLD_OBJECT.match(text[after : sent.end].lstrip())
            if obj:
                offset = len(text[after : sent.end]) - len(text[after : sent.end].lstrip())
                phrase = obj.group(0).strip()
                if is_outlet(phrase):
                    outlet = phrase.rstrip(".")
                after += offset + obj.end()
        citing = CITING.match(text, after, sent.end)
        if citing and not inverted:
            stop = FORWARD_STOP.search(text, citing.end(), sent.end)
            cited = _phrase(text, citing.end(), stop.start() if stop else sent.end)
            if plausible(text[cited[0] : cited[1]]):
                outlet = text[speaker[0] : speaker[1]]
                speaker = cited
                cue = f"{verb} citing"
                after = cited[1]
        if verb not in SAY_SET and not _is_intro(text, sent.start, speaker[0]):
            continue  # "X proposed ...": only with the speaker first in the sentence
        intro = _is_intro(text, sent.start, speaker[0])
        rest = text[after : sent.end]
        that = THAT.match(text, after, sent.end)
        starts_clear = bool(that and that.end() > after and text[after : that.end()].strip())
        quoted = rest.lstrip(" ,:")[:1] in tuple(QUOTE_CHARS)
        if inverted:
            content = [(sent.start, cue_start)]
        elif not intro and text[sent.start : speaker[0]].rstrip(" ,")[-1:] in tuple(QUOTE_CHARS):
            content = [(sent.start, speaker[0])]
            quote = _quote_after(text, sent, after)
            if quote:
                content.append(quote)
        elif len(rest.split()) > 1 and (
            intro or starts_clear or quoted or (len(rest.split()) >= 4 and not ADJUNCT.match(rest))
        ):
            start = that.end() if that else after
            if verb in ("declined to", "declines to", "refused to", "refuses to"):
                start = cue_start + len(match.group("aux"))
            content = [(start, sent.end)]
        elif intro:
            content = []  # "Smith said." or "Smith said:" - the content is elsewhere
        else:
            content = [(sent.start, speaker[0])]
            quote = _quote_after(text, sent, after)
            if quote:
                content.append(quote)
        found.append(_Found(speaker, cue, content, sent.start, sent.end, outlet))
    for match in PARTICIPLE.finditer(text, sent.start, sent.end):
        if sent.inside_quote(match.start()) or not found:
            continue
        owner = found[-1]
        content = [(match.end(), sent.end)]
        if owner.content and owner.content[-1][1] > match.start():
            owner.content[-1] = (owner.content[-1][0], match.start())
        found.append(_Found(owner.speaker, match.group("verb"), content, sent.start, sent.end))
    return found


def _is_quote_only(text: str, sent: Sentence) -> bool:
    return sent.starts_with_quote(text) and not ACCORDING.search(text, sent.start, sent.end)


def extract_attributions(text: str) -> list[Attribution]:
    """Return the attributed statements of `text`, in text order."""
    original = text
    text = text.replace("''", '" ')  # doubled apostrophes used as quotation marks
    sents = sentences(text)
    resolver = Resolver(text)
    results: list[Attribution] = []
    per_sentence = [_find_in_sentence(text, s) for s in sents]
    for i, found in enumerate(per_sentence):
        for item in found:
            _extend(text, sents, per_sentence, i, item)
            if not item.content:
                continue
            content = _clean_content(text, original, item.content)
            if len(content.split()) < 2:
                continue
            phrase = original[item.speaker[0] : item.speaker[1]].strip()
            info = analyse(phrase)
            source_head = phrase.lower().endswith(("source", "sources"))
            if info.kind == "anonymous" and item.outlet and not info.outlet and source_head:
                info = replace(info, outlet=item.outlet, name=f"{item.outlet} source")
            known = resolver.resolve(phrase, info, item.speaker[0])
            outlet = item.outlet or info.outlet or known.outlet
            if info.kind == "media" and outlet == known.name and not is_outlet(outlet or ""):
                outlet = None
            results.append(
                Attribution(
                    speaker=phrase,
                    speaker_name=known.name,
                    speaker_kind=known.kind,
                    role=info.role or known.role,
                    cue=item.cue,
                    content=content,
                    outlet=outlet,
                    direct_quote=any(q in content for q in QUOTE_CHARS)
                    or any(text[a] in QUOTE_CHARS for a, _ in item.content if a < len(text)),
                    start=item.start,
                    end=item.end,
                )
            )
    return results


def _extend(text: str, sents: list[Sentence], found: list[list[_Found]], i: int, item: _Found):
    """Add quotations that continue an attribution in the following sentences or paragraphs."""
    sent = sents[i]
    if not item.content and i > 0:
        prev = sents[i - 1]
        if prev.para == sent.para and _is_quote_only(text, prev) and not found[i - 1]:
            item.content.append((prev.start, prev.end))
            item.start = prev.start
    if not item.content or i + 1 >= len(sents):
        if not item.content and i + 1 < len(sents) and text[sent.end - 1] == ":":
            item.content.append((sents[i + 1].start, sents[i + 1].end))
            item.end = sents[i + 1].end
        return
    if text[sent.end - 1] == ":" and not found[i + 1]:
        item.content.append((sents[i + 1].start, sents[i + 1].end))
        item.end = sents[i + 1].end
        return
    if item is not found[i][-1]:
        return
    open_para = sent.open_at_end
    j = i + 1
    while j < len(sents) and not found[j] and _is_quote_only(text, sents[j]):
        nxt = sents[j]
        if nxt.para != sents[j - 1].para and not open_para:
            break
        item.content.append((nxt.start, nxt.end))
        item.end = nxt.end
        open_para = (
            nxt.open_at_end if nxt.para != sents[j - 1].para else open_para or nxt.open_at_end
        )
        j += 1
