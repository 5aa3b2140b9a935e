"""Verbs of saying that also have other senses, told apart by what follows them.

"Trump went on the offensive", "Sanders maintained his lead", "the casinos reported $2 billion in
revenue", "claiming his third victory": the verbs are in the lexicon as cues, but here nobody
says anything. Each guard reads only the words right after the verb.
"""

import re

# What makes "went on" or "maintained" a cue: a statement follows, not an object
# ("went on the offensive", "maintained his lead"); "went on to list ..." is a cue.
_STATEMENT_FOLLOWS = re.compile(
    r"\s*(?:[:,\"“”„«]|that\b|to\s+(?:[a-z]+ly\s+)?(?:say|add|tell|argue|claim|insist|note|"
    r"explain|warn|write|ask|predict|suggest|describe|call|accuse|praise|criticize|attack|name|"
    r"list|highlight|mention|cite|compare|detail|outline|recount|blast|slam|question|joke|mock|"
    r"insult|deny|defend|thank|urge|promise|vow|pledge|declare|announce|boast|complain|lament|"
    r"assert|tweet|maintain|push|press|hammer|blast)\b|"
    r"about\b|(?!(?:his|her|its|their|a|an|the|to)\b)[a-z]+\s+[a-z]+)"
)
# "continued to grow", "continued his romp": a statement must follow, as after "went on".
_NEEDS_STATEMENT = frozenset(
    ["went on", "goes on", "maintained", "maintains", "continued", "continues", "continue"]
)
# "that" followed at once by a verb opens a relative clause, not a statement.
_RELATIVE_THAT = (
    r"\s+that\s+(?:have|has|had|are|were|is|was|will|would|could|can|may|might|should|do|does|"
    r"did|vote|voted|hold|held|include|included)\b"
)
_CONTRACTIONS = frozenset(["he's", "she's", "it's", "who's", "that's", "there's", "what's"])
_BY_ACTING = (
    r"\s+(?:[a-z]+ly\s+)?by\s+(?!saying|telling|arguing|noting|insisting|writing|tweeting|"
    r"claiming|calling|asking|pointing|accusing|denying|declaring|stating)[a-z]+ing\b"
)
# "helps explain why ...": a verb after "help" has no speaker of its own.
_NOT_A_CUE_AFTER = frozenset(["help", "helps", "helped", "helping"])
# "around 300 jobs", "more than $2 billion": an amount, not a statement.
_ABOUT_A_NUMBER = (
    r"(?:about|around|nearly|roughly|some|almost|over|more\s+than|less\s+than|fewer\s+than)"
    r"\s+\$?\d"
)
_CALL_OFF = (
    r"\s+(?:off\b|(?:a|an|the|for\s+an?)\s+(?:(?:emergency|special|snap|closed-door|news|press)"
    r"\s+)?(?:meeting|hearing|vote|election|strike|session|conference|summit|recess)\b)"
)
_NOUN_MARKERS = frozenset(
    ["the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "first", "mere"]
)
# "contending with a new reality", "adding to her lead", "reported $2 billion in revenue".
_NOT_SAYING_AFTER = {
    "contending": re.compile(r"\s+(?:with|for)\b"),
    "contended": re.compile(r"\s+(?:with|for)\b"),
    "adding": re.compile(r"\s+(?:to\b|" + _ABOUT_A_NUMBER + r")"),
    # "The nation added 178,000 jobs", "added around 300 jobs", "adds to the pressure".
    "added": re.compile(r"\s+(?:\$|\d|to\b|up\b|" + _ABOUT_A_NUMBER + r")"),
    "adds": re.compile(r"\s+(?:\$|\d|to\b|up\b|" + _ABOUT_A_NUMBER + r")"),
    # "The man accused of buying the guns", "charged with fraud": a passive participle.
    "accused": re.compile(r"\s+of\b"),
    "charged": re.compile(
        r"\s+(?:with|in|into|ahead|through|toward|towards|up|down|across|onto)\b"
    ),
    # "denied the fraud claims, pointing to ...": a noun, when no clause follows.
    "claims": re.compile(r"\s*[,;:)]|" + _RELATIVE_THAT),
    # "reported $2 billion", and the byline "Lee reported from Washington."
    "reported": re.compile(r"\s+(?:\$|from\s+[A-Z](?![^.]*\bthat\b))"),
    # "posted an overwhelming victory", "responded by helping to build ...": acts, not words.
    "posted": re.compile(
        r"\s+(?:(?:a|an|its|his|her|their)\s+)?(?:[a-z]+\s+)?(?:victory|win|wins|gains?|loss|"
        r"losses|record|profits?|increase|decline|lead|score)\b"
    ),
    # "called off the deal", "called a special session": other senses of "call".
    "called": re.compile(_CALL_OFF),
    "calls": re.compile(_CALL_OFF),
    "responded": re.compile(_BY_ACTING),
    "responds": re.compile(_BY_ACTING),
    "reports": re.compile(r"\s+\$|" + _RELATIVE_THAT),
    # "Rust Belt states that have suffered": a plural noun and its relative clause.
    "states": re.compile(_RELATIVE_THAT),
    "notes": re.compile(_RELATIVE_THAT),
    "tweets": re.compile(_RELATIVE_THAT),
}


def noun_before(text: str, cue_start: int) -> bool:
    """Return True when the word before a cue makes it a noun ("the mere mention", "Editor's
    note", "his first report", "Sanders's claim that ...") or no verb of saying ("so-called",
    "helps explain")."""
    before = text[max(0, cue_start - 40) : cue_start].rsplit(None, 1)  # the last word only
    if not before:
        return False
    last = before[-1]
    if last.lower().replace("’", "'") in _CONTRACTIONS:
        return False  # "he's said", "who's asked": a verb after "has"
    if last.lower() in _NOT_A_CUE_AFTER or last.lower().endswith("so-"):
        return True  # "the so-called river tax", "helps explain why": no speaker says it
    if last.lower() == "all" and text.startswith("told,", cue_start):
        return True  # "All told, 900 homes lost power": the idiom
    return last.lower() in _NOUN_MARKERS or last.endswith(("'s", "’s", "s'", "s’"))


def not_saying(verb: str, rest: str, inverted: bool = False) -> bool:
    """Return True when `verb`, followed by `rest`, is not a verb of saying here."""
    if verb in _NEEDS_STATEMENT:
        return not inverted and not _STATEMENT_FOLLOWS.match(rest) and rest.strip(" .") != ""
    guard = _NOT_SAYING_AFTER.get(verb.split()[-1])  # "is adding" is guarded as "adding"
    return bool(guard and guard.match(rest))
