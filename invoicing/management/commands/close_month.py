"""manage.py close_month YYYY-MM"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from invoicing.services.billing_close import month_close


class Command(BaseCommand):
    help = (
        "Issue the invoices of a closing period: one per client whose closing "
        "date in that month has passed. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="the month, as YYYY-MM (e.g. 2026-03)")

    def handle(self, *args, period, **options):
        try:
            result = month_close(period=period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for number in result.issued:
            self.stdout.write(f"issued {number}")
        self.stdout.write(
            f"{period}: {len(result.issued)} invoice(s) issued, "
            f"{result.clients} client(s) due"
        )
