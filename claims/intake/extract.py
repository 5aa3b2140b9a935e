"""Rule-based extraction of attributed statements from English news text.

`extract_attributions(text)` finds who said what: "X said ...", "... , said X", "according to X",
"X told Y", "Y reports citing X", "X confirmed / declined to ...", quotations before or after
their attribution and quotations that run over several sentences or paragraphs. It is
deterministic, reads no database and downloads nothing: regular expressions and a small lexicon.
"""

import re
from dataclasses import asdict, dataclass, replace

from .constructions import according_to, other_constructions, repeated, without_relayed
from .content import (
    Found,
    clean_content,
    extend,
    is_quote_only,
    resumed_quote,
    second_verb,
    trim_tails,
)
from .guards import not_saying, noun_before
from .headline import find_in_headline, is_headline
from .inverted import described_after_quote, inverted_name
from .lexicon import SAY_BASE_FORMS
from .locate import (
    TRIM,
    is_intro,
    listener_only,
    phrase_span,
    quote_after,
    speaker_after,
    speaker_before,
)
from .patterns import (
    ACCORDING,
    ADJUNCT,
    BY_AGENT,
    CITING,
    FORWARD_STOP,
    NOUN_CUES,
    NOUN_LIKE_VERBS,
    PARTICIPLE,
    PARTICIPLE_SET,
    QUOTE_TAIL,
    SAY_SET,
    THAT,
    TOLD_OBJECT,
    find_cues,
)
from .resolve import Resolver
from .segment import QUOTE_CHARS, Sentence, sentences
from .speakers import analyse, is_outlet, plausible, strip_openers
from .subject import DATELINE, clause_subject, scene_opening, sentence_subject

