import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.models import Claim
from claims.recompute import credibility_recompute


class Command(BaseCommand):
    help = (
        "Recompute the computed credibility grade and reasons of claims, in bulk. Only claims "
        "whose grade or reasons change are written (with history)."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="claim ids to recompute")
        parser.add_argument("--all", action="store_true", help="recompute every claim")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, ids, all, batch_size, **options):
        if not ids and not all:
            raise CommandError("Give claim ids, or --all.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        claim_ids = list(Claim.objects.values_list("id", flat=True)) if all else ids
        started = time.perf_counter()
        with tqdm(total=len(claim_ids), unit="claim", disable=None) as bar:
            changed = credibility_recompute(
                claim_ids=claim_ids, batch_size=batch_size, progress=bar.update
            )
        rate = len(claim_ids) / max(time.perf_counter() - started, 1e-9)
        self.stdout.write(
            f"Recomputed {len(claim_ids)} claims ({rate:,.0f} claims/s); {changed} changed."
        )
