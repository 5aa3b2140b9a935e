"""Print the attributed statements of an article, or of a JSONL file of articles, as JSON lines."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.intake import extract_attributions
from claims.intake.files import read_text_file

MAX_BYTES = 5 * 1024 * 1024


def read_text(path: Path) -> str:
    """Return the UTF-8 text of a file, or raise CommandError saying what is wrong with it."""
    return read_text_file(path, max_bytes=MAX_BYTES)


class Command(BaseCommand):
    help = (
        "Extract attributed statements (who said what) from an article: one JSON object per "
        "statement. With --jsonl, read one article per line ({doc_id, text}) and print one "
        "line per article ({doc_id, attributions})."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a UTF-8 text file")
        parser.add_argument("--jsonl", metavar="IN.jsonl", help="one article a line")

    def handle(self, *args, **options):
        if bool(options["file"]) == bool(options["jsonl"]):
            raise CommandError("give either FILE or --jsonl IN.jsonl")
        if options["file"]:
            for attribution in extract_attributions(read_text(Path(options["file"]))):
                self.stdout.write(json.dumps(attribution.as_dict(), ensure_ascii=False))
            return
        path = Path(options["jsonl"])
        for number, line in enumerate(read_text(path).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc_id, text = record["doc_id"], record["text"]
            except (ValueError, KeyError, TypeError) as exc:
                raise CommandError(
                    f"{path}, line {number}: expected a JSON object with doc_id and text"
                ) from exc
            if not isinstance(text, str):
                raise CommandError(f"{path}, line {number}: text is not a string")
            found = [a.as_dict() for a in extract_attributions(text)]
            out = {"doc_id": doc_id, "attributions": found}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