BASE_FORMS = frozenset(SAY_BASE_FORMS)
_CLEAR = re.compile(r"\s*(?::|that\b)")  # "said that ...", "said: ..."
_SCENE_THAT = re.compile(
    r"\s*(?:in|on|at|during|after|before|to|with|from|earlier|later|last|this|late|early|for|"
    r"over|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\b"
    r"[^,.;:\"“”]{0,80}?\s+that\s+"
)
# "said Wednesday she would run": a time right after the cue is not part of the statement.
_LEADING_TIME = re.compile(
    r"\s*(?:(?:on|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|today)(?:\s+(?:morning|afternoon|evening|night))?\s+(?=[a-z])"
)
# Each opens with its mark and looks back from it, so the scan jumps from mark to mark.
_CLOSING_TYPED_OPEN = re.compile(r"“(?<=[,.?!]“)(?=\s|$)")
_OPENING_TYPED_CLOSE = re.compile(r"”(?<=\s”)(?=\w)")
_SUBORDINATE_BEFORE = re.compile(
    r"\b(?:since|that|because|when|while|after|before|if|although|though|until|unless|"
    r"whether|where)\s+$|,\s*(?:but|yet)\s+$"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$")
_LISTENER_THAT = re.compile(r"\s*[^,.;:\"“”]{1,70}?\s+that\s+")
_THAT_IS = re.compile(r"(?:That|This)(?:['’]s| is| was)", re.IGNORECASE)
# "Asked whether he would quit, Lee said, ...": the question is the scene, not the statement.
_ASKED_OPENING = re.compile(r"(?:When\s+)?(?:Asked|Pressed|Questioned)\b")
_TRIPLE_CLOSING = re.compile(r"(?<=\S)'''")
_ASKED_TOLD = frozenset(["asked", "asks", "told", "tells"])
_COORDINATED = re.compile(r"\s(?:and|but|then|and then|and later)\s+$")


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


def _find_in_sentence(text: str, sent: Sentence, after_quote: bool = False) -> list[Found]:
    """Return the attributions whose cue lies in one sentence.

    `after_quote` is True when the sentence follows an unattributed quotation in its paragraph.
    """
    found: list[Found] = []
    for match in ACCORDING.finditer(text, sent.start, sent.end):
        if not sent.inside_quote(match.start()):
            item = according_to(text, sent, match.start(), match.end())
            if item is not None:
                found.append(item)
    has_by = " by " in text[sent.start : sent.end]  # the passive cues need their agent
    for match in BY_AGENT.finditer(text, sent.start, sent.end) if has_by else ():
        if not sent.inside_quote(match.start("verb")):
            item = according_to(text, sent, match.start(), match.end())
            if item is not None:
                item.cue = " ".join(match.group(0).split()).strip(",")
                found.append(item)
    # The participle scans below only run where the cue scan saw a verb they need.
    saw_verb = saw_participle = False
    for cue_match in find_cues(text, sent.start, sent.end):
        saw_verb = True
        saw_participle = saw_participle or cue_match.verb.split()[-1] in PARTICIPLE_SET
        if sent.inside_quote(cue_match.start):
            continue
        verb = cue_match.verb
        if verb in PARTICIPLE_SET and not cue_match.be:
            continue  # "..., saying": a participle, read below
        cue_start = cue_match.start
        speaker = speaker_before(text, sent, cue_start) or described_after_quote(
            text, sent, cue_start
        )
        inverted = False
        if (
            speaker is not None
            and verb in SAY_SET
            and verb not in ("told", "tells")  # "told AFP": the listener
            and inverted_name(text, sent, cue_match.end)
        ):
            # "Cruz lacks support in Congress, said Larry Sabato, director of ...": the name
            # after the cue speaks, not the clause before it.
            before = text[sent.start : cue_start].rstrip()
            if before[-1:] in (",", '"', "”") and len(text[speaker[0] : speaker[1]].split()) > 4:
                speaker = None
        coordinated = None
        if speaker is None:
            coordinated = _COORDINATED.search(text, sent.start, cue_start)
        if coordinated:
            # "The court overruled the ban and said ...": the subject of the first verb, in the
            # clause of the cue ("The crowd cheered when Trump saw a sign and asked ...").
            speaker = clause_subject(text, sent, cue_start) or sentence_subject(
                text, sent, cue_start
            )
            if speaker is not None:
                keep, owner = second_verb(found, coordinated.start(), verb)
                if not keep:
                    continue
                speaker = owner or speaker
        if speaker is None:
            before = text[sent.start : cue_start].rstrip()
            if verb not in SAY_SET or not before or before[-1] not in ',"”':
                continue
            speaker = speaker_after(text, sent, cue_match.end)
            inverted = True
            if speaker is None:
                continue
        cue = " ".join(cue_match.text.split())
        after = cue_match.end
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
            cited = phrase_span(text, citing.end(), stop.start() if stop else sent.end)
            if plausible(text[cited[0] : cited[1]]):
                outlet = text[speaker[0] : speaker[1]]
                speaker = cited
                cue = f"{verb} citing"
                after = cited[1]
        if verb not in SAY_SET and not (
            is_intro(text, sent.start, speaker[0])
            or DATELINE.fullmatch(text, sent.start, speaker[0])
        ):
            continue  # "X proposed ...": only with the speaker first (or after a dateline)
        intro = is_intro(text, sent.start, speaker[0])
        rest = text[after : sent.end]
        that = THAT.match(text, after, sent.end)
        starts_clear = bool(that and that.end() > after and text[after : that.end()].strip(" ,"))
        quoted = rest.lstrip(" ,:")[:1] in tuple(QUOTE_CHARS)
        if verb in NOUN_LIKE_VERBS and not (inverted or starts_clear or quoted or cue != verb):
            continue  # "the first two states to vote": a noun, not a verb of saying
        if cue == verb and noun_before(text, cue_start):
            continue  # "Editor's note:", "his first report that ...", "its demands"
        if not_saying(verb, rest, inverted):
            continue  # "went on the offensive", "reported $2 billion in revenue"
        passive = _PASSIVE_BEFORE.search(text, max(sent.start, cue_start - 12), cue_start)
        if passive and not inverted:
            continue  # "any guest who is asked to comment": a passive, its speaker unnamed
        opening = intro or scene_opening(text, sent.start, speaker[0])
        if inverted and not strip_openers(text[sent.start : cue_start].strip(TRIM)):
            # 'But, said Solovey, "I don't want ..."': only an opener before the cue
            quote = quote_after(text, sent, speaker[1])
            content = [quote] if quote else []
        elif inverted:
            content = [(sent.start, cue_start)]
            resumed = resumed_quote(text, sent, speaker[1])
            if resumed:
                content.append(resumed)
        elif not opening and text[sent.start : speaker[0]].rstrip(" ,")[-1:] in tuple(QUOTE_CHARS):
            content = [(sent.start, speaker[0])]
            quote = quote_after(text, sent, after)
            if quote:
                content.append(quote)
        elif (
            intro
            and after_quote
            and (QUOTE_TAIL.match(rest) or (verb in _ASKED_TOLD and listener_only(rest)))
            and not _CLEAR.match(rest)
        ):
            content = []  # '"..." Smith said as he left.': the quotation before is the content
        elif (
            verb in _ASKED_TOLD
            and text[sent.start : speaker[0]].rstrip().endswith(",")
            and not scene_opening(text, sent.start, speaker[0])
            and listener_only(rest)
            and " that " not in rest
        ):
            content = [(sent.start, speaker[0])]  # "The levee comes first, Lee told her aides."
        elif len(rest.split()) > 1 and (
            opening
            or starts_clear
            or quoted
            or (len(rest.split()) >= 4 and not ADJUNCT.match(rest))
            or _SCENE_THAT.match(text, after, sent.end)  # "reported to the IRS that ..."
        ):
            start = that.end() if that else after
            if not starts_clear:
                # "said in an interview on Monday that ...": the statement starts after "that"
                scene = _SCENE_THAT.match(text, after, sent.end) or _LEADING_TIME.match(
                    text, after, sent.end
                )
                if scene is None and verb in ("told", "tells"):
                    # "told conservative radio host Ann Lee on Wednesday that ...": the listener
                    scene = _LISTENER_THAT.match(text, after, sent.end)
                start = scene.end() if scene else start
            if verb in ("declined to", "declines to", "refused to", "refuses to"):
                start = cue_start + len(cue_match.aux)
            content = [(start, sent.end)]
            if (
                not intro
                and not _ASKED_OPENING.match(text, sent.start, speaker[0])
                and rest.lstrip()[:1] == ","
                and _split_around(text, sent, speaker[0])
                and not _COORDINATED.search(text, speaker[1], cue_start)  # "Lee smiled and said"
            ):
                content.insert(0, (sent.start, speaker[0]))  # "Even if ..., Lee said, he ..."
        elif rest.strip(" .!").lower() in ("yes", "no"):
            content = [(after, sent.end)]  # "the mayor said no."
        elif opening:
            content = []  # "Smith said." or "Smith said:" - the content is elsewhere
        elif (
            _SUBORDINATE_BEFORE.search(text, max(sent.start, speaker[0] - 12), speaker[0])
            and len(rest.split()) > 1
        ):
            # "It has been months since the Senate confirmed a judge": the speaker's clause is
            # subordinate, the words before it are the reporter's.
            content = [(after, sent.end)]
        else:
            content = [(sent.start, speaker[0])]
            quote = quote_after(text, sent, after)
            if quote:
                content.append(quote)
        cue_at = coordinated.start() if coordinated else cue_start
        found.append(Found(speaker, cue, content, sent.start, sent.end, outlet, cue_at))
    found.extend(other_constructions(text, sent, found, saw_verb=saw_verb))
    for match in PARTICIPLE.finditer(text, sent.start, sent.end) if saw_participle else ():
        if sent.inside_quote(match.start("verb")):
            continue
        if not_saying(match.group("verb"), text[match.end() - 1 : sent.end]):
            continue  # "..., adding to her lead", "..., claiming his third victory"
        # "declaring it a win and said ...": the participle's statement ends at a later cue.
        later = [item.cue_at for item in found if item.cue_at > match.end()]
        content = [(match.end(), min(later, default=sent.end))]
        # (not a noun's statement: "blamed the media for Lee's claim that ..., saying ...")
        earlier = [
            i for i in found if i.cue_at < match.start() and i.cue.split()[0] not in NOUN_CUES
        ]
        if earlier:
            owner = earlier[-1]
            # A quotation closed after the comma (',” adding') stays whole in the first statement.
            cut = match.start() + 2 if text[match.start() + 1] in QUOTE_CHARS else match.start()
            if owner.content and owner.content[-1][1] > cut:
                owner.content[-1] = (owner.content[-1][0], cut)
            speaker = owner.speaker
        else:
            # "The mayor defended the plan, saying ...": the sentence's subject speaks.
            speaker = sentence_subject(text, sent, match.start())
            if speaker is None:
                continue
        found.append(Found(speaker, match.group("verb"), content, sent.start, sent.end))
    found = without_relayed(text, found)
    trim_tails(text, sent, found, [item.speaker[0] for item in found])
    return found


def _split_around(text: str, sent: Sentence, speaker_start: int) -> bool:
    """Return True when a clause set off by a comma opens the sentence before its speaker."""
    before = text[sent.start : speaker_start].rstrip()
    return before.endswith(",") and len(before.split()) >= 3


def _quote_before(text: str, prev: Sentence, sent: Sentence) -> bool:
    """Return True when `prev` is a quotation alone, closed, in the same paragraph as `sent`."""
    return (
        prev.para == sent.para and is_quote_only(text, prev) and text[prev.end - 1] in QUOTE_CHARS
    )


def extract_attributions(text: str) -> list[Attribution]:
    """Return the attributed statements of `text`, in text order."""
    original = text
    # Doubled apostrophes used as quotation marks; three close a quotation inside one
    # ("... 'fair deal,''' said Lee"): the single one first, then the double.
    if "'''" in text:  # rare: spares a scan of every text
        text = _TRIPLE_CLOSING.sub("'\" ", text)
    text = text.replace("''", '" ')
    # Curly marks typed the wrong way round ('“It is late,“ said Lee', 'said, ”No.”'); the view
    # keeps every offset, the statements are cut from the original.
    text = _CLOSING_TYPED_OPEN.sub("”", text)
    text = _OPENING_TYPED_CLOSE.sub("“", text)
    sents = sentences(text)
    resolver = Resolver(text)
    results: list[Attribution] = []
    per_sentence = []
    for i, sent in enumerate(sents):
        alone = (i == 0 or sents[i - 1].para != sent.para) and (
            i + 1 == len(sents) or sents[i + 1].para != sent.para
        )
        found = find_in_headline(text, sent) if is_headline(text, sent, alone) else []
        if not found:
            after_quote = i > 0 and _quote_before(text, sents[i - 1], sent)
            found = _find_in_sentence(text, sent, after_quote)
        per_sentence.append(found)
    for i, found in enumerate(per_sentence):
        if not found:
            continue
        made: list[tuple[Found, Attribution]] = []
        for item in found:
            extend(text, sents, per_sentence, i, item)
            if not item.content:
                continue
            content = clean_content(text, original, item.content)
            quoted_word = bool(content) and text[item.content[0][0]] in QUOTE_CHARS
            answer = content.lower() in ("yes", "no") and item.content[0][0] > item.speaker[1]
            # "That's according to exit polls": the pronoun stands for the statement before
            answer = answer or (item.cue == "according to" and _THAT_IS.fullmatch(content))
            if len(content.split()) < 2 and not quoted_word and not answer:
                continue  # a lone word is a statement only when quoted: '"Absolutely," he said'
            phrase = original[item.speaker[0] : item.speaker[1]].strip()
            info = analyse(phrase)
            source_head = phrase.lower().endswith(("source", "sources"))
            if info.kind == "anonymous" and item.outlet and not info.outlet and source_head:
                info = replace(info, outlet=item.outlet, name=f"{item.outlet} source")
            known = resolver.resolve(phrase, info, item.speaker[0])
            outlet = item.outlet or info.outlet or known.outlet
            if info.kind == "media" and outlet == known.name and not is_outlet(outlet or ""):
                outlet = None
            attribution = Attribution(
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
            made.append((item, attribution))
        if len(made) < 2:
            results.extend(a for _, a in made)
            continue
        repeats = repeated(text, sents[i].end, [(item, a.speaker_name) for item, a in made])
        results.extend(a for k, (_, a) in enumerate(made) if k not in repeats)
    return results
