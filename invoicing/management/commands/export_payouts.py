"""manage.py export_payouts --pay-date YYYY-MM-DD --format zengin -o FILE
manage.py export_payouts --list-dates"""

import datetime
import os
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from enterprise.money import format_yen
from invoicing.services.payouts.exports import payout_dates, zengin_export

FORMATS = ("zengin",)


class Command(BaseCommand):
    help = (
        "Write the bank transfer file (全銀 総合振込) of a pay date's unpaid "
        "payout statements, or list the pay dates that have payouts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pay-date", help="YYYY-MM-DD")
        parser.add_argument("--format", dest="fmt", default="zengin", choices=FORMATS)
        parser.add_argument("-o", "--output", help="the file to write")
        parser.add_argument(
            "--list-dates", action="store_true", help="print the pay dates, one a line"
        )

    def handle(self, *args, pay_date, fmt, output, list_dates, **options):
        if list_dates:
            for row in payout_dates():
                self.stdout.write(
                    f"{row['pay_date']:%Y-%m-%d}\tstatements {row['statements']}"
                    f"\tunpaid {row['unpaid']}\tnet {format_yen(row['net'])}"
                    f"\tscheduled {row['scheduled']}\theld {row['held']}"
                )
            return
        if not pay_date or not output:
            raise CommandError(
                "give --pay-date YYYY-MM-DD and -o FILE (or --list-dates)"
            )
        try:
            day = datetime.date.fromisoformat(pay_date)
        except ValueError:
            raise CommandError(f"--pay-date {pay_date!r} is not YYYY-MM-DD") from None
        try:
            export = zengin_export(pay_date=day, by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        content = export.content
        _write_whole(Path(output), content)
        for who, reason in export.held:
            self.stderr.write(f"held {who}: {reason}")
        records = content.count(b"\r\n")
        self.stdout.write(
            f"{day:%Y-%m-%d}: wrote {records - 3} transfers "
            f"({len(content):,} bytes, {fmt}) to {output}"
        )


def _write_whole(path: Path, content: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place, so
    a failure never leaves a half-written transfer file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=".payouts-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
