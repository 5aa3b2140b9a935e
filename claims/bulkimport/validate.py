"""Checking import rows with the models' own rules, before anything is written.

Each column is checked by the model field it fills (`Field.clean`: blank, max length, choices,
the date format, and the field's validators such as no NUL characters, the statement length cap
and the names' hidden-character rule), plus the rules of the models' `clean()` methods that
apply to a new draft (a verdict needs an explanation; names need visible characters). Values
that repeat across rows (speaker and outlet names, languages, dates, verdicts) are checked once
and remembered, which is what keeps this fast on large files.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from sources.fields import name_key
from sources.models import Outlet, Source
from sources.text import clean_text, normalize_url

from ..models import Claim, Evidence, QuoteKind, Speaker
from .feed import VERDICT_NAMES, _key
from .readers import RawRow

# The columns of a JSON Lines or CSV row (ClaimReview objects are mapped to them, see feed.py).
COLUMNS = (
    "text",
    "speaker",
    "outlet",
    "language",
    "stated_on",
    "quote_kind",
    "source_url",
    "excerpt",
    "topics",
    "verdict",
    "verdict_explanation",
)
IGNORED_NOTES = {
    "status": "imported claims always start as drafts; publish them through the review queue",
    "id": "ids are given by the database",
}


@dataclass(slots=True)
class Appearance:
    """A source the claim appears in: found by its normalized URL, or created."""

    url: str
    title: str = ""
    published_at: dt.datetime | None = None
    publisher: str = ""  # an outlet name, for a source that has to be created
    publisher_key: str = ""
    excerpt: str = ""


@dataclass(slots=True)
class ImportRow:
    """A valid row, with every value in the form it is stored in."""

    where: str
    text: str
    speaker: str
    speaker_key: str
    speaker_kind: str
    outlet: str = ""
    outlet_key: str = ""
    language: str = "en"
    stated_on: dt.date | None = None
    quote_kind: str = QuoteKind.PARAPHRASE
    verdict: str = ""
    verdict_explanation: str = ""
    topic_ids: tuple[int, ...] = ()
    appearances: list[Appearance] = field(default_factory=list)


class RowInvalid(Exception):
    """A row that may not be imported; `errors` are (column, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _as_text(column: str, value, errors: list) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        errors.append((column, f"expected text, got {type(value).__name__}"))
        return ""
    return str(value)


class RowValidator:
    """Validates rows for one import, remembering the verdict of values that repeat."""

    def __init__(self, *, topics: dict[str, int], may_give_verdicts: bool):
        self.topics = topics
        self.may_give_verdicts = may_give_verdicts
        self.unknown_columns: set[str] = set()
        self._cache: dict[tuple[str, object], tuple[object, list[str]]] = {}

    def _cached(self, kind: str, value, check: Callable) -> object:
        """check(value) once per distinct value; raises ValidationError again on repeats."""
        key = (kind, value)
        if key not in self._cache:
            try:
                self._cache[key] = (check(value), [])
            except ValidationError as error:
                self._cache[key] = (None, _messages(error))
        result, messages = self._cache[key]
        if messages:
            raise ValidationError(messages)
        return result

    @staticmethod
    def _field(model: type[models.Model], name: str, value):
        return model._meta.get_field(name).clean(value, None)

    def _name(self, model: type[models.Model], value: str) -> tuple[str, str]:
        name = clean_text(value)
        self._field(model, "name", name)
        return name, name_key(name, model._meta.get_field("match_key").max_length, "name")

    def _column(self, errors: list, column: str, check: Callable, *args):
        try:
            return check(*args)
        except ValidationError as error:
            messages = (
                [str(m) for ms in error.message_dict.values() for m in ms]
                if hasattr(error, "error_dict")
                else _messages(error)
            )
            errors.extend((column, message) for message in messages)
            return None

    def validate(self, raw: RawRow) -> ImportRow:
        """The row in stored form, or RowInvalid listing every problem found."""
        data, errors = raw.data, []
        feed = raw.feed or {}
        self.unknown_columns.update(set(data) - set(COLUMNS))
        value = {c: _as_text(c, data.get(c), errors) for c in COLUMNS if c != "topics"}

        text = clean_text(value["text"])
        self._column(errors, "text", self._field, Claim, "text", text)
        speaker = self._column(
            errors, "speaker", self._cached, "speaker", value["speaker"],
            lambda v: self._name(Speaker, v),
        )  # fmt: skip
        row = ImportRow(
            where=raw.where,
            text=text,
            speaker=speaker[0] if speaker else "",
            speaker_key=speaker[1] if speaker else "",
            speaker_kind=self._column(
                errors, "speaker", self._cached, "speaker_kind",
                feed.get("speaker_kind") or Speaker.Kind.PERSON,
                lambda v: self._field(Speaker, "kind", v),
            ) or Speaker.Kind.PERSON,
        )  # fmt: skip
        if value["outlet"].strip():
            outlet = self._column(
                errors, "outlet", self._cached, "outlet", value["outlet"],
                lambda v: self._name(Outlet, v),
            )  # fmt: skip
            if outlet:
                row.outlet, row.outlet_key = outlet
        self._simple_fields(row, value, errors)
        self._verdict(row, value, errors)
        row.topic_ids = self._topics(data.get("topics"), errors)
        self._appearances(row, feed.get("appearances") or [], value, errors)
        if errors:
            raise RowInvalid(errors)
        return row

    def _simple_fields(self, row: ImportRow, value: dict, errors: list) -> None:
        for column, default in (("language", "en"), ("quote_kind", QuoteKind.PARAPHRASE)):
            given = value[column].strip() or default
            if self._column(errors, column, self._cached, column, given,
                            lambda v, c=column: self._field(Claim, c, v)) is not None:  # fmt: skip
                setattr(row, column, given)
        if value["stated_on"].strip():
            row.stated_on = self._column(
                errors, "stated_on", self._cached, "stated_on", value["stated_on"].strip(),
                lambda v: self._field(Claim, "stated_on", v),
            )  # fmt: skip

    def _verdict(self, row: ImportRow, value: dict, errors: list) -> None:
        given = value["verdict"].strip()
        explanation = clean_text(value["verdict_explanation"])
        if given:
            verdict = VERDICT_NAMES.get(_key(given), given)
            row.verdict = self._column(
                errors, "verdict", self._cached, "verdict", str(verdict),
                lambda v: self._field(Claim, "verdict", v),
            ) or ""  # fmt: skip
            if not self.may_give_verdicts:
                errors.append(("verdict", "Only editors give a verdict (claims.publish_claim)."))
            if not explanation:  # Claim.clean()
                errors.append(("verdict_explanation", "A verdict needs an explanation."))
        if explanation:
            self._column(
                errors, "verdict_explanation", self._field, Claim, "verdict_explanation",
                explanation,
            )  # fmt: skip
            row.verdict_explanation = explanation

    def _topics(self, given, errors: list) -> tuple[int, ...]:
        if given is None or given == "":
            return ()
        if isinstance(given, str):
            slugs = [s.strip() for s in given.split(",")]
        elif isinstance(given, list) and all(isinstance(s, str) for s in given):
            slugs = [s.strip() for s in given]
        else:
            errors.append(("topics", "expected comma-separated topic slugs"))
            return ()
        ids = []
        for slug in dict.fromkeys(s for s in slugs if s):
            if slug in self.topics:
                ids.append(self.topics[slug])
            else:
                errors.append(("topics", f"no topic with the slug {slug!r}"))
        return tuple(ids)

    def _appearances(self, row: ImportRow, feed: list, value: dict, errors: list) -> None:
        excerpt = clean_text(value["excerpt"])
        if excerpt:
            self._column(errors, "excerpt", self._field, Evidence, "excerpt", excerpt)
        given = [{"url": value["source_url"]}] if value["source_url"].strip() else []
        if excerpt and not given:
            errors.append(("excerpt", "an excerpt needs the source_url it was taken from"))
        seen = set()
        for number, work in enumerate([*given, *feed], start=1):
            column = "source_url" if given else f"appearance {number}"
            url = self._column(errors, column, self._field, Source, "url", work["url"].strip())
            url = normalize_url(url) if url else ""
            if not url or url in seen:
                continue
            seen.add(url)
            appearance = Appearance(url=url, title=clean_text(work.get("title"))[:500])
            appearance.excerpt = excerpt if given else ""
            if work.get("published"):
                appearance.published_at = self._column(
                    errors, f"{column}: datePublished", self._cached, "published",
                    work["published"], _published,
                )  # fmt: skip
            if work.get("publisher"):
                publisher = self._column(
                    errors, f"{column}: publisher", self._cached, "outlet", work["publisher"],
                    lambda v: self._name(Outlet, v),
                )  # fmt: skip
                if publisher:
                    appearance.publisher, appearance.publisher_key = publisher
            row.appearances.append(appearance)


def _published(value: str) -> dt.datetime:
    """A publication date or date-time as an aware datetime (dates at midnight UTC)."""
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if moment is None and day is None:
        raise ValidationError(f"{value!r} is not an ISO date or date-time")
    if moment is None:
        moment = dt.datetime.combine(day, dt.time.min)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)
