"""Synthetic data for Claimtrail: outlets, speakers, sources, citations, claims and evidence.

Used by ``manage.py generate_data``; see RowGenerator for how rows are made and writer for
how they are written. In short:

- Deterministic: the same arguments (and the same ids to start after) give the same rows.
  Every table draws from its own ``random.Random(f"{seed}/{table}")``; nothing uses Faker
  or unseeded randomness. ``iter_rows`` yields the rows without a database.
- Additive: ids continue after the largest id in each table (or its sequence), foreign keys
  are computed from those ids, and unique values (names, slugs, domains, URLs) carry the
  seed and the new row's id, so a run adds to an existing database, even with the same seed.
- Consistent with the models' constraints and normalization: match keys from
  ``sources.text.matching_key``, URLs from ``normalize_url``, ``body_sha256`` of the body,
  credibility 6 computed and effective with no override (the credibility service
  recomputes it), published_at on public claims, reasons on retractions, explanations on
  verdicts, rationales on grades other than F, no self-citations or self-links.
- Fast: PostgreSQL gets COPY through psycopg 3, other databases batched ``executemany``;
  each batch (``--batch-size`` rows) is its own transaction, and memory stays bounded
  by the batch size. Sequences are moved to the new maximum ids afterwards.
- Raw writes bypass the models' ``save()``, so no django-simple-history rows are created
  for generated data; its history starts with the first edit.

Intended for development and test databases: do not run it while others write to the
same tables (ids are computed up front).
"""

from .rows import RowGenerator
from .spec import TABLES, Config, GenerationError, TableSpec
from .writer import Report, TableReport, generate, iter_rows, last_ids, reset_sequences

__all__ = [
    "TABLES",
    "Config",
    "GenerationError",
    "Report",
    "RowGenerator",
    "TableReport",
    "TableSpec",
    "generate",
    "iter_rows",
    "last_ids",
    "reset_sequences",
]
