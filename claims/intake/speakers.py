"""Speaker phrases: is a span of text a plausible speaker, and what kind, name and role is it.

A speaker phrase is a short noun phrase ("Kremlin spokesperson Dmitry Peskov", "a TASS source",
"the head of President Zelensky's office, Andriy Yermak", "she"). `analyse` splits it into the
name, the role words around the name, and a kind: person, organization, anonymous or media.
"""

import functools
import re
from dataclasses import dataclass

from .lexicon import (
    ANON_DETERMINERS,
    ANON_HEADS,
    FEMALE_NAMES,
    FEMALE_TITLES,
    MALE_TITLES,
    MEDIA_HEADS,
    NOT_IN_NP,
    OPENERS,
    ORG_HEADS,
    OUTLET_NAMES,
    OUTLET_WORDS,
    PLACES,
    PRONOUNS,
    SAY_VERBS,
    SPEAKER_NOUNS,
    TITLE_WORDS,
)

_TOKEN = re.compile(r"[^\s,]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_CAPITALIZED = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.\-]*$")
_DETERMINERS = {"a", "an", "the", "another", "one", "two", "three", "several", "some", "his"}
_DETERMINERS |= {"her", "their", "its", "many", "other", "both", "four", "five", "unnamed"}
_PARTICLES = {"of", "de", "da", "di", "du", "van", "von", "der", "al", "el", "bin", "la", "le"}
MAX_WORDS = 12
_MODAL_NAMES = {"Will", "May", "Can"}
_POSTMODIFIERS = {"of", "in", "on", "at", "for", "from", "with", "across", "inside", "within"}
_PARTICIPLE_OPENERS = {"having", "being", "following", "including", "according", "considering"}
_TIME_WORDS = {"month", "year", "week", "day", "hour", "minute", "later", "ago", "earlier"}
_TIME_WORDS |= {"decade", "moment"}
# Relative or descriptive tails after a speaker's head ("an aide who asked not to be named").
_TAILS = (" who ", " which ", " whose ", " familiar with ", " close to ", " speaking on ")
_TAILS += (" with knowledge ",)
_NOT_LAST = {"and", "or", "of", "the", "a", "an", "for", "to", "in", "at", "with", "on", "by"}
_QUANTIFIERS = {"most", "all", "few", "none", "each", "any", "six", "seven", "eight", "ten"}
_QUANTIFIERS |= {"dozens", "hundreds", "thousands", "millions", "more", "fewer", "half"}
_ADJECTIVES_IN_ED = {"unnamed", "retired", "elected", "concerned", "unidentified", "frustrated"}
_ADJECTIVES_IN_ED |= {"registered", "undocumented", "disabled", "married", "alleged", "armed"}
# "voters polled", "the 500 people surveyed": participles that close a group of respondents.
_ADJECTIVES_IN_ED |= {"polled", "surveyed", "interviewed", "questioned", "sampled"}
_PREPOSITIONS = {"in", "on", "at", "to", "for", "with", "from", "by", "about", "into", "over"}
_FINITE = {"has", "had", "have", "rose", "fell", "won", "lost", "made", "took", "got", "went"}
_SAYS = frozenset(SAY_VERBS)
_SAID = frozenset(w for w in SAY_VERBS if w.endswith("ed") or w in ("said", "told", "wrote"))
_SAID -= {"alleged", "reported", "concerned"}  # also adjectives: "the alleged victim"
_NOBODY = frozenset(["nobody", "no one", "noone", "none"])
_COMPLEMENT_PREPOSITIONS = frozenset(["of", "on", "in", "for", "at", "from", "with", "about"])
_OPENING_PREPOSITIONS = {"in", "on", "at", "to", "for", "with", "from", "by", "into", "during"}
_OPENING_PREPOSITIONS |= {"after", "before", "since", "under", "as", "amid", "throughout"}
_OPENING_PREPOSITIONS |= {"despite", "although", "though", "because", "if", "when", "while"}
_OPENING_PREPOSITIONS |= {"unless", "whether", "until", "upon", "among", "against", "unlike"}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
_NUMBER_WORDS |= {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_NUMBER_WORDS |= {"half", "dozens", "hundreds", "thousands", "majority", "minority", "third"}
_APPROXIMATELY = {"nearly", "almost", "about", "roughly", "more", "less", "over", "just", "only"}
_APPROXIMATELY |= {"fewer", "around", "most", "many", "some"}


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    """What a speaker phrase says about its speaker."""

    kind: str  # person, organization, anonymous, media
    name: str  # the name as written in the phrase ("Dmitry Peskov", "TASS source")
    role: str | None
    outlet: str | None  # an outlet named inside the phrase ("a TASS source" -> TASS)
    gender: str | None  # male, female, plural or None
    pronoun: bool = False


@functools.lru_cache(maxsize=8192)
def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word.lower().strip('.,;:!?"“”()')) or word.lower()


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def is_capitalized(word: str) -> bool:
    """Return True for a word that starts with a capital letter."""
    return bool(_CAPITALIZED.match(word))


