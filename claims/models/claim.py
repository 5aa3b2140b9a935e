from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.fields import language_validator, no_nul, not_blank_constraint, statement_length
from sources.models import Outlet
from sources.text import clean_text
from sources.versioning import Versioned

from .speaker import Speaker
from .topic import Topic


class Status(models.TextChoices):
    """Editorial workflow: draft -> in review -> published; retracted instead of deleted."""

    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    RETRACTED = "retracted", _("retracted")


class QuoteKind(models.TextChoices):
    DIRECT = "direct", _("direct quote")
    PARAPHRASE = "paraphrase", _("paraphrase")


class Credibility(models.IntegerChoices):
    """Admiralty-code credibility of information."""

    CONFIRMED = 1, _("1: confirmed by independent sources")
    PROBABLY_TRUE = 2, _("2: probably true")
    POSSIBLY_TRUE = 3, _("3: possibly true")
    DOUBTFUL = 4, _("4: doubtful")
    IMPROBABLE = 5, _("5: improbable")
    CANNOT_BE_JUDGED = 6, _("6: truth cannot be judged")


class Verdict(models.TextChoices):
    """Fact-check rating, published as ClaimReview."""

    TRUE = "true", _("true")
    MOSTLY_TRUE = "mostly_true", _("mostly true")
    MIXED = "mixed", _("half true")
    MOSTLY_FALSE = "mostly_false", _("mostly false")
    FALSE = "false", _("false")
    UNVERIFIABLE = "unverifiable", _("unverifiable")


# Statuses in which a claim has been public: such a claim is never deleted.
PUBLIC_ONCE = (Status.PUBLISHED, Status.RETRACTED)


def sees_unpublished(user) -> bool:
    """Newsroom staff (contributors, editors) see drafts, claims in review and retractions;
    everyone else, anonymous readers and non-staff API tokens, sees published claims only."""
    return bool(user is not None and user.is_authenticated and user.is_staff)


class ClaimDeletionError(ValidationError):
    """Raised when something tries to delete a claim that has been published."""


class ClaimQuerySet(models.QuerySet):
    """Reads of claims."""

    def published(self) -> "ClaimQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user, *, include_retracted: bool = False) -> "ClaimQuerySet":
        """The claims `user` may read; `include_retracted` adds retractions for mirrors."""
        return self.readable(
            unpublished=sees_unpublished(user), include_retracted=include_retracted
        )

    def readable(self, *, unpublished: bool, include_retracted: bool = False) -> "ClaimQuerySet":
        """Every claim for readers who see unpublished ones (`sees_unpublished`), else the
        published ones (and the retracted ones with `include_retracted`)."""
        if unpublished:
            return self
        statuses = [Status.PUBLISHED, Status.RETRACTED] if include_retracted else [Status.PUBLISHED]
        return self.filter(status__in=statuses)

    def with_related(self) -> "ClaimQuerySet":
        """What list pages show next to each claim, in one query."""
        return self.select_related("speaker", "outlet")

    def delete(self):
        # Bulk deletes bypass Model.delete(), so the rule is enforced here as well.
        if self.filter(status__in=PUBLIC_ONCE).exists():
            raise ClaimDeletionError(
                _("A published claim cannot be deleted; retract it with a reason instead.")
            )
        return super().delete()


