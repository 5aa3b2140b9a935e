"""Import an article: its source, the outlets and speakers it names, and draft claims.

`article_import()` runs the attribution extractor over an article's text and records what it
found through the services (so permissions, history, grades and search stay current). It is
idempotent: importing the same article again finds the rows it made and creates nothing.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from sources.models import Citation, Outlet, Source
from sources.services import User, citation_save, outlet_save, source_save
from sources.text import clean_text, matching_key, normalize_url

from ..models import Claim, Evidence, QuoteKind, Speaker, SpeakerAlias
from ..services import claim_save, evidence_save, speaker_save
from .extract import Attribution, extract_attributions

MAX_BYTES = 2 * 1024 * 1024
HISTORY_REASON = "Imported from an article"

# The extractor's speaker kinds, as Speaker kinds ("Russian media" is a collective).
_KINDS = {
    "person": Speaker.Kind.PERSON,
    "organization": Speaker.Kind.ORGANIZATION,
    "anonymous": Speaker.Kind.ANONYMOUS,
    "media": Speaker.Kind.COLLECTIVE,
}


@dataclass
class ImportedStatement:
    """One extracted statement and what the import did with it."""

    index: int
    attribution: Attribution
    speaker_name: str
    text: str
    status: str  # "created", "existing" (the claim was on file) or "skipped" (not accepted)
    claim: Claim | None = None


@dataclass
class ImportResult:
    """What an import found and created; every count is zero when nothing new was made."""

    source: Source | None = None
    source_created: bool = False
    outlets_created: int = 0
    speakers_created: int = 0
    reports_created: int = 0
    citations_created: int = 0
    claims_created: int = 0
    statements: list[ImportedStatement] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        """True when the import wrote at least one row."""
        return bool(
            self.source_created
            or self.outlets_created
            or self.speakers_created
            or self.reports_created
            or self.citations_created
            or self.claims_created
        )

    def counts(self) -> dict[str, int]:
        """What was created, by kind, leaving out the source (see `source_created`)."""
        return {
            "claims": self.claims_created,
            "speakers": self.speakers_created,
            "outlets": self.outlets_created,
            "relayed reports": self.reports_created,
            "citations": self.citations_created,
        }

    def made(self) -> str:
        """What the import created, in words ("3 claims, 1 speakers, the source"), or ""."""
        made = [f"{n} {kind}" for kind, n in self.counts().items() if n]
        if self.source_created:
            made.append("the source")
        return ", ".join(made)

    def summary(self) -> str:
        """One line for a person: what the import created, or that it created nothing."""
        if not self.created_anything:
            return "Already imported: nothing new created."
        return f"Imported: created {self.made()}."


def check_text(text: str) -> str:
    """Return the article text as stored, or raise ValidationError saying what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError({"text": "The article text is empty."})
    if "\x00" in text:
        raise ValidationError({"text": "The article text contains NUL bytes; is it binary?"})
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_BYTES:
        raise ValidationError(
            {"text": f"The article text is too large ({size:,} bytes; the limit is 2 MB)."}
        )
    return clean_text(text)


def _as_datetime(published: date | datetime | None) -> datetime | None:
    if published is None or isinstance(published, datetime):
        if published is not None and published.tzinfo is None:
            return published.replace(tzinfo=UTC)
        return published
    return datetime.combine(published, time.min, tzinfo=UTC)


def _accepted(accept, count: int) -> dict[int, Mapping]:
    """Map the index of each accepted statement to its edits ({} when taken as extracted)."""
    if accept is None:
        return {i: {} for i in range(count)}
    chosen = dict(accept) if isinstance(accept, Mapping) else {i: {} for i in accept}
    wrong = [i for i in chosen if not isinstance(i, int) or not 0 <= i < count]
    if wrong:
        raise ValidationError(
            {"accept": f"No statement number {wrong[0]!r}: the article has {count} statements."}
        )
    return {i: dict(edits or {}) for i, edits in chosen.items()}


