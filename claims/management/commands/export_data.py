"""manage.py export_data FILE: everything, with history, as JSON Lines (see claims/backup.py)."""

from django.core.management.base import BaseCommand, CommandParser

from claims.backup import data_export


class Command(BaseCommand):
    help = "Write all newsroom data and its history to FILE as JSON Lines (.jsonl, .jsonl.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write: a .jsonl file, or .jsonl.gz/.bz2/.xz")

    def handle(self, *args, file: str, **options) -> None:
        if not file.endswith((".jsonl", ".jsonl.gz", ".jsonl.bz2", ".jsonl.xz")):
            self.stderr.write("The file name must end in .jsonl (or .jsonl.gz, .bz2, .xz).")
            raise SystemExit(2)
        data_export(file)
        self.stdout.write(f"Exported to {file}.")
