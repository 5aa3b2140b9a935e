"""Shared set-up for the benchmark scripts: a PostgreSQL database of generated data.

Benchmarks run against their own database (default `claimtrail_bench`), never the one you work
in. They talk only to 127.0.0.1.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/claimtrail_bench"


def setup_django(database_url: str) -> None:
    """Point Django at the benchmark database, create it if needed, and migrate."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    name = database_url.rsplit("/", 1)[-1]
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
        check=False,
        capture_output=True,
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_claims(n_claims: int, seed: int = 1) -> None:
    """Generate data until the database holds at least `n_claims` claims."""
    from django.core.management import call_command

    from claims.models import Claim

    have = Claim.objects.count()
    if have >= n_claims:
        print(f"reusing {have:,} claims already in the benchmark database")
        return
    missing = n_claims - have
    started = time.perf_counter()
    call_command(
        "generate_data",
        claims=missing,
        sources=max(missing // 5, 100),
        speakers=max(missing // 20, 50),
        outlets=max(missing // 200, 20),
        seed=seed + have,
    )
    print(f"generated {missing:,} claims in {time.perf_counter() - started:.1f} s")
