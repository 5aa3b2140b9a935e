"""manage.py rebuild_search_index: rebuild the full-text search index, set-based."""

import time

from django.core.management.base import BaseCommand, CommandParser

from sources.search import rebuild
from sources.search.registry import document_types


class Command(BaseCommand):
    help = (
        "Rebuild the search index of claims, sources, speakers and outlets in one transaction "
        "(INSERT ... SELECT per range of ids, with a progress bar)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            choices=[t.kind for t in document_types()],
            help="Rebuild only this kind (repeatable). Default: every kind.",
        )
        parser.add_argument("--database", default="default", help="Database alias.")
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show progress bars on stderr."
        )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        counts = rebuild(
            kinds=options["kind"],
            using=options["database"],
            progress=not options["no_progress"],
            progress_file=self.stderr._out,
        )
        seconds = time.perf_counter() - started
        for kind, rows in counts.items():
            self.stdout.write(f"{kind}: {rows} documents")
        total = sum(counts.values())
        self.stdout.write(
            f"total: {total} documents in {seconds:.1f} s ({total / max(seconds, 1e-9):,.0f}/s)"
        )
