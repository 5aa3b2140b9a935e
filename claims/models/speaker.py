from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from sources.fields import (
    Reliability,
    check_rating,
    country_constraint,
    name_key,
    no_hidden_characters,
    no_nul,
    not_blank_constraint,
    reliability_constraint,
    wikidata_constraint,
    wikidata_validator,
)
from sources.text import clean_text, matching_key
from sources.versioning import Versioned


class SpeakerQuerySet(models.QuerySet):
    """Lookups for speakers."""

    def by_name(self, name: str) -> "SpeakerQuerySet":
        """Speakers whose name or one of whose aliases has the same matching key as `name`."""
        key = matching_key(name)
        if not key:
            return self.none()
        alias_owners = SpeakerAlias.objects.filter(match_key=key).values("speaker_id")
        return self.filter(Q(match_key=key) | Q(pk__in=alias_owners))


class Speaker(Versioned):
    """Who makes statements: a person, an organization, an anonymous source or a collective.

    Anonymous speakers ("a TASS source") are speakers too, with their affiliation, so that
    repeated statements from the same unnamed source can be recognised as one line of evidence.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANIZATION = "organization", _("organization")
        ANONYMOUS = "anonymous", _("anonymous source")
        COLLECTIVE = "collective", _("collective (e.g. Russian media)")

    name = models.CharField(
        _("name"),
        max_length=200,
        validators=[no_nul, no_hidden_characters],
        help_text=_('Canonical name, e.g. "Volodymyr Zelensky" or "TASS source".'),
    )
    match_key = models.CharField(_("matching key"), max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PERSON)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        validators=[no_nul],
        help_text=_('Title or function, e.g. "Kremlin spokesperson".'),
    )
    affiliation = models.CharField(
        _("affiliation"),
        max_length=200,
        blank=True,
        validators=[no_nul],
        help_text=_("The organization the speaker belongs to or speaks for."),
    )
    country = CountryField(_("country"), blank=True)
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=20, blank=True, validators=[wikidata_validator]
    )
    reliability = models.CharField(
        _("reliability"),
        max_length=1,
        choices=Reliability,
        default=Reliability.F,
        help_text=_("Admiralty grade A-F: how far this speaker's statements can be trusted."),
    )
    reliability_rationale = models.TextField(
        _("reliability rationale"),
        blank=True,
        validators=[no_nul],
        help_text=_("Why the speaker has this grade. Needed for any grade but F."),
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
    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        permissions = [("rate_speaker", "Can rate the reliability of speakers")]
        constraints = [
            not_blank_constraint("name", "speaker_name_not_blank", _("A speaker needs a name.")),
            reliability_constraint("speaker_reliability_valid"),
            models.CheckConstraint(
                condition=Q(reliability=Reliability.F) | ~Q(reliability_rationale=""),
                name="speaker_rating_has_rationale",
                violation_error_message=_("A reliability grade other than F needs a rationale."),
            ),
            wikidata_constraint("speaker_wikidata_id_format"),
            country_constraint("speaker_country_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:claims_speaker_change", args=[self.pk])

    @property
    def is_anonymous(self) -> bool:
        return self.kind == self.Kind.ANONYMOUS

    def normalize(self) -> None:
        self.name = clean_text(self.name)
        self.role = clean_text(self.role)
        self.affiliation = clean_text(self.affiliation)
        self.match_key = matching_key(self.name)

    def clean(self) -> None:
        self.normalize()
        name_key(self.name, self._meta.get_field("match_key").max_length)
        check_rating(self)

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        super().save(*args, **kwargs)


class SpeakerAlias(models.Model):
    """Another name a speaker goes by ("Zelenskyy"), for matching and search."""

    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("speaker")
    )
    name = models.CharField(_("alias"), max_length=200, validators=[no_nul, no_hidden_characters])
    match_key = models.CharField(_("matching key"), max_length=200, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker alias")
        verbose_name_plural = _("speaker aliases")
        constraints = [
            not_blank_constraint("name", "speakeralias_not_blank", _("An alias needs a name.")),
            models.UniqueConstraint(
                fields=["speaker", "match_key"],
                name="speakeralias_unique_per_speaker",
                violation_error_message=_("The speaker already has this alias."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def normalize(self) -> None:
        self.name = clean_text(self.name)
        self.match_key = matching_key(self.name)

    def clean(self) -> None:
        self.normalize()
        name_key(self.name, self._meta.get_field("match_key").max_length)
        # match_key is not a form field, so the form's own unique check cannot see it.
        if (
            self.speaker_id
            and SpeakerAlias.objects.filter(speaker_id=self.speaker_id, match_key=self.match_key)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"name": _("The speaker already has this alias.")})

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        super().save(*args, **kwargs)
