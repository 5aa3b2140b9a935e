"""Text and date pools for the synthetic-data generator, built once per seed.

Row generators pick from these pools by index (``pool[int(random() * len(pool))]``), which
is several times faster than ``Random.choice`` and keeps the hot loops cheap.
"""

import datetime as dt
import random
import unicodedata
from collections.abc import Mapping, Sequence
from enum import Enum

from sources.text import clean_text

from .words import GRAMMAR, LANGUAGE_WEIGHTS, LANGUAGES, TITLE_PREFIXES

# Dates span seven years; the slack lets later events (publication, retrieval) follow them.
FIRST_DAY = dt.date(2019, 1, 1)
SPAN_DAYS = 7 * 365
SLACK_DAYS = 400

_FOLD = str.maketrans({"ı": "i", "İ": "I", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "'": ""})


def ascii_fold(value: str) -> str:
    """Drop accents and map the few letters that have no decomposition (ı, ß, ł...)."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c) and ord(c) < 128)


def deck[T](weights: Mapping[T, int]) -> list[T]:
    """A list holding each key `weight` times: index it with a random number for a weighted pick.

    Enum keys (Django choices) become their plain values, which every database driver takes.
    """
    return [
        key.value if isinstance(key, Enum) else key
        for key, weight in weights.items()
        for _ in range(weight)
    ]


def pick[T](rnd: float, items: Sequence[T]) -> T:
    """The item at a uniform random position, given a number in [0, 1)."""
    return items[int(rnd * len(items))]


class TextPools:
    """Sentences, titles, dates and times, generated deterministically from one RNG.

    Dates are ``YYYY-MM-DD`` strings and timestamps ``YYYY-MM-DD HH:MM:SS``: the form Django
    stores in SQLite, and valid input for PostgreSQL's date and timestamptz (read as UTC).
    """

    def __init__(self, rng: random.Random, sentences_per_language: int = 3000) -> None:
        self.languages: list[str] = deck(LANGUAGE_WEIGHTS)
        self.sentences: dict[str, list[str]] = {
            lang: [self._sentence(rng, lang) for _ in range(sentences_per_language)]
            for lang in LANGUAGES
        }
        self.titles: dict[str, list[str]] = {
            lang: [self._title(rng, lang) for _ in range(sentences_per_language // 3)]
            for lang in LANGUAGES
        }
        self.days: list[str] = [
            (FIRST_DAY + dt.timedelta(days=d)).isoformat() for d in range(SPAN_DAYS + SLACK_DAYS)
        ]
        self.times: list[str] = [
            f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
        ]

    @staticmethod
    def _sentence(rng: random.Random, lang: str) -> str:
        parts = GRAMMAR[lang]
        clause = rng.choice(parts["clauses"]).replace("{n}", str(rng.randint(2, 900)))
        text = (
            f"{rng.choice(parts['subjects'])} {rng.choice(parts['verbs'])} {clause} "
            f"{rng.choice(parts['times'])}."
        )
        return clean_text(text)

    def _title(self, rng: random.Random, lang: str) -> str:
        parts = GRAMMAR[lang]
        clause = rng.choice(parts["clauses"]).replace("{n}", str(rng.randint(2, 900)))
        clause = clause[0].upper() + clause[1:]
        prefix = rng.choice(TITLE_PREFIXES) if lang == "en" else ""
        return clean_text(f"{prefix}{rng.choice(parts['subjects'])}: {clause}")

    def body(self, rng: random.Random, lang: str) -> str:
        """A source text of 0 to about 4,000 characters, in paragraphs of up to four sentences."""
        size = rng.random()
        if size < 0.1:
            return ""
        count = rng.randint(1, 3) if size < 0.4 else rng.randint(4, 14) if size < 0.8 else 40
        if count == 40:
            count = rng.randint(20, 40)
        pool = self.sentences[lang]
        sentences = [pool[int(rng.random() * len(pool))] for _ in range(count)]
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, count, 4)]
        return "\n\n".join(paragraphs)

    def timestamp(self, day: int, second: int) -> str:
        """The timestamp at a day index and a second of that day."""
        return f"{self.days[day]} {self.times[second]}"
