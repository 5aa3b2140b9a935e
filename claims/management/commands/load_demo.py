from django.core.management.base import BaseCommand

from claims.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo article (the June 2025 Istanbul talks) and its 15 claims. Idempotent."

    def handle(self, *args, **options):
        report = demo_load()
        if report.total == 0:
            self.stdout.write("Demo data already loaded: nothing new created.")
            return
        made = ", ".join(f"{n} {kind}" for kind, n in report.created.items() if n)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {made}."))
