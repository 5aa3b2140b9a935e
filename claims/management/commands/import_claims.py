"""manage.py import_claims FILE: bulk import of claims (see claims.bulkimport, docs/import.md)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.bulkimport import (
    FORMATS,
    BatchFailed,
    ImportRefused,
    ImportReport,
    ReadError,
    claims_import,
)


class Command(BaseCommand):
    help = (
        "Import claims from JSON Lines, CSV or a ClaimReview JSON feed as draft claims. Every "
        "row is validated first; errors are reported by line. Rows are written in batches, each "
        "committed all or nothing, with history, search entries and credibility grades."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to import (.jsonl, .csv or .json).")
        parser.add_argument(
            "--user", required=True, help="Username the claims are created as (claims.add_claim)."
        )
        parser.add_argument(
            "--format", choices=FORMATS, default="auto", help="File format (default: guessed)."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5_000,
            help="Rows per batch; each batch is one transaction (default 5,000).",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and report the invalid ones (default: import nothing "
            "if any row is invalid).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar on stderr."
        )

    def _errors(self, report: ImportReport) -> None:
        for line in report.warnings:
            self.stderr.write(f"warning: {line}")
        for line in report.errors:
            self.stderr.write(line)

    def handle(self, *args, file: str, **options) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: options["user"]}).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}.")
        try:
            report = claims_import(
                Path(file),
                user=user,
                fmt=options["format"],
                batch_size=options["batch_size"],
                skip_invalid=options["skip_invalid"],
                progress=not options["no_progress"],
            )
        except (PermissionDenied, ReadError) as error:
            raise CommandError(str(error)) from error
        except ImportRefused as refused:
            self._errors(refused.report)
            raise CommandError(
                f"{refused}: {refused.report.rows_read:,} rows read, "
                f"{len(refused.report.errors):,} errors listed above. Fix them, or use "
                "--skip-invalid to import the valid rows."
            ) from refused
        except BatchFailed as failed:
            self._errors(failed.report)
            for line in failed.report.summary():
                self.stdout.write(line)
            raise CommandError(str(failed)) from failed
        self._errors(report)
        for line in report.summary():
            self.stdout.write(line)