def is_outlet(phrase: str) -> bool:
    """Return True when a phrase looks like the name of a news outlet ("RIA Novosti", "CNN")."""
    words = [_bare(w) for w in phrase.split()]
    if not words or not any(is_capitalized(w) for w in phrase.split()):
        return False
    if any(w in OUTLET_NAMES for w in words):
        return True
    return len(words) <= 6 and words[-1] in OUTLET_WORDS and is_capitalized(phrase.split()[-1])


def strip_openers(phrase: str) -> str:
    """Drop leading conjunctions and sentence adverbs ("But", "Meanwhile") from a phrase."""
    words = phrase.split()
    while words and words[0].lower().strip(",") in OPENERS:
        words.pop(0)
    return " ".join(words)


def plausible(phrase: str) -> bool:
    """Return True when `phrase` can be a speaker: a short noun phrase with a name or a head."""
    words = phrase.split()
    if not words or len(words) > MAX_WORDS + 4:
        return False
    for tail in _TAILS:
        if tail in phrase:
            head = phrase.split(tail, 1)[0]
            if head.lower() == "those":
                return True  # "Those close to him", "those familiar with the talks"
            return len(head.split()) <= 6 and plausible(head)
    if len(words) > MAX_WORDS:
        return False
    low = [_bare(w) for w in words]
    if len(words) == 1 and low[0] in PRONOUNS:
        return True
    if " ".join(low[:2]) in _NOBODY or low[0] in _NOBODY:
        return False  # "Nobody asked about it": no one spoke
    if len(words) == 1 and low[0] in _PARTICIPLE_OPENERS:
        return False  # "Having announced ..., the judge": a participle, not a name
    if low[0] in _OPENING_PREPOSITIONS:
        return False  # an opening phrase ("In a statement", "At the rally")
    # "US" and "IT" in capitals are names, not the pronouns.
    if any(
        (w in NOT_IN_NP or w in PRONOUNS) and not _acronym(words[i]) and not _given_name(words, i)
        for i, w in enumerate(low)
    ):
        return False
    if not _SAID.isdisjoint(low[1:]) and any(
        low[i] in _SAID and words[i][:1].islower() for i in range(1, len(words))
    ):
        return False  # "Lee said the mayor": a clause, not a noun phrase
    if any(w.endswith(("n't", "n’t")) for w in low):
        return False  # "weren't", "didn't": a verb
    if (
        any(w in ("and", "or") for w in low)
        and not all(
            is_capitalized(words[i - 1]) and is_capitalized(words[i + 1])
            for i, w in enumerate(low)
            if w in ("and", "or") and 0 < i < len(words) - 1
        )
        and not _and_in_complement(low)
    ):
        return False
    if low[-1] in _NOT_LAST or (low[-1].endswith("ly") and not is_capitalized(words[-1])):
        return False
    if _singular(low[-1]) in _TIME_WORDS:
        return False  # "Two months later", "One month"
    first_ok = low[0] in _DETERMINERS or low[0] in SPEAKER_NOUNS or low[0] in _PARTICLES
    if not (is_capitalized(words[0]) or first_ok):
        return _titled_name(words, low) or _common_plural(words, low) or _quantity(words, low)
    if any(_singular(w) in SPEAKER_NOUNS or w in SPEAKER_NOUNS or w in ORG_HEADS for w in low):
        return True
    # A proper name: a capitalized word that is not only the sentence's first determiner.
    if any(is_capitalized(w) and _bare(w) not in _DETERMINERS for w in words) and all(
        is_capitalized(w) or _bare(w) in _DETERMINERS or _bare(w) in _PARTICLES
        for w in words
        if not w.endswith(("'s", "’s"))
    ):
        return True
    # "Proponents of the plan" at the start of a sentence: a plural noun, capitalized there.
    return (
        _titled_name(words, low)
        or _described(low)
        or _quantity(words, low)
        or _common_plural(low, low)
    )


