"""manage.py dunning_run [--date YYYY-MM-DD]"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from invoicing.services.receivables import dunning_run


class Command(BaseCommand):
    help = (
        "Write and mail the payment reminders (督促) that are due: one per "
        "invoice and step, never twice, none once the invoice is paid."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", default="", help="today, as YYYY-MM-DD")

    def handle(self, *args, date, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"not a date: {date!r}") from None
        letters = dunning_run(today=today)
        for letter in letters:
            self.stdout.write(f"reminded {letter.invoice.number} ({letter.step})")
        self.stdout.write(f"{len(letters)} reminder(s)")
