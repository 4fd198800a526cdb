"""manage.py import_bank_statement FILE [--layout NAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from invoicing.bank_files import StatementError, parse_statement
from invoicing.models import BankCredit, BankCsvLayout
from invoicing.services.bank_statements import statement_create, statement_import_now


class Command(BaseCommand):
    help = (
        "Read a bank statement (Zengin 振込入金通知 or 入出金取引明細, or a "
        "bank's CSV with --layout) and match its credits to open invoices. "
        "Safe to run twice: a credit already read is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the statement file")
        parser.add_argument(
            "--layout", default="", help="name of the bank CSV layout (CSV files)"
        )

    def handle(self, *args, file, layout, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        csv_layout = None
        if layout:
            csv_layout = BankCsvLayout.objects.filter(name=layout).first()
            if csv_layout is None:
                raise CommandError(f"no bank CSV layout named {layout!r}")
        # Read the whole file before writing anything: a malformed one
        # imports nothing and names its line.
        try:
            parse_statement(data, csv_layout)
        except StatementError as error:
            raise CommandError(f"{path.name}: {error}") from None
        statement = statement_create(
            data=data, filename=path.name, by=None, layout=csv_layout
        )
        statement = statement_import_now(statement=statement)
        if statement.state == statement.State.FAILED:
            raise CommandError(f"{path.name}: {statement.error}")
        credits = BankCredit.objects.filter(statement=statement)
        matched = credits.filter(state=BankCredit.State.MATCHED).count()
        unmatched = credits.filter(state=BankCredit.State.UNMATCHED).count()
        self.stdout.write(f"matched {matched}, unmatched {unmatched}")