def _and_in_complement(low: list[str]) -> bool:
    """ "Experts on farming and water policy": "and" inside the phrase after a speaker noun."""
    prep = next((i for i, w in enumerate(low) if w in _COMPLEMENT_PREPOSITIONS), -1)
    return (
        prep > 0
        and _singular(low[prep - 1]) in SPEAKER_NOUNS
        and all(i > prep + 1 for i, w in enumerate(low) if w in ("and", "or"))
    )


def _given_name(words: list[str], i: int) -> bool:
    """ "Will Doyle", "May Chen": a first name spelled like a modal, before a capitalized word;
    or the pronoun of a part at the end ("most of them", "some of those")."""
    if i > 0 and words[i - 1].lower() == "of" and words[i].lower() in ("them", "us", "those"):
        return i == len(words) - 1
    return words[i] in _MODAL_NAMES and i + 1 < len(words) and is_capitalized(words[i + 1])


def _acronym(word: str) -> bool:
    return len(word.strip(".,")) > 1 and word.isupper()


def _titled_name(words: list[str], low: list[str]) -> bool:
    """ "former state senator Ann Lee", "9/11 widow Ann Lee": lower-case role words, then a name."""
    run = 0
    while run < len(words) and is_capitalized(words[-1 - run]):
        run += 1
    if run == 0 or run == len(words) or len(words) - run > 5:
        return False
    lead = low[: len(words) - run]
    if any(w in _PREPOSITIONS for w in lead):
        return False  # "Prices rose in May", "In a statement to the Observer": not a name
    return not any(
        w in _DETERMINERS - {"the", "a", "an"} or w.endswith("ly") or _verb_like(w)
        for w in lead[1:]
    )


def _verb_like(word: str) -> bool:
    """A past tense or a common finite verb: the word cannot be inside a speaker phrase."""
    return (word.endswith("ed") and "-" not in word and word not in _ADJECTIVES_IN_ED) or (
        word in _FINITE or word in _SAYS
    )


def _quantity(words: list[str], low: list[str]) -> bool:
    """ "47 percent", "Nearly half of respondents", "Another", "Many": a share of people."""
    if len(words) == 1:
        return low[0] in _QUANTIFIERS or low[0] in ("another", "others", "some", "many", "both")
    first = low[0]
    return (
        (first[:1].isdigit() or first.split("-")[0] in _NUMBER_WORDS or first in _APPROXIMATELY)
        and len(words) <= 6
        and not any(_verb_like(w) for w in low)
    )


def _common_plural(words: list[str], low: list[str]) -> bool:
    """ "economists", "local residents": a bare plural noun with at most two modifiers; or one
    followed by a prepositional phrase ("proponents of tighter rules on speech")."""
    if 2 < len(low) <= 10 and low[1] in _POSTMODIFIERS and _plural_noun(low[0]):
        return not any(w.endswith("ing") or _verb_like(w) for w in low[2:])
    last = low[-1]
    return (
        len(words) <= 3
        and len(last) > 3
        and last.endswith("s")
        and not last.endswith(("ss", "ous", "ics"))
        and not any(w in _PARTICLES or w.endswith(("ing", "ed")) for w in low)
    )


def _plural_noun(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "ous", "ics", "ing"))


def _described(low: list[str]) -> bool:
    """ "the woman", "some of the protesters", "a bartender in Ohio": a determiner and a noun."""
    if low[0] not in _DETERMINERS and low[0] not in _QUANTIFIERS:
        return False
    if len(low) > 8 or len(low) < 2:
        return False
    return not any(w.endswith("ing") or _verb_like(w) for w in low[1:])