class _Importer:
    """The state of one import: the user, the result, and the rows found or made so far."""

    def __init__(self, user: User, result: ImportResult):
        self.user = user
        self.result = result

    def outlet(self, name: str) -> Outlet:
        """The outlet with this name's matching key, or a new one flagged for review."""
        name = clean_text(name)[:200]
        found = Outlet.objects.by_name(name).first()
        if found:
            return found
        base = slugify(name)[:180] or "outlet"
        slug, n = base, 1
        while Outlet.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        outlet = Outlet(name=name, slug=slug, needs_review=True)
        outlet = outlet_save(outlet=outlet, user=self.user, reason=HISTORY_REASON)
        self.result.outlets_created += 1
        return outlet

    def speaker(self, att: Attribution, name: str) -> Speaker:
        """The speaker matched by name or alias (same kind first), or a new one for review."""
        kind = _KINDS.get(att.speaker_kind, Speaker.Kind.PERSON)
        name = name[:200]
        for phrase in (name, att.speaker):
            found = _pick_speaker(att, list(Speaker.objects.by_name(phrase).order_by("pk")))
            if found:
                return found
        speaker = Speaker(name=name, kind=kind, role=(att.role or "")[:200])
        speaker.needs_review = True
        speaker = speaker_save(speaker=speaker, user=self.user, reason=HISTORY_REASON)
        self.result.speakers_created += 1
        return speaker

    def report(self, article: Source, outlet: Outlet) -> Source:
        """The outlet's report the article relays: one it already cites, or a new one."""
        cited = Source.objects.filter(cited_by__citing=article, outlet=outlet).first()
        if cited:
            return cited
        title = f"{outlet.name} report cited by {article.title}"[:500]
        lookup = {"outlet": outlet, "title": title, "url": "", "kind": Source.Kind.WIRE_REPORT}
        found = Source.objects.filter(**lookup).first()
        if found:
            return found
        report = Source(**lookup, published_at=article.published_at, language=article.language)
        report = source_save(source=report, user=self.user, reason=HISTORY_REASON)
        self.result.reports_created += 1
        return report

    def cite(self, article: Source, report: Source, note: str) -> None:
        """Record that the article quotes the report (once)."""
        if Citation.objects.filter(citing=article, cited=report).exists():
            return
        citation = Citation(citing=article, cited=report, kind=Citation.Kind.QUOTES, note=note)
        citation_save(citation=citation, user=self.user)
        self.result.citations_created += 1


def _find_source(text: str, url: str, outlet: Outlet | None) -> Source | None:
    """The article already on file: by normalized URL, else by body fingerprint and outlet."""
    if url:
        found = Source.objects.filter(url=normalize_url(url)).first()
        if found:
            return found
    if outlet is None or outlet.pk is None:  # a new outlet has no articles yet
        return None
    probe = Source(body=text)
    probe.normalize()
    return Source.objects.filter(body_sha256=probe.body_sha256, outlet=outlet).first()


def _check_same_text(source: Source | None, text: str) -> None:
    # The excerpts must be passages of the stored body: a changed text is not merged.
    if source is not None and source.body != text:
        raise ValidationError(
            {"text": f"Source #{source.pk} has this URL but a different text; update it first."}
        )


def _default_title(text: str) -> str:
    first = next(line.strip() for line in text.splitlines() if line.strip())
    return first if len(first) <= 200 else first[:199].rstrip() + "…"


@dataclass(frozen=True)
class _Article:
    """An article's checked input: its text as stored, the outlet named and the URL's outlet."""

    text: str
    outlet_name: str
    url: str
    url_outlet: Outlet | None
    attributions: list[Attribution]


def _prepare(*, text: str, outlet_name: str, url: str, title: str) -> _Article:
    """Check the input of an import or a preview and extract its statements."""
    text = check_text(text)
    outlet_name = clean_text(outlet_name or "")
    url = url or ""
    if not outlet_name and not url:
        raise ValidationError({"outlet_name": "Name the outlet that published the article."})
    if "\x00" in outlet_name + url + (title or ""):
        raise ValidationError("The outlet name, URL and title may not contain NUL bytes.")
    url_outlet = Outlet.objects.for_url(normalize_url(url)) if url else None
    if url_outlet is None and not outlet_name:
        raise ValidationError({"outlet_name": "No outlet is known for this URL; name it."})
    return _Article(text, outlet_name, url, url_outlet, extract_attributions(text))


