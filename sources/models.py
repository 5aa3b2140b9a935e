"""Outlets, the items they publish, and who cites whom."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .fields import (
    Reliability,
    check_rating,
    country_constraint,
    language_validator,
    name_key,
    no_hidden_characters,
    no_nul,
    not_blank_constraint,
    reliability_constraint,
    wikidata_constraint,
    wikidata_validator,
)
from .text import clean_text, domain_candidates, matching_key, normalize_url, url_host
from .versioning import Versioned


class OutletQuerySet(models.QuerySet):
    """Lookups for outlets."""

    def by_name(self, name: str) -> "OutletQuerySet":
        """Outlets whose name has the same matching key as `name`."""
        return self.filter(match_key=matching_key(name))

    def for_url(self, url: str) -> "Outlet | None":
        """The outlet that publishes at the URL's domain (the longest matching domain wins)."""
        candidates = domain_candidates(url_host(url))
        if not candidates:
            return None
        domains = {
            d.domain: d.outlet
            for d in OutletDomain.objects.filter(domain__in=candidates).select_related("outlet")
        }
        for candidate in candidates:
            if candidate in domains:
                return domains[candidate]
        return None


class Outlet(Versioned):
    """A publisher: wire agency, newspaper, broadcaster, online outlet, government body..."""

    class Kind(models.TextChoices):
        WIRE_AGENCY = "wire_agency", _("wire agency")
        NEWSPAPER = "newspaper", _("newspaper")
        ONLINE = "online", _("online outlet")
        BROADCASTER = "broadcaster", _("broadcaster")
        MAGAZINE = "magazine", _("magazine")
        GOVERNMENT = "government", _("government body")
        ORGANIZATION = "organization", _("organization or NGO")
        SOCIAL_PLATFORM = "social_platform", _("social platform")
        OTHER = "other", _("other")

    class StateAffiliation(models.TextChoices):
        NONE = "none", _("independent of the state")
        STATE_FUNDED = "state_funded", _("state-funded, editorially independent")
        STATE_CONTROLLED = "state_controlled", _("state-controlled")
        UNKNOWN = "unknown", _("unknown")

    name = models.CharField(
        _("name"),
        max_length=200,
        validators=[no_nul, no_hidden_characters],
        help_text=_("As the outlet names itself."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    match_key = models.CharField(
        _("matching key"),
        max_length=200,
        unique=True,
        editable=False,
        help_text=_("The name folded for matching (case, width, quotes, spaces)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ONLINE)
    country = CountryField(_("country"), blank=True, help_text=_("ISO 3166-1 country."))
    state_affiliation = models.CharField(
        _("state affiliation"),
        max_length=20,
        choices=StateAffiliation,
        default=StateAffiliation.UNKNOWN,
    )
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=20, blank=True, validators=[wikidata_validator]
    )
    reliability = models.CharField(
        _("reliability"),
        max_length=1,
        choices=Reliability,
        default=Reliability.F,
        help_text=_("Admiralty grade A-F: how far this outlet's reporting can be trusted."),
    )
    reliability_rationale = models.TextField(
        _("reliability rationale"),
        blank=True,
        validators=[no_nul],
        help_text=_("Why the outlet has this grade. Needed for any grade but F."),
    )
    description = models.TextField(_("description"), blank=True, validators=[no_nul])
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Created automatically (e.g. by an import) and not yet checked by an editor."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        permissions = [("rate_outlet", "Can rate the reliability of outlets")]
        constraints = [
            not_blank_constraint("name", "outlet_name_not_blank", _("An outlet needs a name.")),
            reliability_constraint("outlet_reliability_valid"),
            models.CheckConstraint(
                condition=Q(reliability=Reliability.F) | ~Q(reliability_rationale=""),
                name="outlet_rating_has_rationale",
                violation_error_message=_("A reliability grade other than F needs a rationale."),
            ),
            wikidata_constraint("outlet_wikidata_id_format"),
            country_constraint("outlet_country_iso"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = clean_text(self.name)
        self.match_key = matching_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.name = clean_text(self.name)
        self.match_key = name_key(self.name, self._meta.get_field("match_key").max_length)
        check_rating(self)
        # match_key is not a form field, so the form's own unique check cannot see it.
        if Outlet.objects.filter(match_key=self.match_key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("An outlet with this name already exists.")})


class OutletDomain(models.Model):
    """A web domain an outlet publishes under, used to recognise the outlet from a URL."""

    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="domains", verbose_name=_("outlet")
    )
    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        help_text=_("Host name without scheme or www, e.g. tass.com. Subdomains match too."),
    )

    # Which domains mean which outlet decides how sources are attributed: keep every change.
    history = HistoricalRecords()

    class Meta:
        ordering = ["domain"]
        verbose_name = _("outlet domain")
        verbose_name_plural = _("outlet domains")
        constraints = [
            not_blank_constraint("domain", "outletdomain_not_blank", _("A domain is needed.")),
        ]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs) -> None:
        self.domain = self.normalized(self.domain)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.domain = self.normalized(self.domain)

    @staticmethod
    def normalized(value: str) -> str:
        """Accept a bare domain or a URL; keep the host, lower case, without www."""
        value = (value or "").strip()
        return url_host(value if "//" in value else f"//{value}")


class Source(Versioned):
    """One published item: an article, wire report, transcript, press release, document or post.

    A source may have no URL ("a TASS report of 2 June 2025"); when it has one, the normalized
    URL is unique.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        WIRE_REPORT = "wire_report", _("wire report")
        TRANSCRIPT = "transcript", _("transcript")
        PRESS_RELEASE = "press_release", _("press release")
        OFFICIAL_DOCUMENT = "official_document", _("official document")
        SOCIAL_POST = "social_post", _("social post")
        VIDEO = "video", _("video")
        OTHER = "other", _("other")

    url = models.URLField(
        _("URL"),
        max_length=2000,
        blank=True,
        help_text=_("Stored normalized; leave empty for an item with no URL."),
    )
    title = models.CharField(_("title"), max_length=500, validators=[no_nul])
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("outlet"),
        help_text=_("Recognised from the URL's domain when left empty."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ARTICLE)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved at"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=20, default="en", validators=[language_validator]
    )
    byline = models.CharField(_("byline"), max_length=300, blank=True, validators=[no_nul])
    body = models.TextField(
        _("body"), blank=True, validators=[no_nul], help_text=_("The text as retrieved.")
    )
    body_sha256 = models.CharField(
        _("body SHA-256"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the body, to tell a changed text from the one we read."),
    )
    archive_url = models.URLField(_("archive URL"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message=_("A source with this URL already exists."),
            ),
            not_blank_constraint("title", "source_title_not_blank", _("A source needs a title.")),
        ]
        indexes = [models.Index(fields=["outlet", "-published_at"], name="source_outlet_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("admin:sources_source_change", args=[self.pk])

    def normalize(self) -> None:
        """Normalize URL and text, fingerprint the body, recognise the outlet from the URL."""
        self.url = normalize_url(self.url)
        self.archive_url = (self.archive_url or "").strip()
        self.title = clean_text(self.title)
        self.byline = clean_text(self.byline)
        self.body = clean_text(self.body)
        self.body_sha256 = hashlib.sha256(self.body.encode()).hexdigest() if self.body else ""
        if self.outlet_id is None and self.url:
            self.outlet = Outlet.objects.for_url(self.url)

    def clean(self) -> None:
        self.normalize()

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        super().save(*args, **kwargs)


class Citation(models.Model):
    """Source `citing` quotes, republishes or cites source `cited`: the edges of provenance."""

    class Kind(models.TextChoices):
        QUOTES = "quotes", _("quotes")
        REPUBLISHES = "republishes", _("republishes")
        CITES = "cites", _("cites")

    citing = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("citing source"),
    )
    cited = models.ForeignKey(
        Source,
        # A source others rely on cannot vanish from under them.
        on_delete=models.PROTECT,
        related_name="cited_by",
        verbose_name=_("cited source"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CITES)
    note = models.TextField(_("note"), blank=True, validators=[no_nul])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["citing", "cited"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(citing=F("cited")),
                name="citation_not_self",
                violation_error_message=_("A source cannot cite itself."),
            ),
            models.UniqueConstraint(
                fields=["citing", "cited"],
                name="citation_unique_pair",
                violation_error_message=_("This source already cites that one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citing} {self.get_kind_display()} {self.cited}"
