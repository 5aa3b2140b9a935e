"""manage.py generate_data: add a synthetic data set to the database (see claims.datagen)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.datagen import Config, GenerationError, generate


class Command(BaseCommand):
    help = (
        "Add deterministic synthetic outlets, speakers, sources, citations, topics, claims, "
        "evidence and claim links (COPY on PostgreSQL). Ids continue after the existing ones; "
        "no history rows are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--claims", type=int, required=True, help="Number of claims.")
        parser.add_argument("--sources", type=int, required=True, help="Number of sources.")
        parser.add_argument("--speakers", type=int, required=True, help="Number of speakers.")
        parser.add_argument("--outlets", type=int, required=True, help="Number of outlets.")
        parser.add_argument("--seed", type=int, required=True, help="Seed: same seed, same data.")
        parser.add_argument(
            "--batch-size", type=int, default=20_000, help="Rows per batch and transaction."
        )
        parser.add_argument("--database", default="default", help="Database alias to write to.")
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show progress bars on stderr."
        )

    def handle(self, *args, **options) -> None:
        try:
            config = Config(
                claims=options["claims"],
                sources=options["sources"],
                speakers=options["speakers"],
                outlets=options["outlets"],
                seed=options["seed"],
                batch_size=options["batch_size"],
            )
            report = generate(
                config, using=options["database"], progress=not options["no_progress"]
            )
        except GenerationError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
