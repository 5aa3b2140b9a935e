"""Compiled regular expressions for the cues of attribution, built from the lexicon."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import (
    ACT_PHRASES,
    ACT_VERBS,
    AUX,
    AUX_TIMES,
    BE_FORMS,
    PARTICIPLES,
    SAY_PHRASES,
    SAY_VERBS,
    word_list,
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _trie(words) -> str:
    """The words as one regular expression shaped like a trie ("sa(?:id|ys?)"): the same matches
    as `_alternation`, longest first, but Python's engine tries far fewer branches per position."""
    tree: dict = {}
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(tree)


def _trie_node(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(char) + _trie_node(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        body = "(?:" + body + ")?"
    return body


# "has also said", "told", "declined to", "points out": the verb group, with optional auxiliaries.
# Adverbs in -ly, but not the nouns and names that end so ("the family said").
_LY = (
    r"(?!(?:family|ally|rally|daily|assembly|supply|reply|bully|fly|anomaly|monopoly)\b)[a-z]{2,}ly"
)
_ADVERBS = r"(?:" + _alternation(AUX) + r"|" + _LY + r"|" + AUX_TIMES + r")\s+"
# A progressive form ("is also asking") is a cue only with its form of "be" before it.
CUE = re.compile(
    r"\b(?P<aux>(?:" + _ADVERBS + r"){0,3}(?P<be>(?:" + _alternation(BE_FORMS) + r")\s+"
    r"(?:" + _ADVERBS + r"){0,2}(?=(?:" + _alternation(PARTICIPLES) + r")\b))?)"
    r"(?P<verb>"
    + _alternation([*SAY_PHRASES, *ACT_PHRASES, *SAY_VERBS, *ACT_VERBS, *PARTICIPLES])
    + r")\b"
)
PARTICIPLE_SET = frozenset(PARTICIPLES)
# The same cues read in two steps, which is several times faster on long texts: the verb first,
# then the auxiliaries and adverbs that end just before it.
_VERB = re.compile(
    r"\b(?P<verb>"
    + _trie([*SAY_PHRASES, *ACT_PHRASES, *SAY_VERBS, *ACT_VERBS, *PARTICIPLES])
    + r")\b"
)
# The longest run of adverbs (and, before a participle, a form of "be") ending at a verb.
_AUX_PLAIN = re.compile(r"\b(?:" + _ADVERBS + r"){0,3}$")
_AUX_BE = re.compile(
    r"\b(?:" + _ADVERBS + r"){0,3}(?:(?P<be>(?:" + _alternation(BE_FORMS) + r")\s+"
    r"(?:" + _ADVERBS + r"){0,2}))?$"
)
_AUX_REACH = 80  # characters: three adverbs and a form of "be" fit


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue found in a sentence: its verb, the auxiliaries before it, and its offsets."""

    aux: str
    be: str | None  # the form of "be" of a progressive ("is also asking"), if any
    verb: str
    start: int
    end: int

    @property
    def text(self) -> str:
        """The cue as written: "has also said", "is asking"."""
        return self.aux + self.verb


def find_cues(text: str, start: int, end: int) -> Iterator[Cue]:
    """Yield the cues of text[start:end] in order: the same as `CUE.finditer`, but the verb is
    found first and the auxiliaries read back from it, which is several times faster."""
    for match in _VERB.finditer(text, start, end):
        verb = match.group("verb")
        verb_start = match.start()
        pattern = _AUX_BE if verb in PARTICIPLE_SET else _AUX_PLAIN
        aux = pattern.search(text, max(start, verb_start - _AUX_REACH), verb_start)
        aux_start = aux.start() if aux else verb_start
        be = aux.group("be") if aux is not None and pattern is _AUX_BE else None
        yield Cue(text[aux_start:verb_start], be, verb, aux_start, match.end())


SAY_SET = frozenset([*SAY_VERBS, *SAY_PHRASES, *PARTICIPLES])
# Each scan below opens with a literal and checks the word boundary behind it: Python's engine
# then jumps from candidate to candidate instead of trying every position (about 10x faster).
ACCORDING = re.compile(r"[Aa]ccording(?<!\w[Aa]ccording) to\s+")
# "..., saying", "..., and adding", "... by saying", "... while insisting", "... – saying".
PARTICIPLE = re.compile(
    r"(?:,[\"”’]?\s*(?:and\s+|while\s+|before\s+|after\s+)?|\s(?:by|while|upon|before|after|when|and|but)\s+"
    r"|\s[—–-]{1,2}\s*)"
    # "..., falsely suggesting that ...": an adverb before the participle
    r"(?:[a-z]{2,}ly\s+)?"
    r"(?P<verb>" + _alternation(PARTICIPLES) + r")\b\s*"
)
# "issued a statement saying", "posted a tweet Tuesday saying": the subject speaks through it.
STATEMENT_PARTICIPLE = re.compile(
    r"\s(?:statement|response|tweet|letter|note|e-?mail|post|memo|release|message|video|ad|"
    r"cover|op-ed|editorial|filing|motion|brief|report)"
    r"(?:\s+(?!saying|stating)[^\s,.;:\"“”]+){0,4}?\s+(?:that\s+)?"
    r"(?P<verb>saying|stating|claiming|noting|arguing|warning|said|says)\b\s*"
)
# "released the following statement:", "issued a statement Tuesday:": the subject speaks in what
# follows the colon.
STATEMENT_COLON = re.compile(
    r"\s(?:released|issued|put\s+out|sent\s+out|posted|gave)\s+(?:(?:the|a|an|this)\s+)?"
    r"(?:(?:following|brief|short|written|joint)\s+)*(?:statement|response|message|note)"
    # "issued a statement, “...”": a comma before a quotation does the same
    r"(?:\s+[^:.;,\"“”]{0,40}?)?\s*(?::|,(?=\s*[\"“]))\s*"
)
# "with 47 percent of voters saying ...": a participle with a subject of its own.
ABSOLUTE_PARTICIPLE = re.compile(
    r"with(?<!\wwith)\s+(?P<speaker>[^,;:\"“”—–]{2,60}?)\s+"
    r"(?P<verb>saying|telling|arguing|claiming|insisting|warning|predicting|calling|tweeting|"
    r"writing|asking|noting)\b\s*"
)
# "took to Twitter to say", "stood at the rally to say": an infinitive of saying.
INFINITIVE = re.compile(
    r"to(?<!\wto)\s+(?P<verb>say|tell|argue|insist|warn|declare|announce|"
    r"complain|explain|suggest|claim|note|stress|predict)\b\s*"
)
# 'Said Ellis: "..."': the verb first, at the start of a sentence.
SAID_FIRST = re.compile(
    r"(?:Said|Says|Added|Adds|Wrote|Writes|Asked|Explained|Noted)\s+"
    r"(?P<speaker>[^:,\"“”]{2,60}?)\s*[:,]\s*"
)
# "As reported by X, ...", "The plan, first reported by X, ...": a passive cue and its agent.
BY_AGENT = re.compile(
    r"(?:^|(?<=,)\s*)(?:[Aa]s\s+)?(?:(?:first|originally|initially|previously|later)\s+)?"
    r"(?P<verb>reported|confirmed|announced|revealed|disclosed|quoted|cited|stated)\s+by\s+"
)
# "The move was criticized by economists", "Lee was asked by the host whether ...".
PASSIVE_BY = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:(?:[a-z]+ly|first|later|also)\s+)?"
    r"(?P<verb>criticized|asked|accused|praised|blamed|questioned|attacked|condemned|"
    r"denounced|told|warned|urged|pressed|challenged|reported|confirmed|announced|revealed|"
    r"disclosed|quoted|cited)(?:\s+(?:last|this|on)\s+[A-Za-z]+)?\s+by\s+"
)
# "Asked by Grant whether ...", "when asked by a reporter if ...": the agent asked, and the
# question follows it.
ASKED_BY = re.compile(r"\b(?P<verb>[Aa]sked|[Pp]ressed|[Qq]uestioned)\s+by\s+")
# Nouns of saying that hold a statement after a name's possessive ("Lee's claim that ...").
NOUN_CUES = frozenset(
    word_list(
        "claim claims assertion assertions argument arguments suggestion suggestions "
        "announcement announcements contention contentions insistence warning warnings "
        "statement allegation allegations comments remarks"
    )
)
# "Lee's claim that ...", "Grant's Friday announcement that ...": a noun of saying after a
# name's possessive, and the statement after "that"; read from the possessive mark, the name
# before it (NAME_BEFORE) afterwards, which is several times faster than a name first.
POSSESSIVE_CLAIM = re.compile(
    r"['’]s?\s+"
    r"(?:(?:[A-Z][a-z]+day\s+|[a-z]+ly\s+|most\s+[a-z]+\s+|first\s+|latest\s+|repeated\s+)?"
    r"(?P<cue>claims?|assertions?|arguments?|suggestions?|announcements?|contentions?|"
    r"insistence|warnings?|statement|allegations?)"
    r"(?:\s+(?:on|last|this)\s+[A-Z]?[a-z]+)?\s+(?:(?:was|is)\s+)?that\s+"
    # "Lee's announcement of a new pump": what was announced
    r"|(?:[A-Z][a-z]+day\s+)?"
    r"(?P<cue2>announcement\s+of|(?:comments|remarks)(?:\s+[A-Z][a-z]+day)?\s+(?:on|about))\s+)"
)
NAME_BEFORE = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.-]*$")
CITING = re.compile(r"\s*,?\s*citing\s+")
# Boundaries of a speaker phrase when reading back from a cue.
BOUNDARY = re.compile(r"[,;:()\"“”„«»—–]|\s-\s")
# Where a speaker phrase after its cue ends ("said Smith on Tuesday").
FORWARD_STOP = re.compile(
    r"[,.;:!?()\"“”]|\s(?:on|in|at|during|after|before|when|while|as|who|which|last|this|"
    r"yesterday|today|earlier|later|adding|noting|according|via|through|about|because|since|"
    r"although|but|and|to|from|that|with|without|told|said|says|of\s+the\s+\w+ing)\b"
)
# Objects of "told" that are not outlets and not content.
TOLD_OBJECT = re.compile(
    r"^(?:reporters|journalists|the press|the media|me|us|him|her|them|supporters|lawmakers|"
    r"the (?:newspaper|paper|station|network|outlet|magazine|crowd|audience|committee|court|jury)"
    r"|(?:a|the)\s+(?:crowd|rally|audience|gathering|meeting|conference|group|town hall)"
    r"(?:\s+(?:of|in|at)\s+[^,.;:]{1,40}?)?|(?:The\s+)?(?:[A-Z][\w.'’&\-]*\s*){1,5}"
    # "Britain's ITV television station", "Fox News host Sean Hannity", "CNN's State of the Union"
    r"(?:(?:television|radio|cable)?\s*(?:station|network|newspaper|channel|program|show|"
    r"host|anchor|reporter|correspondent|magazine|website|podcast)"
    r"(?:\s+(?:[A-Z][\w.'’&\-]*\s*){1,3})?)?)(?=[\s,.;:]|$)"
)
# What a statement after its cue may start with when the speaker came first.
ADJUNCT = re.compile(
    r"\s*(?:in|on|at|during|after|before|when|while|last|this|without|with|from|as|earlier|later|"
    r"yesterday|today|recently|previously|by|via|through|afterward|afterwards|shortly|late|"
    r"early|of|to reporters|to the)\b|\s*[.!?]?\s*$"
    # "said Tuesday in Paris, noting ...": a day, then more circumstances
    r"|\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*(?:[,.;]|(?:in|at|on|during|while)\b)"
)
CLAUSE_WORD = re.compile(
    r"\b(?:and|but|while|as|because|so|when|after|before|since|though|although|if|that|where|"
    r"whereas|until|once|then)\s+"
)
THAT = re.compile(r"\s*[,:]?\s*(?:that\s+)?")
PRONOUN_SPEAKER = re.compile(r"^(?:he|she|they)$", re.IGNORECASE)
CAP_RUN = re.compile(r"\b[A-Z][\w'’\-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w'’\-]+){1,5}")
# Verbs of saying that are also plural nouns: a cue only before "that", a colon or a quotation.
# Not "ask", "warn", "estimate": as nouns they follow a determiner ("the ask"), which
# `guards.noun_before` catches; after a plural subject they are cues ("The ads ask voters ...").
NOUN_LIKE_VERBS = frozenset(
    [
        *["states", "reports", "notes", "remarks", "counters", "posts", "tweets"],
        *["replies", "report", "claim", "note", "remark", "counter", "tweet", "reply"],
        *["stress", "caution", "boast", "respond", "tell", "add"],
        "recall",
    ]
)
# What follows "Smith said" when the statement was the quotation before it: an adjunct or a
# participle ("said as he left", "said to the crowd", "said, looking out at the hall").
QUOTE_TAIL = re.compile(ADJUNCT.pattern + r"|\s*(?:,|about\b|to\b|as\b|of\b)")
