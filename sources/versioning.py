"""Optimistic locking: no edit silently overwrites another.

Claims, evidence, sources, speakers and outlets carry a `version` that every edit through a
service raises by one. A writer says which version it read (the API's `If-Match` header, the
admin form's hidden field); the service raises the version with one conditional UPDATE
(`... SET version = version + 1 WHERE id = %s AND version = %s`), so of two writers who read the
same version exactly one succeeds, with no window between a check and the save. The UPDATE
also locks the row until the transaction ends, so the rest of the save cannot interleave with
another writer's.

The version counts edits to the object's own fields; computed values (credibility grades,
search entries) are recomputed without raising it, so a recompute never makes an editor's
form stale.
"""

import re

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A model whose edits are numbered, for optimistic locking."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        db_default=1,  # rows written by COPY (generators, bulk loads) start at 1 too
        editable=False,
        help_text=_("Raised by one on every edit; a write naming an older version is refused."),
    )

    class Meta:
        abstract = True


class StaleVersion(Exception):
    """The object changed since the writer read it (or the writer named no version of ours)."""

    def __init__(self, obj: models.Model, expected: int | None, current: int | None) -> None:
        self.model = type(obj)
        self.pk = obj.pk
        self.expected = expected
        self.current = current
        super().__init__(self.describe(self.model._meta.verbose_name))

    def describe(self, name: str) -> str:
        if self.current is None:
            return f"This {name} was deleted after you read it."
        if not self.expected:
            return f"That names no version of this {name}; it is now version {self.current}."
        return (
            f"This {name} was changed by someone else after you read it (you read version "
            f"{self.expected}, it is now version {self.current}). Reload it and apply your "
            "change again."
        )


class VersionRequired(StaleVersion):
    """The writer did not say which version it edits."""

    def describe(self, name: str) -> str:
        return (
            f"Say which version of this {name} you edit (it is now version {self.current}), so "
            "that no one else's change is overwritten."
        )


def version_bump(obj: Versioned) -> None:
    """Raise a stored object's version iff it is still `obj.version`, in one conditional UPDATE.

    Call inside the transaction that saves the object, before the save: the row stays locked
    until commit. Raises StaleVersion when another write came first, VersionRequired when
    `obj.version` is None (the writer did not say). New objects start at 1.
    """
    if obj.pk is None or obj._state.adding:
        obj.version = 1
        return
    manager = type(obj)._base_manager
    expected = obj.version
    if expected is None or not manager.filter(pk=obj.pk, version=expected).update(
        version=F("version") + 1
    ):
        current = manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise (VersionRequired if expected is None else StaleVersion)(obj, expected, current)
    obj.version = expected + 1


def version_tag(version: int, digest: str = "") -> str:
    """The entity tag naming a version (`"v3"`), as If-Match sends it; API responses add a
    digest of the body (`"v3-1a2b..."`, config/api/concurrency.py)."""
    return f'"v{version}-{digest}"' if digest else f'"v{version}"'


_ETAG = re.compile(r'^"v([0-9]{1,10})(?:-[0-9a-f]{1,40})?"$')


def version_from_etag(value: str) -> int | None:
    """The version an If-Match entity tag names (`"v3"`, or `"v3-<digest>"` as sent in ETag
    headers), or None if it is not one of ours."""
    match = _ETAG.match(value.strip())
    if not match:
        return None
    number = int(match.group(1))
    return number if 0 < number < 2**31 else None
