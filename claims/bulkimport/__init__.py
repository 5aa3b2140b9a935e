"""Bulk import of claims from JSON Lines, CSV or a ClaimReview feed (manage.py import_claims).

    report = claims_import(Path("claims.jsonl"), user=editor, batch_size=5_000)

Every row is read (readers.py, feed.py) and validated with the models' rules (validate.py)
before anything is written. By default one invalid row refuses the whole file; with
`skip_invalid` the valid rows are imported and the others reported. Valid rows are then written
in batches, each in its own transaction (load.py): a batch is committed completely or not at
all, and a failed batch leaves the batches before it committed. Imported claims are drafts:
they go through the review queue like any other. See docs/import.md.
"""

import sys
from pathlib import Path
from typing import TextIO

from django.core.exceptions import PermissionDenied
from tqdm import tqdm

from sources.models import Outlet

from ..models import Topic
from .load import BatchLoader
from .readers import FORMATS, ReadError, read_rows
from .report import ImportReport
from .validate import IGNORED_NOTES, ImportRow, RowInvalid, RowValidator

__all__ = [
    "FORMATS",
    "BatchFailed",
    "ImportRefused",
    "ImportReport",
    "ReadError",
    "claims_import",
]

REQUIRED_PERMS = ("claims.add_claim", "claims.add_speaker", "claims.add_evidence")
COUNTS = (
    "claims_created",
    "already_on_file",
    "speakers_created",
    "outlets_created",
    "sources_created",
    "evidence_created",
)


class ImportRefused(Exception):
    """Invalid rows and no `skip_invalid`: nothing was written (`report.errors` says why)."""

    def __init__(self, report: ImportReport):
        super().__init__(f"{report.rows_invalid:,} invalid rows; nothing was imported")
        self.report = report


class BatchFailed(Exception):
    """A batch could not be written; it was rolled back, the batches before it are committed."""

    def __init__(self, number: int, first: str, last: str, error: Exception, report):
        super().__init__(
            f"batch {number} ({first} to {last}) failed and was rolled back: {error}. "
            f"The {number - 1:,} batches before it are committed."
        )
        self.report = report


def _validate(rows, validator: RowValidator, report: ImportReport) -> list[ImportRow]:
    valid = []
    for raw in rows:
        report.rows_read += 1
        if raw.error:
            report.rows_invalid += 1
            report.errors.append(f"{raw.where}: {raw.error}")
            continue
        try:
            valid.append(validator.validate(raw))
        except RowInvalid as invalid:
            report.rows_invalid += 1
            report.errors.extend(f"{raw.where}: {c}: {m}" for c, m in invalid.errors)
    return valid


def _refuse_unknown_outlets(rows: list[ImportRow], report: ImportReport) -> list[ImportRow]:
    """Without sources.add_outlet, a claim may only name an outlet already on file."""
    keys = sorted({r.outlet_key for r in rows if r.outlet_key})
    known = set()
    for start in range(0, len(keys), 900):
        chunk = keys[start : start + 900]
        known.update(Outlet.objects.filter(match_key__in=chunk).values_list("match_key", flat=True))
    kept = []
    for row in rows:
        if row.outlet_key and row.outlet_key not in known:
            report.rows_invalid += 1
            report.errors.append(
                f"{row.where}: outlet: no outlet named {row.outlet!r} is on file, and only "
                "editors create outlets"
            )
        else:
            kept.append(row)
    return kept


def _where_order(error: str) -> tuple[int, str]:
    head = error.split(":", 1)[0].split()
    return (int(head[1]) if len(head) == 2 and head[1].isdigit() else 0, error)


def claims_import(
    path: Path,
    *,
    user,
    fmt: str = "auto",
    batch_size: int = 5_000,
    skip_invalid: bool = False,
    progress: bool = True,
    progress_file: TextIO | None = None,
) -> ImportReport:
    """Import the claims of a file as `user` (see the module docstring); return the report.

    Raises PermissionDenied, ReadError (the file cannot be read), ImportRefused (invalid rows
    and not `skip_invalid`: nothing written) or BatchFailed (a batch was rolled back).
    """
    if user is None or not user.is_active:
        raise PermissionDenied("The import needs an active user.")
    lacking = [perm for perm in REQUIRED_PERMS if not user.has_perm(perm)]
    if lacking:
        raise PermissionDenied(f"{user.get_username()} may not import claims (needs {lacking}).")
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    report = ImportReport(path=str(path), batch_size=batch_size)
    report.format, rows = read_rows(Path(path), fmt)
    validator = RowValidator(
        topics=dict(Topic.objects.values_list("slug", "id")),
        may_give_verdicts=user.has_perm("claims.publish_claim"),
    )
    bar = {"file": progress_file or sys.stderr, "disable": not progress, "unit_scale": True}
    with report.timed("read and validate"), tqdm(rows, desc="validate", unit=" rows", **bar) as it:
        valid = _validate(it, validator, report)
        if not user.has_perm("sources.add_outlet"):
            valid = _refuse_unknown_outlets(valid, report)
            report.errors.sort(key=_where_order)
    for column in sorted(validator.unknown_columns):
        note = IGNORED_NOTES.get(column, "not a column the import knows")
        report.warnings.append(f"column {column!r} ignored: {note}")
    report.rows_valid = len(valid)
    if report.errors and not skip_invalid:
        raise ImportRefused(report)

    loader = BatchLoader(user=user, reason=f"Imported from {Path(path).name}", report=report)
    with tqdm(total=len(valid), desc="import", unit=" rows", **bar) as loaded:
        for number, start in enumerate(range(0, len(valid), batch_size), start=1):
            batch = valid[start : start + batch_size]
            counts = {name: getattr(report, name) for name in COUNTS}
            try:
                loader.load(batch)
            except Exception as error:
                for name, value in counts.items():  # the batch was rolled back
                    setattr(report, name, value)
                raise BatchFailed(number, batch[0].where, batch[-1].where, error, report) from error
            report.batches_committed += 1
            loaded.update(len(batch))
    return report
