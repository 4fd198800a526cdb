"""Send the outbox rows still pending (what the beat task does every 30 s)."""

from django.core.management.base import BaseCommand

from enterprise.outbox import sweep


class Command(BaseCommand):
    help = "Publish pending follow-up work to Celery and purge old sent rows."

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(
            f"sent {result.sent}, failed {result.failed}, "
            f"pending {result.pending}, purged {result.purged}"
        )
        if result.failed:
            raise SystemExit(1)
