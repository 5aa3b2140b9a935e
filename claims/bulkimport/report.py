"""What an import did, for the command's summary and for tests."""

import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Counts, errors and timings of one import."""

    path: str = ""
    format: str = ""
    batch_size: int = 0
    rows_read: int = 0
    rows_valid: int = 0
    rows_invalid: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    batches_committed: int = 0
    claims_created: int = 0
    already_on_file: int = 0
    speakers_created: int = 0
    outlets_created: int = 0
    sources_created: int = 0
    evidence_created: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @contextmanager
    def timed(self, stage: str):
        """Add the time spent in the block to `stage`."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started

    def summary(self) -> list[str]:
        """The lines the command prints when it is done (or stopped after a failed batch)."""
        lines = [
            f"{self.path} ({self.format}): {self.rows_read:,} rows read, {self.rows_valid:,} valid"
            + (f", {self.rows_invalid:,} invalid and skipped" if self.rows_invalid else "")
            + ".",
            f"Created {self.claims_created:,} draft claims in {self.batches_committed:,} "
            f"batch(es) of up to {self.batch_size:,} rows (each batch is committed all or "
            f"nothing); {self.already_on_file:,} rows were already on file and skipped.",
            f"Also created: {self.speakers_created:,} speakers and {self.outlets_created:,} "
            f"outlets (flagged for review), {self.sources_created:,} sources, "
            f"{self.evidence_created:,} pieces of evidence. History, search index and "
            "credibility grades are up to date for everything created.",
        ]
        if self.seconds:
            spent = ", ".join(f"{k} {v:.2f} s" for k, v in self.seconds.items())
            lines.append(f"Time: {spent}.")
        return lines
