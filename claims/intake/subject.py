"""The subject of a sentence, for cues that do not name their speaker.

"The mayor defended the plan, saying it would pay for itself": the participle "saying" has no
speaker of its own; it is the subject of the sentence's main verb. Without a parser the subject
is read from the sentence's start, after an opening phrase ("Last week,"): a capitalized name,
a pronoun, or a determiner and the nouns that follow it, up to the first word that looks like a
verb.
"""

import re
from dataclasses import replace

from .lexicon import INTRO_WORDS, NOT_IN_NP, PRONOUNS, SAY_VERBS, word_list
from .locate import TRIM, is_intro
from .segment import QUOTE_CHARS, Sentence
from .speakers import is_capitalized, plausible, strip_openers

_WORD = re.compile(r"[^\s]+")
# "WASHINGTON (AP) — ", "Washington (AFP) – ": the place and agency that open a wire story.
DATELINE = re.compile(
    r"(?:[A-Z][A-Za-z .,'’]{1,30}\s*\([\w .]{1,20}\)|[A-Z][A-Z .,'’]{2,30}"
    # "PARIS, Aug 31 (Reuters) - ", "LA CROSSE, Wisc. — ": the place, a date or state, an agency
    r"|[A-Z][A-Z .'’-]{1,30},[\w .'’]{1,20}?(?:,[\w .'’]{1,12}?)?(?:\s*\([\w .]{1,20}\))?)"
    r"\s*(?:—|–|--|-\s)\s*"
)
# Not "as": more often a preposition ("praised her as the most qualified ... and said").
_SUBORDINATE = re.compile(
    r"(?:\b(?:when|while|after|because|since|although|though|if|but|before|until)|;)\s+"
)
# A state or country written after a place: "N.H.", "Calif.", "Ohio", "New York".
_STATE = re.compile(r"(?:[A-Z][a-z]*\.){1,3}|[A-Z][a-z]+(?: [A-Z][a-z]+)?")
_INTRO_PREPOSITIONS = frozenset(
    word_list(
        "at in on during after before since from by for with under as when while although "
        "though because if amid despite throughout following once until unlike"
    )
)
_MAX_INTRO_WORDS = 20
_PREPOSITIONS_ONLY = frozenset(
    word_list("at in on during from by for with under amid despite throughout following")
)
_MAX_OPENING_WORDS = 25
# Finite verbs that make a part before the speaker a clause rather than a scene.
_FINITE = frozenset(
    word_list("is are was were has have had will would can could should did does do isn't wasn't")
)
_FINITE_AUX = frozenset(word_list("has had have is was were are will would did does can could"))
_MAX_SUBJECT_WORDS = 10
# Words that end a subject: auxiliaries and frequent verbs that do not end in -ed.
_VERBISH = frozenset(
    [
        *NOT_IN_NP,
        *SAY_VERBS,
        *word_list(
            "has had have gets got took made makes began begins went goes came comes gave gives "
            "sought seeks led leads put puts set sets ran runs won wins lost loses held holds "
            "spent spends kept keeps takes saw sees left leaves stood stands sent sends "
            # adverbs between a subject and its verb: "The campaign also doubled down"
            "also again still never once often repeatedly later earlier"
        ),
    ]
)
_TRAILING_ADJUNCT = re.compile(r"\s(?:on|in|at|last|this|earlier|later)\s")
_TIME_IN_SUBJECT = re.compile(
    r"\s(?:on|last|this|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|week|month|year)\b"
)
_APPOSITIVE_NAME = re.compile(r",\s+((?:[\w.'’-]+\s+){0,5}[A-Z][\w'’.-]+\s+[A-Z][\w'’.-]+),")
_LINKS = frozenset(word_list("of the a an for at in from on with 's and"))
_DETERMINERS = frozenset(
    word_list(
        "a an the another one two three four five several some many most all both few each his "
        "her their its other any"
    )
)


def sentence_subject(text: str, sent: Sentence, limit: int) -> tuple[int, int] | None:
    """Return the span of the subject that opens the sentence before `limit`, if any."""
    start = sent.start
    dateline = DATELINE.match(text, start, limit)
    if dateline:
        start = dateline.end()
    comma = text.find(",", start, limit)
    if comma > 0 and (is_intro(text, start, comma) or _long_intro(text[start:comma])):
        start = comma + 1
        # "At a rally in Portsmouth, N.H., on Tuesday, Lee ...": a state or a time after the
        # place belongs to the opening phrase too.
        for _ in range(2):
            comma = text.find(",", start, limit)
            if comma < 0:
                break
            chunk = text[start:comma].strip()
            if not (_STATE.fullmatch(chunk) or is_intro(text, start, comma)):
                break
            start = comma + 1
    words = list(_WORD.finditer(text, start, limit))[:_MAX_SUBJECT_WORDS]
    while words and strip_openers(words[0].group(0)) == "":
        words.pop(0)  # "But", "Meanwhile"
    if not words:
        return None
    first = words[0].group(0).strip(",")
    if first.lower() in PRONOUNS:
        return words[0].start(), words[0].start() + len(first)
    taken = []
    for match in words:
        word = match.group(0)
        bare = word.lower().strip(",;:")
        if taken and _ends_subject(word, bare, taken):
            break
        if len(taken) >= 2 and bare in _DETERMINERS and _bare(taken[-1]) not in _LINKS:
            taken.pop()  # "The mayor defends the plan": the word before "the" was the verb
            break
        taken.append(match)
        if word.endswith((",", ";", ":")):
            break
    while taken and _bare(taken[-1]) in _LINKS:
        taken.pop()
    if not taken:
        return None
    span = (taken[0].start(), taken[-1].end())
    phrase = text[span[0] : span[1]].rstrip(",;:")
    time = _TIME_IN_SUBJECT.search(phrase)
    if time and time.start() > 0:
        phrase = phrase[: time.start()]  # "The campaign on Monday doubled down"
    span = (span[0], span[0] + len(phrase))
    if plausible(phrase):
        # "The other candidate, former Gov. Ann Lee, drew a contrast": the name set off by
        # commas after the subject belongs to it.
        named = _APPOSITIVE_NAME.match(text, span[1], limit)
        if named and plausible(named.group(1)):
            return (span[0], named.end(1))
        return span
    # "Gov. Mike Pence on Thursday blamed ...": the subject before a time or place.
    cut = _TRAILING_ADJUNCT.search(phrase)
    if cut and plausible(phrase[: cut.start()]):
        return (span[0], span[0] + cut.start())
    return None


