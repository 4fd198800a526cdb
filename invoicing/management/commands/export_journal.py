"""manage.py export_journal --period YYYY-MM --format yayoi -o FILE"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from enterprise.calendar import month_end
from invoicing.journals import JOURNAL_FORMATS, JOURNAL_SOURCES, write_journal
from invoicing.services.billing_close import parse_period
from invoicing.yayoi import YayoiError


class Command(BaseCommand):
    help = (
        "Write a month's journal for the accounting software: sales (invoices, "
        "credit notes, deductions) and every other registered source."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument(
            "--format", dest="fmt", default="yayoi", choices=sorted(JOURNAL_FORMATS)
        )
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument(
            "--source",
            action="append",
            choices=sorted(JOURNAL_SOURCES),
            help="only this source (repeatable); default: all",
        )

    def handle(self, *args, period, fmt, output, source, **options):
        try:
            year, month = parse_period(period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        first, last = month_end(year, month).replace(day=1), month_end(year, month)
        path = Path(output)
        try:
            with path.open("wb") as out:
                counts = write_journal(out, first, last, fmt=fmt, sources=source)
        except YayoiError as error:
            path.unlink(missing_ok=True)  # no half-written journal left behind
            raise CommandError(str(error)) from None
        detail = ", ".join(f"{name} {n}" for name, n in counts.items())
        self.stdout.write(
            f"{period}: wrote {sum(counts.values())} entries ({detail}) to {output}"
        )
