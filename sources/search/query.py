"""Engine-neutral query handling: folding, the web-search syntax, and highlighted snippets.

The syntax is what people type into web search engines:

    talks kremlin          both words (AND)
    "peace talks"          the words next to each other, in this order
    talks OR negotiations  either word (OR binds tighter than AND, as on the web)
    talks -ceasefire       without the word (also -"a phrase")

The parsed `Query` is compiled by each engine (a tsquery on PostgreSQL, an FTS5 MATCH
expression on SQLite), and its positive words mark up snippets the same way on both.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters without a Unicode decomposition, folded by hand. The Turkish dotless ı must meet i.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "İ": "i",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
    }
)
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


@functools.lru_cache(maxsize=65_536)
def fold_word(word: str) -> str:
    """fold() of one word, cached: snippets fold the same words over and over."""
    return fold(word)


def fold(text: str | None) -> str:
    """Lower case without accents: "Çırağan" -> "ciragan", "Zelenskyy" -> "zelenskyy"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Atom:
    """A word or a quoted phrase, as typed."""

    text: str
    phrase: bool = False

    @property
    def words(self) -> list[str]:
        return words(self.text)


@dataclass
class Clause:
    """Atoms joined by OR; a negated clause excludes documents matching its atom."""

    atoms: list[Atom]
    negated: bool = False


@dataclass
class Query:
    """A parsed search: every positive clause must match, no negated clause may."""

    clauses: list[Clause] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    @property
    def is_empty(self) -> bool:
        """Nothing to look for (no positive clause): such a query finds nothing."""
        return not self.positive

    def terms(self) -> set[str]:
        """The folded words that make a document match, for highlighting."""
        return {w for clause in self.positive for atom in clause.atoms for w in atom.words}

    def fuzzy_text(self) -> str:
        """The positive words as one folded string, for fuzzy name matching."""
        return " ".join(
            w for clause in self.positive for atom in clause.atoms[:1] for w in atom.words
        )


def parse(q: str) -> Query:
    """Parse web-search syntax into a `Query`. Never fails: odd input becomes plain words."""
    query = Query()
    pending_or = False
    for token in _TOKEN.findall(q or ""):
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        if body == "OR" and not negated:
            pending_or = bool(query.clauses) and not query.clauses[-1].negated
            continue
        phrase = body.startswith('"')
        text = body.strip('"')
        atom = Atom(text, phrase=phrase and len(words(text)) > 1)
        if not atom.words:
            pending_or = False
            continue
        if pending_or and not negated:
            query.clauses[-1].atoms.append(atom)
        else:
            query.clauses.append(Clause([atom], negated=negated))
        pending_or = False
    return query


# --- snippets --------------------------------------------------------------------------------

SNIPPET_CHARS = 220
SCAN_CHARS = 2000  # where in a long text a match is looked for, to keep snippets cheap


def _matches(token: str, terms: set[str]) -> bool:
    """A folded token matches a term exactly or as a form of the same stem ("talk", "talks")."""
    if token in terms:
        return True
    for term in terms:
        shorter = min(len(token), len(term))
        if shorter < 3:
            continue
        common = len(_common_prefix(token, term))
        if common == shorter and abs(len(token) - len(term)) <= 3:
            return True
        if common >= 5 and common >= max(len(token), len(term)) - 3:
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """Trigram similarity of two folded words, as pg_trgm computes it (0 to 1)."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def word_similarity(needle: str, haystack: str) -> float:
    """The share of `needle`'s trigrams found in the best run of words of `haystack` (a
    portable stand-in for pg_trgm's word_similarity)."""
    target = words(needle)
    found = words(haystack)
    if not target or not found:
        return 0.0
    n = len(target)
    joined = " ".join(target)
    best = 0.0
    wanted = _trigrams(joined)
    for size in {n - 1, n, n + 1} - {0}:
        for start in range(max(len(found) - size + 1, 1)):
            extent = _trigrams(" ".join(found[start : start + size]))
            best = max(best, len(wanted & extent) / len(wanted))
    return best


def highlight(text: str, terms: set[str], *, fuzzy: bool = False) -> SafeString:
    """An escaped excerpt of `text` around its first match, matched words in <mark>.

    With `fuzzy`, words that are spelled alike (trigram similarity >= 0.5) count as matches,
    for names found by fuzzy matching.
    """
    text = text[:SCAN_CHARS]  # a long body: the snippet comes from its beginning
    tokens = list(_WORD.finditer(text))
    known: dict[str, bool] = {}

    def is_match(m: re.Match) -> bool:
        word = m.group()
        if word not in known:
            token = fold_word(word)
            known[word] = _matches(token, terms) or (
                fuzzy and any(similarity(token, t) >= 0.5 for t in terms)
            )
        return known[word]

    first = next((m for m in tokens if is_match(m)), None)
    start = 0
    if first and first.start() > SNIPPET_CHARS // 3:
        start = first.start() - SNIPPET_CHARS // 4
        start = next((m.start() for m in tokens if m.start() >= start), first.start())
    end = len(text)
    if end - start > SNIPPET_CHARS:
        end = start + SNIPPET_CHARS
        end = max((m.end() for m in tokens if start < m.end() <= end), default=end)
    marked = [m for m in tokens if start <= m.start() and m.end() <= end and is_match(m)]
    parts = ["…"] if start > 0 else []
    position = start
    for m in marked:
        parts.append(escape(text[position : m.start()]))
        parts.append(f"<mark>{escape(m.group())}</mark>")
        position = m.end()
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # every piece of text is escaped above
