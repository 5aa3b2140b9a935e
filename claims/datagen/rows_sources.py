"""Rows for the source side: outlets and their domains, topics, speakers and aliases, sources
and the citations between them."""

import hashlib
import random
from collections.abc import Iterator, Mapping

from django.utils.text import slugify

from claims.models import Speaker
from sources.fields import Reliability
from sources.models import Outlet, Source
from sources.text import clean_text, matching_key, normalize_url

from .spec import Config
from .text import SPAN_DAYS, TextPools, ascii_fold, deck, pick
from .words import (
    ANONYMOUS_PATTERNS,
    CITATION_NOTES,
    CITIES,
    COLLECTIVES,
    CULTURES,
    FIRST_NAMES,
    KIND_SUFFIXES,
    LAST_NAMES,
    ORGANIZATIONS,
    OUTLET_NOUNS,
    PERSON_ROLES,
    PLATFORM_HOSTS,
    RATIONALES,
    SLUG_WORDS,
    TOPICS,
)

Row = tuple
CULTURE_KEYS = tuple(CULTURES)
GRADES = deck({"A": 8, "B": 14, "C": 16, "D": 12, "E": 10, "F": 40})
OUTLET_KINDS = deck({
    "wire_agency": 6, "newspaper": 24, "online": 28, "broadcaster": 12, "magazine": 8,
    "government": 8, "organization": 6, "social_platform": 5, "other": 3,
})  # fmt: skip
AFFILIATIONS = deck({"none": 55, "state_funded": 15, "state_controlled": 18, "unknown": 12})
SPEAKER_KINDS = deck({"person": 60, "organization": 20, "anonymous": 12, "collective": 8})
SOURCE_KINDS = deck({
    "article": 45, "wire_report": 15, "transcript": 6, "press_release": 8,
    "official_document": 5, "social_post": 14, "video": 5, "other": 2,
})  # fmt: skip
CITATION_KINDS = deck({"cites": 50, "quotes": 35, "republishes": 15})
SECONDS = 86_400


