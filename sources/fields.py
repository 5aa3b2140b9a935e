"""Field choices, validators and constraint builders shared by sources and claims.

Claims imports from here; nothing here imports claims.
"""

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    ProhibitNullCharactersValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .text import matching_key

WIKIDATA_ID_PATTERN = r"^Q[1-9][0-9]*$"
# BCP 47 in the form we use: a 2-3 letter language, optional script or region subtags.
LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

no_nul = ProhibitNullCharactersValidator()
# Statements are long, but not books: a cap keeps one request from storing megabytes of "text".
statement_length = MaxLengthValidator(20_000)

# Characters that change how a name is displayed without being part of it: direction
# overrides, embeddings and isolates can make "Ada" render as something else, and zero-width
# spaces make two identical-looking names different. ZWJ and ZWNJ are not here: Persian and
# Indic names and emoji need them.
_HIDDEN_IN_NAMES = {
    0x200B: "ZERO WIDTH SPACE",
    0x200E: "LEFT-TO-RIGHT MARK",
    0x200F: "RIGHT-TO-LEFT MARK",
    0x202A: "LEFT-TO-RIGHT EMBEDDING",
    0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
    0x2060: "WORD JOINER",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
    0xFEFF: "ZERO WIDTH NO-BREAK SPACE",
}


def no_hidden_characters(value: str) -> None:
    """Refuse invisible and direction-control characters in a name (see _HIDDEN_IN_NAMES)."""
    for char in value or "":
        name = _HIDDEN_IN_NAMES.get(ord(char))
        if name:
            raise ValidationError(
                _("Names may not contain invisible or direction-control characters; "
                  "this one has U+%(code)04X %(name)s."),
                code="hidden_character",
                params={"code": ord(char), "name": name},
            )  # fmt: skip


wikidata_validator = RegexValidator(
    WIKIDATA_ID_PATTERN, _("A Wikidata id is Q followed by digits, e.g. Q7747.")
)
language_validator = RegexValidator(
    LANGUAGE_TAG_PATTERN, _("Use a language tag such as en, ru, uk or pt-BR.")
)


class Reliability(models.TextChoices):
    """Admiralty-code source reliability, used for outlets and speakers."""

    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")


def country_codes() -> list[str]:
    """The ISO 3166-1 alpha-2 codes django-countries knows, sorted (stable migrations)."""
    return sorted(code for code, _name in countries)


def wikidata_constraint(name: str) -> models.CheckConstraint:
    """Empty, or Q followed by digits."""
    return models.CheckConstraint(
        condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID_PATTERN),
        name=name,
        violation_error_message=_("A Wikidata id is Q followed by digits, e.g. Q7747."),
    )


def country_constraint(name: str) -> models.CheckConstraint:
    """Empty, or an ISO 3166-1 alpha-2 code."""
    return models.CheckConstraint(
        condition=Q(country="") | Q(country__in=country_codes()),
        name=name,
        violation_error_message=_("The country must be an ISO 3166-1 code such as RU or UA."),
    )


def reliability_constraint(name: str) -> models.CheckConstraint:
    """The grade is one of A-F."""
    return models.CheckConstraint(
        condition=Q(reliability__in=Reliability.values),
        name=name,
        violation_error_message=_("Reliability is a grade from A to F."),
    )


def not_blank_constraint(field: str, name: str, message: str) -> models.CheckConstraint:
    """The field holds something other than an empty string."""
    return models.CheckConstraint(
        condition=~Q(**{field: ""}), name=name, violation_error_message=message
    )


def check_rating(obj) -> None:
    """A grade other than F needs the editor's rationale (reported on that field)."""
    if obj.reliability != Reliability.F and not (obj.reliability_rationale or "").strip():
        raise ValidationError(
            {"reliability_rationale": _("A reliability grade other than F needs a rationale.")}
        )


def name_key(name: str, max_length: int, field: str = "name") -> str:
    """The matching key of a name, refusing names with nothing visible or too long a key.

    Folding for matching can lengthen text (NFKC expands some ligatures many times over), so the
    key's length is checked here, on the field the editor typed, rather than failing in the
    database on a field they cannot see.
    """
    key = matching_key(name)
    if not key:
        raise ValidationError({field: _("A name needs visible characters.")})
    if len(key) > max_length:
        raise ValidationError(
            {field: _("This name is too long once normalized for matching; shorten it.")}
        )
    return key
