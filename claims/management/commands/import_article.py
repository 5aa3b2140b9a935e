"""Import an article file (text or HTML) as a source with draft claims for its statements."""

from datetime import date, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date, parse_datetime

from claims.intake.files import read_article_file
from claims.intake.importer import article_import

MAX_BYTES = 5 * 1024 * 1024  # of the file; the text itself may be at most 2 MB


def read_article(path: Path) -> str:
    """Return the text of an article file, or raise CommandError saying what is wrong with it."""
    return read_article_file(path, max_bytes=MAX_BYTES)


def parse_published(value: str | None) -> date | datetime | None:
    """Parse --published (YYYY-MM-DD or an ISO date and time)."""
    if not value:
        return None
    try:
        parsed = parse_datetime(value) or parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(f"--published: {value!r} is not a date (use YYYY-MM-DD)")
    return parsed


class Command(BaseCommand):
    help = (
        "Import an article (a UTF-8 .txt file, or .html converted to text): create its source, "
        "the outlets and speakers it names (flagged for review when new), citations to the "
        "reports it relays, and a draft claim for each attributed statement. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a UTF-8 .txt or .html file")
        parser.add_argument("--outlet", required=True, help="the outlet that published it")
        parser.add_argument("--url", default="", help="where it was published")
        parser.add_argument("--title", default="", help="its title (default: its first line)")
        parser.add_argument("--published", help="publication date, YYYY-MM-DD")
        parser.add_argument("--user", help="who imports it (default: the first superuser)")

    def _user(self, username: str | None):
        users = get_user_model().objects
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"--user: no user named {username!r}")
            return user
        user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("There is no superuser to import as; name a user with --user.")
        return user

    def handle(self, *args, **options):
        text = read_article(Path(options["file"]))
        published = parse_published(options["published"])
        user = self._user(options["user"])
        try:
            result = article_import(
                text=text,
                outlet_name=options["outlet"],
                user=user,
                url=options["url"],
                title=options["title"],
                published=published,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{user}: {exc}") from exc

        source = result.source
        state = "created" if result.source_created else "already on file"
        self.stdout.write(f"Source #{source.pk} ({state}): {source.title} [{source.outlet}]")
        for item in result.statements:
            line = f"{item.index + 1:>3}. [{item.status}] {item.speaker_name}: {item.text}"
            self.stdout.write(line)
        if not result.created_anything:
            self.stdout.write(result.summary())
        else:
            self.stdout.write(self.style.SUCCESS(result.summary()))