def _name_run(words: list[str]) -> list[str]:
    """Return the last run of capitalized non-title words: the personal name, if any."""
    run: list[str] = []
    for word in reversed(words):
        bare = _bare(word)
        if is_capitalized(word) and bare not in TITLE_WORDS and not word.endswith(("'s", "’s")):
            run.insert(0, word.rstrip(","))
        elif run:
            break
    if run and (_bare(run[-1]) in ORG_HEADS or _bare(run[-1]) in OUTLET_NAMES):
        return []
    return run


def _name_before_place(words: list[str]) -> list[str]:
    """ "Ann Lee of Porto", "Tom Ruiz from the Liberty Church": the name before its place."""
    for k in range(2, len(words) - 1):
        if words[k] in ("of", "from", "at") and is_capitalized(words[k + 1].lstrip("(")):
            run = _name_run(words[:k])
            return run if len(run) >= 2 else []
        if words[k] in ("of", "from", "at") and words[k + 1] == "the":
            run = _name_run(words[:k])
            return run if len(run) >= 2 else []
    return []


def analyse(phrase: str) -> SpeakerInfo:
    """Classify a plausible speaker phrase and split it into name and role."""
    text = phrase.strip().strip(",")
    low = text.lower()
    if _bare(low) in PRONOUNS and " " not in low:  # "he", and "he's" of "he's said"
        return SpeakerInfo("person", text, None, None, PRONOUNS[_bare(low)], pronoun=True)
    if "," in text:
        # "Tom Baker, a spokesman for the union": a name, then its role.
        first, rest = (part.strip() for part in text.split(",", 1))
        lead = analyse(first)
        if lead.kind == "person" and not lead.role and _name_run(first.split()) == first.split():
            return SpeakerInfo("person", lead.name, rest or None, lead.outlet, lead.gender)
    words = text.replace(",", " , ").split()
    bare = [_bare(w) for w in words]
    outlet = None
    for i, word in enumerate(words):
        if _bare(word) in OUTLET_NAMES and is_capitalized(word):
            j = i
            while j + 1 < len(words) and _bare(words[j + 1]) in OUTLET_NAMES:
                j += 1
            outlet = " ".join(words[i : j + 1])
            break
    first = bare[0]
    heads = {_singular(w) for w in bare}
    without_det = " ".join(words[1:] if first in _DETERMINERS else words).replace(" , ", ", ")
    if (
        heads & {_singular(h) for h in ANON_HEADS}
        and not _name_run([w for w in words if _bare(w) not in OUTLET_NAMES])
        and (first in ANON_DETERMINERS or first in ("the", "sources", "officials", "people"))
    ):
        name = f"{outlet} source" if outlet else without_det
        return SpeakerInfo("anonymous", name, None, outlet, None)
    if bare[-1] in MEDIA_HEADS or (is_outlet(text) and len(words) <= 4):
        return SpeakerInfo("media", without_det, None, outlet or without_det, None)
    if bare[-1] in ORG_HEADS or (len(bare) == 1 and bare[0] in PLACES):
        return SpeakerInfo("organization", without_det, None, None, "plural")
    placed = " of " in text or " from " in text or " at " in text
    run = (_name_before_place(words) if placed else []) or _name_run(words)
    if run and _bare(run[-1]) not in SPEAKER_NOUNS:
        name = " ".join(run)
        role_words = [w for w in words if w not in run]
        role = " ".join(role_words).replace(" , ", ", ").strip(" ,") or None
        return SpeakerInfo("person", name, role, outlet, _gender(words, run))
    if bare[-1] in ("campaign", "government", "administration", "group", "party"):
        return SpeakerInfo("organization", without_det, None, None, "plural")
    plural = bare[-1].endswith("s") and not bare[-1].endswith("ss")
    kind = "organization" if plural else "person"
    return SpeakerInfo(kind, without_det, None, outlet, "plural" if plural else None)


def _gender(words: list[str], run: list[str]) -> str | None:
    low = {w.lower().rstrip(",") for w in words}
    if low & FEMALE_TITLES or _bare(run[0]) in FEMALE_NAMES:
        return "female"
    if low & MALE_TITLES:
        return "male"
    return None


def surname(name: str) -> str:
    """Return the last word of a name, lower case, without a possessive."""
    parts = name.split()
    return _bare(parts[-1]) if parts else ""
