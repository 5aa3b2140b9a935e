"""manage.py import_data FILE: restore an export_data file into an empty database."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.backup import NotEmpty, data_import


class Command(BaseCommand):
    help = "Restore an export_data file (JSON Lines, with history) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A file written by export_data")

    def handle(self, *args, file: str, **options) -> None:
        try:
            count = data_import(file)
        except NotEmpty as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Imported {count:,} objects from {file}; search index rebuilt.")
