"""Benchmark: `import_claims` against a raw COPY of the same rows, in the same run.

    .venv/bin/python bench/import_claims.py [--rows 100000] [--batch-size 5000] [--seed 1]

Writes N synthetic, deterministic claims as JSON Lines to a temporary file, then in one run:

(a) imports the file with the import service (what `manage.py import_claims` runs): reading,
    validation, speaker/outlet/source resolution, the claims, topics and evidence, history
    rows, search entries and credibility grades, batch by batch;
(b) COPYs the same claim rows, already prepared as tuples with their speaker and outlet ids,
    into claims_claim in one statement, and rolls that back: the floor for writing claim rows.

Prints rows/s for both, their ratio (target: the import at least half the COPY speed) and where
the import spent its time. Runs against its own PostgreSQL database (default
`claimtrail_import`, created and migrated when missing); the claims, speakers, outlets, sources
and their history and search entries are emptied first, so every run starts from the same state.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/claimtrail_import"
_VOCABULARY = (
    "talks ceasefire minister delegation agreement sanctions border troops negotiations "
    "memorandum prisoners exchange security guarantees kremlin ministry statement spokesman "
    "reported conference grain corridor energy infrastructure humanitarian aid weapons "
    "deliveries parliament election referendum budget inflation tariffs summit istanbul "
    "ankara kyiv moscow washington brussels will would not never soon next week month "
    "today officials confirmed denied warned promised expects says said reports the a of "
    "in on for with to and"
)
WORDS = _VOCABULARY.split()
TOPICS = ("negotiations", "sanctions", "energy", "humanitarian", "elections")
LANGUAGES = ("en", "en", "en", "ru", "uk", "de")
EMPTIED = (
    "search_entry",
    "claims_claim_topics",
    "claims_historicalevidence",
    "claims_evidence",
    "claims_historicalclaimlink",
    "claims_claimlink",
    "claims_historicalclaim",
    "claims_claim",
    "claims_historicalspeakeralias",
    "claims_speakeralias",
    "claims_historicalspeaker",
    "claims_speaker",
    "sources_citation",
    "sources_historicalsource",
    "sources_source",
    "sources_outletdomain",
    "sources_historicaloutlet",
    "sources_outlet",
)


def generate(path: Path, rows: int, seed: int) -> dict:
    """Write `rows` JSON Lines; return the mix, for the report."""
    rng = random.Random(seed)
    speakers = [f"Speaker {rng.choice(WORDS).title()} {n}" for n in range(2_000)]
    outlets = [f"Outlet {n}" for n in range(100)]
    with_url = with_verdict = 0
    with path.open("w", encoding="utf-8") as handle:
        for n in range(rows):
            words = [WORDS[int(rng.random() * len(WORDS))] for _ in range(12 + n % 30)]
            row = {
                "text": f"{' '.join(words).capitalize()} (statement {n}).",
                "speaker": speakers[int(rng.random() * len(speakers))],
                "outlet": outlets[int(rng.random() * len(outlets))] if n % 3 else "",
                "language": LANGUAGES[n % len(LANGUAGES)],
                "stated_on": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "quote_kind": "direct" if n % 2 else "paraphrase",
                "topics": ",".join(TOPICS[: n % 3]),
            }
            if n % 4 == 0:
                with_url += 1
                row["source_url"] = f"https://news{n % 50}.example/story/{seed}-{n}"
                row["excerpt"] = " ".join(words[:8])
            if n % 10 == 0:
                with_verdict += 1
                row["verdict"] = ("true", "false", "mixed", "mostly_true")[n % 4]
                row["verdict_explanation"] = "Checked against the official record."
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {
        "speakers": len(speakers),
        "outlets": len(outlets),
        "url": with_url,
        "verdict": with_verdict,
    }


def reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(EMPTIED)} RESTART IDENTITY CASCADE")


def prepare(rows: int, seed: int):
    """The import's user and topics."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from claims.models import Topic
    from claims.roles import EDITORS

    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench-importer", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=EDITORS))
    for slug in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
    return User.objects.get(pk=user.pk)


