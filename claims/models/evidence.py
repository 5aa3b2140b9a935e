from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.fields import no_nul, statement_length
from sources.models import Source
from sources.text import clean_text
from sources.versioning import Versioned

from .claim import Claim


class Relation(models.TextChoices):
    """How a source bears on a claim."""

    APPEARS_IN = "appears_in", _("appears in")
    CORROBORATES = "corroborates", _("corroborates")
    CONFLICTS = "conflicts", _("conflicts")


class LinkKind(models.TextChoices):
    """How two claims relate."""

    SAME_STATEMENT = "same_statement", _("same statement (duplicate or re-report)")
    SUPPORTS = "supports", _("supports")
    CONTRADICTS = "contradicts", _("contradicts")
    SUPERSEDES = "supersedes", _("supersedes")


class Evidence(Versioned):
    """Links a claim to a source it appears in, or that corroborates or conflicts with it."""

    Relation = Relation

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim")
    )
    source = models.ForeignKey(
        Source,
        # Evidence is history: the source it rests on cannot be deleted from under it.
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("source"),
    )
    relation = models.CharField(
        _("relation"), max_length=20, choices=Relation, default=Relation.APPEARS_IN
    )
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        validators=[no_nul, statement_length],
        help_text=_("The exact passage of the source, as written there."),
    )
    note = models.TextField(_("note"), blank=True, validators=[no_nul])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "relation", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "relation"],
                name="evidence_unique_per_relation",
                violation_error_message=_(
                    "This claim already has evidence from this source with this relation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values),
                name="evidence_relation_valid",
                violation_error_message=_("Unknown relation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.source}"

    def normalize(self) -> None:
        self.excerpt = clean_text(self.excerpt)
        self.note = clean_text(self.note)

    def clean(self) -> None:
        self.normalize()

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        super().save(*args, **kwargs)


class ClaimLink(models.Model):
    """A relation between two claims: the same statement, supports, contradicts, supersedes."""

    Kind = LinkKind

    from_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("claim")
    )
    to_claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="links_in",
        verbose_name=_("related claim"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind)
    note = models.TextField(_("note"), blank=True, validators=[no_nul])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_claim", "kind", "id"]
        verbose_name = _("claim link")
        verbose_name_plural = _("claim links")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="claimlink_not_self",
                violation_error_message=_("A claim cannot be linked to itself."),
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"],
                name="claimlink_unique",
                violation_error_message=_("These claims are already linked this way."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values),
                name="claimlink_kind_valid",
                violation_error_message=_("Unknown link kind."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.from_claim_id} {self.get_kind_display()} #{self.to_claim_id}"
