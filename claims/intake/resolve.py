"""Resolve short references to speakers: surnames, pronouns and "the source".

The rule is the one an editor applies when reading: a pronoun (he, she, they) or a definite
anonymous phrase ("the source") refers to the most recent compatible speaker; a surname refers to
the full name written earlier in the article ("Yermak" -> "Andriy Yermak").
"""

from dataclasses import dataclass, field

from .lexicon import TITLE_WORDS
from .patterns import CAP_RUN
from .speakers import SpeakerInfo, _bare, surname


@dataclass(slots=True)
class Known:
    """A speaker already attributed in the article."""

    name: str
    kind: str
    gender: str | None
    outlet: str | None
    role: str | None


@dataclass
class Resolver:
    """Document state for reference resolution: names mentioned and speakers seen so far."""

    text: str
    speakers: list[Known] = field(default_factory=list)
    _names: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for match in CAP_RUN.finditer(self.text):
            words = match.group(0).split()
            while words and _bare(words[0]) in TITLE_WORDS:
                words.pop(0)
            if len(words) >= 2 and not any(_bare(w) in TITLE_WORDS for w in words):
                name = " ".join(words).removesuffix("'s").removesuffix("’s")
                self._names.append((match.start(), name))

    def full_name(self, name: str, pos: int) -> str:
        """Return the longest earlier (or, failing that, later) full name ending in `name`."""
        key = surname(name)
        if not key:
            return name
        best = name
        for start, full in self._names:
            if surname(full) == key and len(full) > len(best) and full.endswith(name.split()[-1]):
                best = full
                if start > pos:
                    break
        for known in reversed(self.speakers):
            if known.kind == "person" and surname(known.name) == key:
                if len(known.name) > len(best):
                    best = known.name
                break
        return best

    def resolve(self, phrase: str, info: SpeakerInfo, pos: int) -> Known:
        """Return the speaker a phrase refers to, and remember it as the latest speaker."""
        known: Known | None = None
        low = phrase.lower()
        if info.pronoun:
            known = self._latest(info.gender)
            if known is None:
                known = self._latest_mention(pos, info.gender)
        elif info.kind == "anonymous" and low.startswith(("the ", "that ", "this ")):
            known = next((k for k in reversed(self.speakers) if k.kind == "anonymous"), None)
            if known is not None and info.outlet and known.outlet != info.outlet:
                known = None
        if known is None:
            name = info.name
            if info.kind == "person":
                name = self.full_name(name, pos)
            role = info.role
            if role is None and info.kind == "person":
                role = next((k.role for k in self.speakers if k.name == name and k.role), None)
            known = Known(name, info.kind, info.gender, info.outlet, role)
        self.speakers.append(known)
        return known

    def _latest(self, gender: str | None) -> Known | None:
        for known in reversed(self.speakers):
            if gender == "plural":
                if known.kind != "person" or known.gender == "plural":
                    return known
                continue
            if known.kind != "person" or known.gender == "plural":
                continue
            if known.gender is None or known.gender == gender:
                return known
        return None

    def _latest_mention(self, pos: int, gender: str | None) -> Known | None:
        if gender == "plural":
            return None
        before = [name for start, name in self._names if start < pos]
        if not before:
            return None
        return Known(before[-1], "person", gender, None, None)
