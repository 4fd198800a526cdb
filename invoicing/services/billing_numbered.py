"""Invoices numbered last (issue 15): inside ``numbered_last()``,
``invoice_issue`` checks a draft and copies its parties but numbers and
issues it only at ``issue_all()``, which the block's owner calls last in its
transaction. A month-close chunk issues fifty invoices and takes the
sequence's lock once, for the few ms before its commit, instead of once per
client until each client's commit: two workers closing in parallel waited on
it. Whatever quotes an invoice's number before ``issue_all`` (audit rows kept
by ``enterprise.audit.deferred``, a run item's result) holds a placeholder
and is put right with the numbers ``issue_all`` returns."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from enterprise.events import publish
from enterprise.models import OperatorProfile

from ..models import Invoice
from ..numbering import allocate_numbers, format_document_number

UNNUMBERED = "INV-TMP-"  # + 32 hex: an invoice issued in numbered_last()


@dataclass
class _Deferred:
    invoice: Invoice
    by: object
    fiscal_year: int
    issue_date: datetime.date
    snapshot: tuple[str, ...]


class NumberedLast:
    """The drafts ``invoice_issue`` was asked to issue inside the block:
    checked, with their parties copied, but still drafts under a placeholder
    number (in memory only) until ``issue_all``."""

    def __init__(self):
        self.pending: list[_Deferred] = []

    def defer(self, invoice, by, fiscal_year, issue_date, snapshot) -> None:
        invoice.number = f"{UNNUMBERED}{uuid.uuid4().hex}"
        self.pending.append(_Deferred(invoice, by, fiscal_year, issue_date, snapshot))

    def issue_all(self) -> dict[str, str]:
        """Number and issue the pending drafts in the order they came, one
        block of numbers (one lock on the sequence, held to the commit) per
        fiscal year, then queue their PDFs and tell the subscribers. Returns
        each placeholder's number."""
        from ..tasks.billing import render_invoice_pdf
        from .billing import _issue

        prefix = OperatorProfile.get().invoice_number_prefix
        numbers: dict[str, str] = {}
        for year in sorted({entry.fiscal_year for entry in self.pending}):
            drafts = [e.invoice for e in self.pending if e.fiscal_year == year]
            block = allocate_numbers(
                kind="invoice", fiscal_year=year, count=len(drafts)
            )
            for invoice, n in zip(drafts, block, strict=True):
                numbers[invoice.number] = format_document_number(prefix, year, n)
        for entry in self.pending:
            invoice = entry.invoice
            invoice.stored_draft = True  # a draft this transaction created
            try:
                _issue(
                    invoice, entry.by, numbers[invoice.number], entry.fiscal_year,
                    entry.issue_date, entry.snapshot,
                )  # fmt: skip
            finally:
                invoice.stored_draft = False
        for entry in self.pending:
            render_invoice_pdf.delay_on_commit(entry.invoice.pk)
            publish("invoice.issued", entry.invoice)
        return numbers


_NUMBERED_LAST: ContextVar[NumberedLast | None] = ContextVar(
    "invoices_numbered_last", default=None
)


def numbered_last_block() -> NumberedLast | None:
    """The ``numbered_last()`` block the caller is in, if any."""
    return _NUMBERED_LAST.get()


@contextmanager
def numbered_last() -> Iterator[NumberedLast]:
    """The block (see the module): ``invoice_issue`` defers to it."""
    numbered = NumberedLast()
    token = _NUMBERED_LAST.set(numbered)
    try:
        yield numbered
    finally:
        _NUMBERED_LAST.reset(token)
