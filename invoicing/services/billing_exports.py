"""Exports of client billing: the sales journal, the invoice list as CSV and Excel.

The sales journal (japan.md §6.1) books, for a period: every issued invoice
(売掛金 / 売上高 per tax rate; an invoice is issued at the close after the
client's 検収) and every credit note (売上値引高 / 売掛金), each on its date,
tax-inclusive with the tax as the document shows it. The receipts journal
books the money in on the bank date: 普通預金 (what arrived) and 支払手数料
(what the client deducted, typically the transfer fee we bear) / 売掛金.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from enterprise.spreadsheet import csv_lines, xlsx_append

from ..models import CreditNote, Invoice, Payment
from ..yayoi import (
    PURCHASE_TAX,
    JournalEntry,
    RateTotal,
    receipt_entry,
    sales_discount_entry,
    sales_invoice_entry,
)
from .billing import standard_rate


def _rate_totals(document) -> list[RateTotal]:
    return [
        RateTotal(Decimal(row["rate"]), row["total"], row["tax"])
        for row in document.tax_breakdown
    ]


def sales_journal_entries(
    *, first: datetime.date, last: datetime.date
) -> list[JournalEntry]:
    """The sales side of the books for ``first``..``last``, by date."""
    dated = []
    invoices = Invoice.objects.exclude(state=Invoice.State.DRAFT).filter(
        issue_date__range=(first, last)
    )
    for invoice in invoices.order_by("issue_date", "number"):
        entry = sales_invoice_entry(
            date=invoice.issue_date,
            client_name=invoice.recipient_name,
            totals=_rate_totals(invoice),
            memo=f"{invoice.number} {invoice.recipient_name}",
        )
        dated.append((invoice.issue_date, 0, entry))
    notes = CreditNote.objects.filter(issue_date__range=(first, last))
    for note in notes.order_by("issue_date", "number"):
        entry = sales_discount_entry(
            date=note.issue_date,
            client_name=note.recipient_name,
            totals=_rate_totals(note),
            memo=f"{note.number} {note.original_number}",
        )
        dated.append((note.issue_date, 1, entry))
    dated.sort(key=lambda item: (item[0], item[1]))
    return [entry for _day, _kind, entry in dated]


def receipt_journal_entries(
    *, first: datetime.date, last: datetime.date
) -> list[JournalEntry]:
    """Money received between ``first`` and ``last``, on the bank date."""
    payments = Payment.objects.filter(received_on__range=(first, last))
    return [
        receipt_entry(
            date=payment.received_on,
            client_name=payment.invoice.recipient_name,
            amount=payment.amount,
            fee=payment.discount,
            fee_tax=payment.discount_tax,
            fee_category=PURCHASE_TAX[standard_rate(payment.received_on)],
            memo=f"{payment.invoice.number} {payment.note}".strip(),
        )
        for payment in payments.select_related("invoice").order_by("received_on", "id")
    ]


# --- the invoice list ----------------------------------------------------------


def _columns() -> list[str]:
    return [
        _("Invoice number"),
        _("Issue date"),
        _("Client"),
        _("Transactions from"),
        _("Transactions to"),
        _("Amount excl. tax"),
        _("Consumption tax"),
        _("Total incl. tax"),
        pgettext("money", "Received"),
        _("Credited"),
        _("Balance"),
        _("Due date"),
        _("State"),
    ]


def _row(invoice: Invoice) -> list:
    return [
        invoice.number,
        invoice.issue_date,
        invoice.recipient_name or invoice.client.legal_name,
        invoice.period_start,
        invoice.period_end,
        invoice.subtotal,
        invoice.tax,
        invoice.total,
        invoice.paid_total + invoice.discount_total,
        invoice.credited_total,
        invoice.balance,
        invoice.due_date,
        invoice.get_state_display(),
    ]


def _text(value):
    """Dates as 2026/03/31, numbers as numbers (never escaped), None empty."""
    if isinstance(value, datetime.date):
        return value.strftime("%Y/%m/%d")
    return "" if value is None else value


def invoices_csv(invoices: QuerySet[Invoice]) -> bytes:
    """UTF-8 with a BOM, so Excel on Windows opens the Japanese correctly;
    a client name that looks like a formula stays text (spreadsheet.py)."""
    rows = [_columns(), *([_text(value) for value in _row(i)] for i in invoices)]
    return "".join(csv_lines(rows)).encode("utf-8")


def invoices_xlsx(invoices: QuerySet[Invoice]) -> bytes:
    """One sheet; amounts as numbers, dates as dates."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Invoices")
    xlsx_append(sheet, _columns())
    for invoice in invoices:
        xlsx_append(sheet, _row(invoice))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy/mm/dd"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