def clause_subject(text: str, sent: Sentence, limit: int) -> tuple[int, int] | None:
    """The subject after the last subordinating word before `limit`, if there is one:
    "The crowd cheered when Trump saw a sign and asked ..." -> "Trump"."""
    starts = [match.end() for match in _SUBORDINATE.finditer(text, sent.start, limit)]
    if not starts:
        return None
    return sentence_subject(text, replace(sent, start=starts[-1]), limit)


def _long_intro(chunk: str) -> bool:
    """ "At a meeting Tuesday of the Senate leadership": a prepositional phrase before a comma."""
    words = chunk.split()
    return (
        0 < len(words) <= _MAX_INTRO_WORDS
        and (
            words[0].lower() in _INTRO_PREPOSITIONS
            # "Shortly after the call ended,", "Soon after"
            or (
                words[0].lower().endswith("ly")
                and words[1:2]
                and words[1].lower() in _INTRO_PREPOSITIONS
            )
            or words[0].lower() == "soon"
            or words[0].lower() in ("asked", "pressed", "questioned", "speaking")
            or words[-1].lower() in ("ago", "later", "earlier")
        )
        and not _clause_in_phrase(words)
    )


def _clause_in_phrase(words: list[str]) -> bool:
    """ "By Sunday she had canceled the rally in Green Bay": a preposition, then a clause of its
    own (a finite auxiliary not inside a relative clause); a subordinator ("Although he is
    ...") is expected to have one."""
    if words[0].lower() not in _PREPOSITIONS_ONLY:
        return False
    return any(
        w.lower() in _FINITE_AUX and words[i - 1].lower() not in ("that", "which", "who")
        for i, w in enumerate(words[1:], start=1)
    )


def _ends_subject(word: str, bare: str, taken: list[re.Match]) -> bool:
    """Return True when `word` can no longer belong to the subject being read."""
    if bare in _LINKS or is_capitalized(word):
        return False
    if bare in _VERBISH or bare.endswith(("ed", "ly")):
        return True
    opening = taken[0].group(0)
    # After a name, a lower-case word is the verb ("Kasich bemoaned", "Smith wants").
    if is_capitalized(opening) and opening.lower() not in _DETERMINERS:
        return all(is_capitalized(m.group(0)) for m in taken)
    return False


def _bare(match: re.Match) -> str:
    return match.group(0).lower().strip(",;:")


def scene_opening(text: str, start: int, speaker_start: int) -> bool:
    """ "In an interview on CBS's "Face the Nation," Ryan said ...", "MACAU (Reuters) - Adelson
    said ...", "Later in the show, after the interview, Maher stated ...": what comes before the
    speaker only sets the scene, so the statement follows the cue."""
    chunk = text[start:speaker_start].strip(TRIM)
    if not chunk or DATELINE.fullmatch(text[start:speaker_start]):
        return bool(chunk)
    if chunk[0] in QUOTE_CHARS:
        return False  # '"But we will win," Lee said': the quotation is the statement
    if len(chunk.split()) > _MAX_OPENING_WORDS:
        return False
    if text[start:speaker_start].rstrip()[-1:] not in (",", '"', "”"):
        return False
    # Every part set off by commas opens with a scene-setting word ("Later in the show, after
    # the interview,"); "During the talks, the side submitted a list," holds a clause.
    # A part with a finite verb is a clause ("But the plan is still tilted toward the rich,"),
    # whatever word opens it.
    # A participle ("Walking into the office,") sets the scene too, and so does a title in
    # quotation marks after the first part ('In his book, "Make Your Kid a Millionaire,"').
    for i, part in enumerate(chunk.split(",")):
        stripped = part.strip()
        if i and stripped[:1] in QUOTE_CHARS:
            continue
        words = part.strip(' "“”').split()
        first = words[0].lower() if words else ""
        if words and not (first in INTRO_WORDS or first.endswith(("ly", "ing"))):
            return False
        if any(w.lower() in _FINITE for w in words[1:]):
            return False
    return True