def raw_copy(path: Path) -> tuple[int, float]:
    """COPY the file's claim rows, prepared as tuples beforehand, into claims_claim; rolled back.

    Speakers and outlets are looked up by name (they exist after the import) before the clock
    starts: the COPY is timed alone.
    """
    from django.db import connection, transaction
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from claims.models import Claim, Speaker
    from sources.models import Outlet

    speakers = dict(Speaker.objects.values_list("name", "id"))
    outlets = dict(Outlet.objects.values_list("name", "id"))
    now = timezone.now()
    fields = [f for f in Claim._meta.concrete_fields if not f.primary_key]
    defaults = {
        "version": 1,
        "status": "draft",
        "retraction_reason": "",
        "credibility": 6,
        "credibility_computed": 6,
        "credibility_reasons": Jsonb([]),
        "support_lines": 0,
        "conflict_lines": 0,
        "credibility_override_reason": "",
        "verdict": "",
        "verdict_explanation": "",
        "created_at": now,
        "updated_at": now,
    }
    tuples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            values = {
                **defaults,
                "text": row["text"],
                "speaker_id": speakers[row["speaker"]],
                "outlet_id": outlets.get(row["outlet"]),
                "language": row["language"],
                "stated_on": row["stated_on"],
                "quote_kind": row["quote_kind"],
                "verdict": row.get("verdict", ""),
                "verdict_explanation": row.get("verdict_explanation", ""),
                "verdict_at": now if row.get("verdict") else None,
            }
            tuples.append(tuple(values.get(f.attname) for f in fields))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        with cursor.cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy:
            for values in tuples:
                copy.write_row(values)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return len(tuples), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    if "claimtrail_bench" in args.database_url:
        sys.exit("Use a database of its own (claimtrail_bench is another benchmark's).")
    setup_django(args.database_url)
    from django.db import connection

    from claims.bulkimport import claims_import

    reset()
    user = prepare(args.rows, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "claims.jsonl"
        mix = generate(path, args.rows, args.seed)
        size = path.stat().st_size
        print(
            f"{args.rows:,} rows ({size / 1e6:.1f} MB JSON Lines): {mix['speakers']:,} speaker "
            f"names, {mix['outlets']} outlet names, {mix['url']:,} rows with a source URL "
            f"(evidence + a new source each), {mix['verdict']:,} with a verdict; "
            f"PostgreSQL {connection.cursor().connection.info.server_version}"
        )
        started = time.perf_counter()
        report = claims_import(path, user=user, batch_size=args.batch_size)
        import_seconds = time.perf_counter() - started
        copied, copy_seconds = raw_copy(path)
    import_rate = report.claims_created / import_seconds
    copy_rate = copied / copy_seconds
    print(
        f"import_claims: {report.claims_created:,} claims in {import_seconds:.2f} s "
        f"({import_rate:,.0f} rows/s), batches of {args.batch_size:,}"
    )
    print(f"raw COPY:      {copied:,} claims in {copy_seconds:.2f} s ({copy_rate:,.0f} rows/s)")
    print(f"ratio: import runs at {import_rate / copy_rate:.2f} x the COPY speed (target >= 0.50)")
    search = report.seconds.get("search index", 0.0)
    print(
        f"search index alone: {report.claims_created / search:,.0f} rows/s "
        f"({report.claims_created / search / copy_rate:.2f} x COPY); the import without it: "
        f"{report.claims_created / (import_seconds - search):,.0f} rows/s "
        f"({report.claims_created / (import_seconds - search) / copy_rate:.2f} x COPY)"
    )
    spent = sorted(report.seconds.items(), key=lambda kv: -kv[1])
    print("import time by stage: " + ", ".join(
        f"{stage} {s:.2f} s ({s / import_seconds:.0%})" for stage, s in spent
    ))  # fmt: skip


if __name__ == "__main__":
    main()