class Claim(Versioned):
    """One statement as made by its speaker, with its workflow, credibility and verdict."""

    text = models.TextField(
        _("text"),
        validators=[no_nul, statement_length],
        help_text=_("The statement as made: a quote as written, or a faithful paraphrase."),
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("speaker"),
    )
    quote_kind = models.CharField(
        _("quote kind"), max_length=12, choices=QuoteKind, default=QuoteKind.PARAPHRASE
    )
    stated_on = models.DateField(_("stated on"), null=True, blank=True)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("outlet"),
        help_text=_("The outlet the statement was given to or first reported by."),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="claims", verbose_name=_("topics")
    )
    language = models.CharField(
        _("language"), max_length=20, default="en", validators=[language_validator]
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    retracted_at = models.DateTimeField(_("retracted at"), null=True, blank=True, editable=False)
    retraction_reason = models.TextField(
        _("retraction reason"), blank=True, validators=[no_nul], editable=False
    )

    credibility = models.PositiveSmallIntegerField(
        _("credibility"),
        choices=Credibility,
        default=Credibility.CANNOT_BE_JUDGED,
        editable=False,
        help_text=_("The effective grade: the editor's override if set, else the computed one."),
    )
    credibility_computed = models.PositiveSmallIntegerField(
        _("computed credibility"),
        choices=Credibility,
        default=Credibility.CANNOT_BE_JUDGED,
        editable=False,
    )
    credibility_reasons = models.JSONField(
        _("credibility reasons"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Why the computed grade is what it is, in order."),
    )
    support_lines = models.PositiveSmallIntegerField(
        _("independent lines of support"), default=0, editable=False
    )
    conflict_lines = models.PositiveSmallIntegerField(
        _("independent lines of conflict"), default=0, editable=False
    )
    credibility_override = models.PositiveSmallIntegerField(
        _("credibility override"),
        choices=Credibility,
        null=True,
        blank=True,
        help_text=_("An editor's grade that replaces the computed one. Needs a reason."),
    )
    credibility_override_reason = models.TextField(
        _("override reason"), blank=True, validators=[no_nul]
    )

    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict, blank=True)
    verdict_explanation = models.TextField(
        _("verdict explanation"),
        blank=True,
        validators=[no_nul],
        help_text=_("What the fact-check found, for readers and ClaimReview."),
    )
    verdict_at = models.DateTimeField(_("verdict given at"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-stated_on", "-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [
            ("publish_claim", "Can publish claims"),
            ("retract_claim", "Can retract published claims"),
            ("override_credibility", "Can override the credibility of claims"),
        ]
        indexes = [
            models.Index(fields=["status", "-stated_on"], name="claim_status_stated"),
            models.Index(fields=["speaker", "-stated_on"], name="claim_speaker_stated"),
            models.Index(fields=["outlet", "-stated_on"], name="claim_outlet_stated"),
            # The API's ?ordering=-credibility, for the public (published only) and for staff.
            models.Index(fields=["status", "-credibility", "-id"], name="claim_status_credibility"),
            models.Index(fields=["-credibility", "-id"], name="claim_credibility"),
            # The API's default order (newest change first) over published claims, and the
            # mirrors' ?updated_since: the first page reads 51 index entries, no sort.
            models.Index(fields=["status", "-updated_at", "-id"], name="claim_status_updated"),
        ]
        constraints = [
            not_blank_constraint("text", "claim_text_not_blank", _("A claim needs its text.")),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="claim_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=Q(quote_kind__in=QuoteKind.values),
                name="claim_quote_kind_valid",
                violation_error_message=_("Unknown quote kind."),
            ),
            models.CheckConstraint(
                condition=Q(credibility_computed__gte=1, credibility_computed__lte=6),
                name="claim_credibility_computed_range",
                violation_error_message=_("Credibility is a grade from 1 to 6."),
            ),
            models.CheckConstraint(
                condition=Q(credibility_override__isnull=True)
                | Q(credibility_override__gte=1, credibility_override__lte=6),
                name="claim_credibility_override_range",
                violation_error_message=_("Credibility is a grade from 1 to 6."),
            ),
            models.CheckConstraint(
                condition=Q(credibility_override__isnull=True) | ~Q(credibility_override_reason=""),
                name="claim_override_needs_reason",
                violation_error_message=_("Overriding the credibility needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(
                    credibility_override__isnull=True, credibility=F("credibility_computed")
                )
                | Q(credibility_override__isnull=False, credibility=F("credibility_override")),
                name="claim_credibility_effective",
                violation_error_message=_(
                    "The effective credibility must be the override, or the computed grade."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETRACTED) | ~Q(retraction_reason=""),
                name="claim_retraction_needs_reason",
                violation_error_message=_("A retraction needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_ONCE) | Q(published_at__isnull=False),
                name="claim_published_has_date",
                violation_error_message=_("A published claim needs its publication time."),
            ),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(verdict__in=Verdict.values),
                name="claim_verdict_valid",
                violation_error_message=_("Unknown verdict."),
            ),
            models.CheckConstraint(
                condition=Q(verdict="") | ~Q(verdict_explanation=""),
                name="claim_verdict_needs_explanation",
                violation_error_message=_("A verdict needs an explanation."),
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.speaker.name}: {text}" if self.speaker_id else text

    def get_absolute_url(self) -> str:
        return reverse("admin:claims_claim_change", args=[self.pk])

    @property
    def is_overridden(self) -> bool:
        return self.credibility_override is not None

    @property
    def is_frozen(self) -> bool:
        """A retracted claim is kept as it was: neither it nor its evidence changes again."""
        return self.status == Status.RETRACTED

    @property
    def has_been_public(self) -> bool:
        """Published now or once: such a claim is retracted, never deleted."""
        return self.status in PUBLIC_ONCE

    def normalize(self) -> None:
        """Store text as NFC, trimmed; keep the effective grade in step with its inputs."""
        self.text = clean_text(self.text)
        self.credibility_override_reason = clean_text(self.credibility_override_reason)
        self.verdict_explanation = clean_text(self.verdict_explanation)
        self.retraction_reason = clean_text(self.retraction_reason)
        self.credibility = (
            self.credibility_override
            if self.credibility_override is not None
            else self.credibility_computed
        )

    def clean(self) -> None:
        self.normalize()
        errors = {}
        if self.credibility_override is not None and not self.credibility_override_reason:
            errors["credibility_override_reason"] = _("Overriding the credibility needs a reason.")
        if self.verdict and not self.verdict_explanation:
            errors["verdict_explanation"] = _("A verdict needs an explanation.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.has_been_public:
            raise ClaimDeletionError(
                _("A published claim cannot be deleted; retract it with a reason instead.")
            )
        return super().delete(*args, **kwargs)