class SourceSideRows:
    """Row generators for the source-side tables (mixed into RowGenerator).

    Each table draws from its own Random(f"{seed}/{table}"), so a table's rows depend only on
    the seed, the configured counts and the ids the run starts after.
    """

    config: Config
    bases: Mapping[str, int]
    pools: TextPools
    _hosts: list[list[str]] | None

    def rng(self, key: str) -> random.Random:
        raise NotImplementedError

    def _stamps(self, r, day: int) -> tuple[str, str]:
        """created_at on `day`, updated_at the same or up to 300 days later."""
        created = self.pools.timestamp(day, int(r() * SECONDS))
        later = day + int(r() * 300) if r() < 0.4 else day
        return created, max(created, self.pools.timestamp(later, int(r() * SECONDS)))

    def _rationale(self, r, grade: str) -> str:
        if grade == Reliability.F and r() < 0.7:
            return ""
        return RATIONALES[grade].format(n=2 + int(r() * 30))

    # Outlets and their domains -------------------------------------------------------------

    def _outlets(self) -> Iterator[tuple[Row, list[str]]]:
        """Each outlet's row and its one or two web domains."""
        seed, r = self.config.seed, self.rng("outlets").random
        kinds, grades, affiliations = Outlet.Kind.values, Reliability.values, AFFILIATIONS
        for i in range(self.config.outlets):
            oid = self.bases["outlets"] + 1 + i
            culture = pick(r(), CULTURE_KEYS)
            info = CULTURES[culture]
            kind = kinds[i] if i < len(kinds) else pick(r(), OUTLET_KINDS)
            city, city_latin = pick(r(), CITIES[culture])
            if kind in KIND_SUFFIXES:
                suffix = pick(r(), KIND_SUFFIXES[kind])
                name, latin = f"{city} {suffix}", f"{city_latin} {suffix}"
            else:
                noun, noun_latin = pick(r(), OUTLET_NOUNS[culture])
                first = info["city_first"]
                name = f"{city} {noun}" if first else f"{noun} {city}"
                latin = f"{city_latin} {noun_latin}" if first else f"{noun_latin} {city_latin}"
            name = clean_text(f"{name} {seed}-{oid}")
            place = int(r() * 3)
            country = info["countries"][place % len(info["countries"])] if r() < 0.9 else ""
            stem = slugify(ascii_fold(latin))[:30].strip("-")
            hosts = [f"{stem}-{seed}-{oid}.{info['tlds'][place % len(info['tlds'])]}"]
            if r() < 0.4:
                hosts.append(f"{stem}-{seed}-{oid}.{pick(r(), ('news', 'online', 'info'))}")
            if i < len(Outlet.StateAffiliation.values):
                affiliation = Outlet.StateAffiliation.values[i]
            elif kind == Outlet.Kind.GOVERNMENT:
                affiliation = "state_controlled" if r() < 0.8 else "state_funded"
            else:
                affiliation = pick(r(), affiliations)
            grade = grades[i] if i < len(grades) else pick(r(), GRADES)
            description = (
                f"{Outlet.Kind(kind).label.capitalize()} based in {city}." if r() < 0.5 else ""
            )
            row = (
                oid, name, slugify(ascii_fold(f"{latin} {seed} {oid}")), matching_key(name),
                kind, country, affiliation, f"Q{1 + int(r() * 9e6)}" if r() < 0.5 else "",
                grade, self._rationale(r, grade), description, r() < 0.1,
                *self._stamps(r, int(r() * SPAN_DAYS)),
            )  # fmt: skip
            yield row, hosts

    def outlets_rows(self) -> Iterator[Row]:
        for row, _hosts in self._outlets():
            yield row

    def outlet_domains_rows(self) -> Iterator[Row]:
        next_id = self.bases["outlet_domains"] + 1
        for row, hosts in self._outlets():
            for host in hosts:
                yield (next_id, row[0], host)
                next_id += 1

    @property
    def outlet_hosts(self) -> list[list[str]]:
        """Every generated outlet's domains, by outlet number (held in memory: outlets are few)."""
        if self._hosts is None:
            self._hosts = [hosts for _row, hosts in self._outlets()]
        return self._hosts

    # Topics ---------------------------------------------------------------------------------

    def topics_rows(self) -> Iterator[Row]:
        seed, r = self.config.seed, self.rng("topics").random
        for i in range(self.config.topics):
            tid = self.bases["topics"] + 1 + i
            name = f"{TOPICS[i % len(TOPICS)]} {seed}-{tid}"
            about = f"Claims about {TOPICS[i % len(TOPICS)].lower()}." if r() < 0.6 else ""
            yield (tid, name, slugify(name), about)

    # Speakers and their aliases -------------------------------------------------------------

    def _person(self, r) -> tuple[str, list[str], str]:
        """A person's name, alias candidates and country."""
        culture = pick(r(), CULTURE_KEYS)
        first, first_latin, female = pick(r(), FIRST_NAMES[culture])
        last, last_latin = pick(r(), LAST_NAMES[culture])
        if female and culture == "ru":
            last, last_latin = f"{last}а", f"{last_latin}a"
        native, latin = f"{first} {last}", f"{first_latin} {last_latin}"
        name, other = (native, latin) if r() < 0.7 else (latin, native)
        candidates = [other, ascii_fold(name), last, f"{first[0]}. {last}", last_latin]
        countries = CULTURES[culture]["countries"]
        return name, candidates, pick(r(), countries) if r() < 0.9 else ""

    def _speakers(self) -> Iterator[tuple[Row, list[str]]]:
        """Each speaker's row and its aliases (distinct matching keys, none the name's own)."""
        r = self.rng("speakers").random
        kinds, grades = Speaker.Kind.values, Reliability.values
        for i in range(self.config.speakers):
            sid = self.bases["speakers"] + 1 + i
            kind = kinds[i] if i < len(kinds) else pick(r(), SPEAKER_KINDS)
            role = affiliation = country = wikidata = ""
            candidates: list[str] = []
            if kind == Speaker.Kind.PERSON:
                name, candidates, country = self._person(r)
                role = pick(r(), PERSON_ROLES) if r() < 0.85 else ""
                affiliation = pick(r(), ORGANIZATIONS) if r() < 0.7 else ""
                wikidata = f"Q{1 + int(r() * 9e7)}" if r() < 0.3 else ""
                wanted = 1 + int(r() * 3) if r() < 0.45 or i < len(kinds) else 0
            elif kind == Speaker.Kind.ORGANIZATION:
                name = pick(r(), ORGANIZATIONS)
                role = "press service" if r() < 0.3 else ""
                acronym = "".join(w[0] for w in name.split() if w[0].isupper())
                candidates = [acronym if len(acronym) > 1 else "", ascii_fold(name)]
                wikidata = f"Q{1 + int(r() * 9e6)}" if r() < 0.6 else ""
                wanted = 2 if r() < 0.3 else 0
            elif kind == Speaker.Kind.ANONYMOUS:
                affiliation = pick(r(), ORGANIZATIONS)
                name = pick(r(), ANONYMOUS_PATTERNS).format(org=affiliation)
                role = "unnamed official" if r() < 0.5 else ""
                wanted = 0
            else:
                name = pick(r(), COLLECTIVES)
                candidates = [ascii_fold(name)]
                wanted = 1 if r() < 0.1 else 0
            grade = grades[i] if i < len(grades) else pick(r(), GRADES)
            description = f"{role.capitalize()}, {affiliation}." if role and affiliation else ""
            row = (
                sid, name, matching_key(name), kind, role, affiliation, country, wikidata,
                grade, self._rationale(r, grade), description, r() < 0.15,
                *self._stamps(r, int(r() * SPAN_DAYS)),
            )  # fmt: skip
            keys, aliases = {matching_key(name)}, []
            for candidate in candidates:
                alias, key = clean_text(candidate), matching_key(candidate)
                if len(aliases) < wanted and alias and key not in keys:
                    keys.add(key)
                    aliases.append(alias)
            yield row, aliases

    def speakers_rows(self) -> Iterator[Row]:
        for row, _aliases in self._speakers():
            yield row

    def speaker_aliases_rows(self) -> Iterator[Row]:
        next_id = self.bases["speaker_aliases"] + 1
        for row, aliases in self._speakers():
            for alias in aliases:
                yield (next_id, row[0], alias, matching_key(alias))
                next_id += 1

    # Sources and citations ------------------------------------------------------------------

    def _url(self, r, sid: int, day: str, outlet: int | None) -> str:
        """A normalized URL (or "") on one of the outlet's domains, or a platform if none."""
        seed = self.config.seed
        if outlet is None:
            if r() < 0.5:
                return ""
            return f"https://{pick(r(), PLATFORM_HOSTS)}/{pick(r(), SLUG_WORDS)}{seed}/{sid}"
        if r() < 0.08:
            return ""
        host = pick(r(), self.outlet_hosts[outlet])
        words = "-".join(pick(r(), SLUG_WORDS) for _ in range(2 + int(r() * 3)))
        raw = f"https://{host}/{day.replace('-', '/')}/{words}-{seed}-{sid}"
        x = r()
        if x < 0.1:  # tracking parameters, dropped by normalization
            raw += "?utm_source=telegram&utm_medium=social"
        elif x < 0.15:
            raw = f"HTTP://www.{host.upper()}:80{raw.removeprefix('https://' + host)}?page=2"
        return normalize_url(raw)

    def _byline(self, r, lang: str) -> str:
        x = r()
        if x < 0.55:
            first, _latin, _female = pick(r(), FIRST_NAMES[lang])
            return f"{first} {pick(r(), LAST_NAMES[lang])[0]}"
        return "Staff" if x < 0.65 else ""

    def sources_rows(self) -> Iterator[Row]:
        rng = self.rng("sources")
        r, pools = rng.random, self.pools
        kinds, n_outlets = Source.Kind.values, self.config.outlets
        for i in range(self.config.sources):
            sid = self.bases["sources"] + 1 + i
            lang = pick(r(), pools.languages)
            kind = kinds[i] if i < len(kinds) else pick(r(), SOURCE_KINDS)
            title = pick(r(), pools.titles[lang])
            day, second = int(r() * SPAN_DAYS), int(r() * SECONDS)
            published = pools.timestamp(day, second) if r() < 0.92 else None
            retrieved = (
                pools.timestamp(day + 1 + int(r() * 30), int(r() * SECONDS)) if r() < 0.8 else None
            )
            outlet = int(r() * n_outlets) if n_outlets and r() < 0.88 else None
            url = self._url(r, sid, pools.days[day], outlet)
            body = pools.body(rng, lang)
            archive = ""
            if url and r() < 0.15:
                archive = f"https://web.archive.org/web/{pools.days[day].replace('-', '')}/{url}"
            stamp = retrieved or published or pools.timestamp(day, second)
            yield (
                sid, url, title,
                None if outlet is None else self.bases["outlets"] + 1 + outlet,
                kind, published, retrieved, lang, self._byline(r, lang), body,
                hashlib.sha256(body.encode()).hexdigest() if body else "", archive, stamp, stamp,
            )  # fmt: skip

    def citations_rows(self) -> Iterator[Row]:
        """Provenance chains over consecutive sources: each cites the next, 1-12 links deep.

        Depths come from shuffled decks of 1..12, so every depth appears. The first chain of
        three or more sources, and some later ones, close into a cycle (the last cites the
        first: A -> B -> C -> A). Some sources of open chains also cite a stand-alone source
        (one that cites nothing), which adds fan-in without making any chain deeper than 12.
        A source cites another at most once and never itself.
        """
        rng = self.rng("citations")
        r, n = rng.random, self.config.sources
        src, next_id = self.bases["sources"] + 1, self.bases["citations"] + 1
        depths: list[int] = []
        loose: list[int] = []  # recent stand-alone sources, bounded
        pos, made_cycle = 0, False

        def edge(citing: int, cited: int) -> Row:
            nonlocal next_id
            note = pick(r(), CITATION_NOTES) if r() < 0.15 else ""
            stamp = self.pools.timestamp(int(r() * SPAN_DAYS), int(r() * SECONDS))
            next_id += 1
            return (next_id - 1, src + citing, src + cited, pick(r(), CITATION_KINDS), note, stamp)

        while pos < n - 1:
            if pos and r() < 0.12:  # a stand-alone source
                loose = loose[-1000:] if len(loose) > 2000 else loose
                loose.append(pos)
                pos += 1
                continue
            if not depths:
                depths = list(range(1, 13))
                rng.shuffle(depths)
            size = min(depths.pop() + 1, n - pos)
            for k in range(pos, pos + size - 1):
                yield edge(k, k + 1)
            if size >= 3 and (not made_cycle or r() < 0.15):
                made_cycle = True
                yield edge(pos + size - 1, pos)
            elif loose:
                for k in range(pos, pos + size - 1):
                    if r() < 0.1:
                        yield edge(k, pick(r(), loose))
            pos += size
