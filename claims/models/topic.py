from django.db import models
from django.utils.translation import gettext_lazy as _

from sources.fields import name_key, no_hidden_characters, no_nul, not_blank_constraint
from sources.text import clean_text


class Topic(models.Model):
    """A subject claims are filed under (e.g. "Russia-Ukraine negotiations")."""

    name = models.CharField(
        _("name"), max_length=120, unique=True, validators=[no_nul, no_hidden_characters]
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[no_nul])

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            not_blank_constraint("name", "topic_name_not_blank", _("A topic needs a name.")),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Normalize before the form's unique check, so "Cafe\u0301" meets "Café".
        self.name = clean_text(self.name)
        name_key(self.name, max_length=10_000)

    def save(self, *args, **kwargs) -> None:
        self.name = clean_text(self.name)
        super().save(*args, **kwargs)