def attributions_digest(attributions: Sequence[Attribution]) -> str:
    """A fingerprint of an extraction, to notice that it changed between review and import."""
    data = json.dumps([a.as_dict() for a in attributions], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StatementPreview:
    """One extracted statement as an import would record it, before anything is written."""

    index: int
    attribution: Attribution
    speaker_name: str  # the resolved name the claim's speaker gets
    text: str  # the claim text as extracted
    speaker: Speaker | None  # the speaker on file it matches; None: a new one, for review
    outlet: Outlet | None  # the outlet on file told or reporting; None: new, or none named
    claim_on_file: bool  # this speaker's claim with this text exists: importing adds nothing

    @property
    def outlet_is_new(self) -> bool:
        """True when the statement names an outlet that the import would create."""
        return bool(self.attribution.outlet) and self.outlet is None


@dataclass(frozen=True)
class ImportPreview:
    """What importing an article would find and create, for the editor's review."""

    text: str
    outlet_name: str
    outlet: Outlet | None  # the publishing outlet on file (from the URL or the name), or None
    source: Source | None  # the article, when it is already on file
    statements: list[StatementPreview]
    digest: str  # attributions_digest() of the statements


def _speakers_by_key(keys: set[str]) -> dict[str, list[Speaker]]:
    """The speakers whose name or an alias has each matching key, oldest first (two queries,
    whatever the number of statements; the same rule as SpeakerQuerySet.by_name)."""
    found: dict[str, dict[int, Speaker]] = defaultdict(dict)
    for speaker in Speaker.objects.filter(match_key__in=keys):
        found[speaker.match_key][speaker.pk] = speaker
    for alias in SpeakerAlias.objects.filter(match_key__in=keys).select_related("speaker"):
        found[alias.match_key][alias.speaker_id] = alias.speaker
    return {key: [by_pk[pk] for pk in sorted(by_pk)] for key, by_pk in found.items()}


def _pick_speaker(att: Attribution, matches: Sequence[Speaker]) -> Speaker | None:
    """Of the speakers matching a name, the first of the statement's kind, else the first."""
    if not matches:
        return None
    kind = _KINDS.get(att.speaker_kind, Speaker.Kind.PERSON)
    return next((s for s in matches if s.kind == kind), matches[0])


def _outlets_by_key(names: Collection[str]) -> dict[str, Outlet]:
    """The outlets on file for these names, by matching key (one query)."""
    keys = {matching_key(clean_text(n)[:200]) for n in names if n}
    return {o.match_key: o for o in Outlet.objects.filter(match_key__in=keys - {""})}


def _claims_on_file(pairs: Collection[tuple[Speaker | None, str]]) -> set[tuple[int, str]]:
    """The (speaker id, text) pairs that already have a claim (one query at most)."""
    speakers = {s.pk for s, _ in pairs if s is not None}
    if not speakers:
        return set()
    texts = {t for _, t in pairs}
    found = Claim.objects.filter(speaker__in=speakers, text__in=texts)
    return set(found.values_list("speaker_id", "text"))


def article_preview(*, text: str, outlet_name: str, url: str = "") -> ImportPreview:
    """What article_import() would find and create for this article, writing nothing.

    Runs a fixed number of queries whatever the number of statements. A statement whose
    speaker or outlet is new shows as new even when an earlier statement would create it.
    Raises ValidationError for input article_import() would refuse.
    """
    article = _prepare(text=text, outlet_name=outlet_name, url=url, title="")
    atts = article.attributions
    names = [clean_text(a.speaker_name)[:200] for a in atts]
    texts = [clean_text(a.content) for a in atts]
    speakers = _speakers_by_key({matching_key(n) for n in names + [a.speaker for a in atts]})
    outlets = _outlets_by_key([article.outlet_name, *(a.outlet for a in atts if a.outlet)])

    def outlet_named(name: str | None) -> Outlet | None:
        return outlets.get(matching_key(clean_text(name)[:200])) if name else None

    outlet = article.url_outlet or outlet_named(article.outlet_name)
    source = _find_source(article.text, article.url, outlet)
    _check_same_text(source, article.text)
    matched = [
        _pick_speaker(
            att, speakers.get(matching_key(name)) or speakers.get(matching_key(att.speaker), [])
        )
        for att, name in zip(atts, names, strict=True)
    ]
    on_file = _claims_on_file(list(zip(matched, texts, strict=True)))
    statements = [
        StatementPreview(
            index=i,
            attribution=att,
            speaker_name=names[i],
            text=texts[i],
            speaker=matched[i],
            outlet=outlet_named(att.outlet),
            claim_on_file=matched[i] is not None and (matched[i].pk, texts[i]) in on_file,
        )
        for i, att in enumerate(atts)
    ]
    return ImportPreview(
        text=article.text,
        outlet_name=outlet.name if outlet else article.outlet_name,
        outlet=outlet,
        source=source,
        statements=statements,
        digest=attributions_digest(atts),
    )


@transaction.atomic
def article_import(
    *,
    text: str,
    outlet_name: str,
    user: User,
    url: str = "",
    title: str = "",
    published: date | datetime | None = None,
    accept: Collection[int] | Mapping[int, Mapping] | None = None,
    digest: str | None = None,
) -> ImportResult:
    """Import an article's text as a source with draft claims for its attributed statements.

    `accept` chooses the statements to turn into claims, by their index in the extractor's
    output: None takes them all; a mapping gives edits per statement ({"speaker_name": ...,
    "text": ...}). Rows already on file (the source, outlets, speakers, relayed reports,
    citations, claims of the same speaker with the same text) are found, not created again.
    `digest`, from the preview the choices were made on, refuses an import whose extraction
    has changed since (the indexes would point at other statements).
    """
    article = _prepare(text=text, outlet_name=outlet_name, url=url, title=title)
    text, url, attributions = article.text, article.url, article.attributions
    if digest is not None and digest != attributions_digest(attributions):
        raise ValidationError(
            "The statements found in this article have changed since the review; review again."
        )
    chosen = _accepted(accept, len(attributions))

    result = ImportResult()
    importer = _Importer(user, result)
    outlet = article.url_outlet or importer.outlet(article.outlet_name)
    source = _find_source(text, url, outlet)
    _check_same_text(source, text)
    if source is None:
        source = Source(
            url=url,
            title=clean_text(title) or _default_title(text),
            outlet=outlet,
            kind=Source.Kind.ARTICLE,
            published_at=_as_datetime(published),
            body=text,
        )
        source = source_save(source=source, user=user, reason=HISTORY_REASON)
        result.source_created = True
    result.source = source
    stated_on = source.published_at.date() if source.published_at else None

    for i, att in enumerate(attributions):
        edits = chosen.get(i)
        told = importer.outlet(att.outlet) if att.outlet else None
        if told is not None and told.pk != source.outlet_id:
            report = importer.report(source, told)
            importer.cite(source, report, f"Relays what was said to or reported by {told.name}.")
        speaker_name = clean_text((edits or {}).get("speaker_name") or att.speaker_name)
        claim_text = clean_text((edits or {}).get("text") or att.content)
        item = ImportedStatement(i, att, speaker_name, claim_text, "skipped")
        result.statements.append(item)
        if edits is None:
            continue
        if not speaker_name or not claim_text:
            raise ValidationError(f"Statement {i + 1} needs a speaker and a text.")
        speaker = importer.speaker(att, speaker_name)
        item.claim = Claim.objects.filter(speaker=speaker, text=claim_text).first()
        if item.claim is not None:
            item.status = "existing"
            continue
        claim = Claim(
            text=claim_text,
            speaker=speaker,
            quote_kind=QuoteKind.DIRECT if att.direct_quote else QuoteKind.PARAPHRASE,
            stated_on=stated_on,
            outlet=told or source.outlet,
            language=source.language,
        )
        item.claim = claim_save(claim=claim, user=user, reason=HISTORY_REASON)
        evidence = Evidence(
            claim=item.claim,
            source=source,
            relation=Evidence.Relation.APPEARS_IN,
            excerpt=text[att.start : att.end],
            note=f"Imported: “{att.speaker}” ({att.cue}).",
        )
        evidence_save(evidence=evidence, user=user)
        item.status = "created"
        result.claims_created += 1
    return result
