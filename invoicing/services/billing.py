"""Client billing: invoices, their issue, sending, payments and credit notes.

Every write runs in one transaction with the invoice row locked, checks that
the actor is finance (or a superuser; ``by=None`` is the system's nightly
close), moves the django-fsm state, writes the audit row and queues the PDF
and the mail after commit. Consumption tax is computed once per invoice per
rate and rounded once, by the client's rule (消費税法57条の4, 消費税法施行令
70条の10, NTA Q&A 問57): never per line. The month close lives in
``billing_close``, the PDFs in ``billing_documents``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise import money
from enterprise.audit import log_action
from enterprise.calendar import payment_date
from enterprise.events import publish
from enterprise.fsm import apply_transition
from enterprise.models import OperatorProfile, TaxRate
from enterprise.notify import notify
from enterprise.rates import RateNotFound, rate_on

from .. import rules
from ..models import CreditNote, CreditNoteLine, Invoice, InvoiceLine, Payment
from ..models.billing import BANK_FIELDS, PARTY_FIELDS, LineKind
from ..numbering import allocate_number, format_document_number
from .billing_numbered import numbered_last_block

CREDIT_NOTE_PREFIX = "CN"
_RATE_PLACES = Decimal("0.01")


class BillingError(ValidationError):
    """A billing rule refused the action; the message is shown to the person."""


def require(condition: bool, message: str) -> None:
    if not condition:
        raise BillingError(message)


def require_finance(by) -> None:
    """Finance and superusers only; ``None`` (the system) only where allowed."""
    if not rules.is_finance(None, by):
        raise PermissionDenied


def fiscal_year_of(day: datetime.date, start_month: int) -> int:
    """The fiscal year a date belongs to, named after the year it starts in
    (April 2026 to March 2027 is 2026 when the year starts in April)."""
    return day.year if day.month >= start_month else day.year - 1


def standard_rate(on: datetime.date) -> Decimal:
    """The standard consumption tax rate: the direction fee and extra rounds
    are crowdsourcing services, always at the standard rate (japan.md §4)."""
    return rate_on(TaxRate.Code.STANDARD, on)


def is_reduced(rate: Decimal, on: datetime.date) -> bool:
    """軽減税率対象: such lines carry the ※ mark on the document."""
    try:
        return rate == rate_on(TaxRate.Code.REDUCED, on)
    except RateNotFound:
        return False


@dataclass(frozen=True)
class LineInput:
    """One invoice line. ``amount`` is quantity × unit price in yen, tax
    excluded or included as the invoice says; tax is never computed per line."""

    description: str
    amount: int
    tax_rate: Decimal = Decimal("0.10")
    quantity: Decimal = Decimal("1")
    unit: str = "式"
    unit_price: int | None = None
    kind: str = LineKind.OTHER
    engagement_id: int | None = None


def document_amounts(lines, *, rounding: str, inclusive: bool) -> dict:
    """subtotal, tax, total and the per-rate breakdown of a document's lines,
    the tax rounded once per rate on the rate's sum (never per line)."""
    buckets = money.tax_by_rate(
        [(line.amount, line.tax_rate) for line in lines],
        rounding=rounding,
        inclusive=inclusive,
    )
    subtotal, tax, total = money.tax_totals(buckets)
    return {
        "subtotal": subtotal,
        "tax": tax,
        "total": total,
        "tax_breakdown": [
            {
                "rate": str(rate.quantize(_RATE_PLACES)),
                "base": b.base,
                "tax": b.tax,
                "total": b.total,
            }
            for rate, b in buckets.items()
        ],
    }


def _check_lines(lines) -> None:
    require(bool(lines), _("An invoice needs at least one line."))
    for line in lines:
        require(
            isinstance(line.amount, int) and line.amount >= 0,
            _("Amounts are whole yen, zero or more."),
        )
        require(bool(line.description.strip()), _("Every line needs a description."))


def _amounts(invoice: Invoice, lines: list[LineInput]) -> list[str]:
    """Set the document's totals from ``lines``; the fields set."""
    amounts = document_amounts(
        lines, rounding=invoice.tax_rounding, inclusive=invoice.tax_inclusive
    )
    for field, value in amounts.items():
        setattr(invoice, field, value)
    return list(amounts)


def _insert_lines(invoice: Invoice, lines: list[LineInput]) -> None:
    on = invoice.period_end
    written = InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=position,
            kind=line.kind,
            engagement_id=line.engagement_id,
            description=line.description,
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.amount if line.unit_price is None else line.unit_price,
            amount=line.amount,
            tax_rate=line.tax_rate,
            reduced_rate=is_reduced(line.tax_rate, on),
        )
        for position, line in enumerate(lines)
    )
    # The lines just written are the invoice's lines: ``has_lines`` (asked
    # three times on issue) answers from them instead of the database.
    # (set as prefetch_related would)
    known = invoice.lines.all()
    known._result_cache, known._prefetch_done = written, True
    if not hasattr(invoice, "_prefetched_objects_cache"):
        invoice._prefetched_objects_cache = {}
    invoice._prefetched_objects_cache["lines"] = known


def _write_lines(invoice: Invoice, lines: list[LineInput]) -> None:
    _insert_lines(invoice, lines)
    invoice.save(update_fields=_amounts(invoice, lines))


@transaction.atomic
def invoice_create(
    *,
    client,
    lines: list[LineInput],
    period_start: datetime.date,
    period_end: datetime.date,
    by,
    tax_inclusive: bool = False,
    close_period: str = "",
    worker_cost: int = 0,
    notes: str = "",
) -> Invoice:
    """A draft invoice to ``client`` for the transactions of a period.

    The tax is rounded by the client's rule. ``by`` is finance, or None for
    the system's month close. Raises BillingError (no lines, a negative
    amount, a period that ends before it starts) or PermissionDenied.
    """
    if not rules.is_finance_or_system(None, by):
        raise PermissionDenied
    _check_lines(lines)
    require(period_start <= period_end, _("The period must end on or after its start."))
    invoice = Invoice(
        client=client,
        period_start=period_start,
        period_end=period_end,
        close_period=close_period,
        tax_inclusive=tax_inclusive,
        tax_rounding=client.tax_rounding,
        worker_cost=worker_cost,
        notes=notes,
        created_by=by,
    )
    _amounts(invoice, lines)  # the totals go in with the row, not a second UPDATE
    invoice.save(force_insert=True)
    # A draft created in this transaction: the lines' guard need not read it.
    invoice.stored_draft = True
    try:
        _insert_lines(invoice, lines)
    finally:
        invoice.stored_draft = False
    log_action(
        target=invoice,
        action="invoicing.invoice.created",
        by=by,
        to_state=invoice.state,
        data={"total": invoice.total, "period": close_period},
    )
    return invoice


def _locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


def _require_draft(invoice: Invoice) -> None:
    require(
        invoice.state == Invoice.State.DRAFT,
        _(
            "Invoice %(number)s has been issued and cannot be changed. "
            "Issue a credit note, then a new invoice."
        )
        % {"number": invoice.number},
    )


@transaction.atomic
def invoice_replace_lines(*, invoice: Invoice, lines: list[LineInput], by) -> Invoice:
    """Rewrite a draft's lines and totals. Refused once the invoice is issued
    (BillingError): an issued invoice is corrected by a credit note."""
    require_finance(by)
    invoice = _locked(invoice)
    _require_draft(invoice)
    _check_lines(lines)
    invoice.lines.all().delete()
    _write_lines(invoice, lines)
    log_action(target=invoice, action="invoicing.invoice.lines_replaced", by=by)
    return invoice


@transaction.atomic
def invoice_discard(*, invoice: Invoice, by) -> None:
    """Delete a draft. An issued invoice is never deleted (BillingError)."""
    require_finance(by)
    invoice = _locked(invoice)
    _require_draft(invoice)
    log_action(target=invoice, action="invoicing.invoice.discarded", by=by)
    invoice.delete()


def _snapshot(invoice: Invoice, operator: OperatorProfile) -> tuple[str, ...]:
    """Copy issuer, recipient and bank account onto the invoice as they are now."""
    invoice.copy_parties(operator, invoice.client)
    invoice.bank_name = operator.invoice_bank_name
    invoice.bank_branch = operator.invoice_branch_name
    invoice.bank_account_type = operator.get_invoice_account_type_display()
    invoice.bank_account_number = operator.invoice_account_number
    invoice.bank_account_holder = operator.invoice_account_holder
    return (*PARTY_FIELDS, *BANK_FIELDS)


def due_date_for(client, closing_date: datetime.date) -> datetime.date:
    """The client's payment day for a period closing on ``closing_date``,
    moved off bank holidays by its rule (japan.md §7)."""
    return payment_date(
        closing_date,
        client.payment_month_offset,
        client.payment_day,
        client.holiday_rule,
    )


def invoice_issue(
    *,
    invoice: Invoice,
    by,
    issue_date: datetime.date | None = None,
    created_here: bool = False,
) -> Invoice:
    """Issue a draft: number it, copy the parties and the bank account onto
    it, fix its due date. From here it is final. The PDF is rendered by a
    task after commit.

    The number is the next of the fiscal year's gapless sequence, allocated
    last so the sequence row is locked for as short a time as possible.
    Raises PermissionDenied, or BillingError (not a draft, no lines).

    ``created_here``: ``invoice`` is the draft ``invoice_create`` returned in
    this same transaction (the month close). No other transaction can see
    the row before commit, so it is not locked and read again; the instance
    is the row (its lines known from the create), and no savepoint is taken:
    an error here rolls back the caller's block, which holds the draft too.
    """
    with transaction.atomic(savepoint=not created_here):
        if not created_here:
            invoice = (
                Invoice.objects.select_for_update()
                .select_related("client")
                .get(pk=invoice.pk)
            )
        _issue_draft(invoice, by, issue_date)
    return invoice


def _issue_draft(invoice: Invoice, by, issue_date: datetime.date | None) -> None:
    if not rules.is_finance_or_system(invoice, by):
        raise PermissionDenied
    _require_draft(invoice)
    require(invoice.has_lines(), _("An invoice needs at least one line."))
    operator = OperatorProfile.get()
    issue_date = issue_date or timezone.localdate()
    snapshot = _snapshot(invoice, operator)
    invoice.due_date = due_date_for(invoice.client, invoice.period_end)
    fiscal_year = fiscal_year_of(issue_date, operator.fiscal_year_start_month)
    if (numbered := numbered_last_block()) is not None:
        numbered.defer(invoice, by, fiscal_year, issue_date, snapshot)
        return
    n = allocate_number(kind="invoice", fiscal_year=fiscal_year)
    number = format_document_number(operator.invoice_number_prefix, fiscal_year, n)
    # Read (or created) under this transaction's lock as a draft: the final
    # document guard need not read the stored state again to save it.
    invoice.stored_draft = True
    try:
        _issue(invoice, by, number, fiscal_year, issue_date, snapshot)
    finally:
        invoice.stored_draft = False
    from ..tasks.billing import render_invoice_pdf

    render_invoice_pdf.delay_on_commit(invoice.pk)
    publish("invoice.issued", invoice)


def _issue(invoice, by, number, fiscal_year, issue_date, snapshot) -> None:
    apply_transition(
        invoice,
        "issue",
        by=by,
        action="invoicing.invoice.issued",
        data={"total": invoice.total, "number": number},
        update_fields=(
            "number",
            "fiscal_year",
            "issue_date",
            "issued_at",
            "due_date",
            *snapshot,
        ),
        number=number,
        fiscal_year=fiscal_year,
        issue_date=issue_date,
        at=timezone.now(),
    )


def _billing_recipients(invoice: Invoice) -> list:
    contacts = [c.user for c in invoice.client.contacts.select_related("user")]
    billing = SimpleNamespace(email=invoice.client.billing_contact_email)
    return [*contacts, billing]


@transaction.atomic
def invoice_send(*, invoice: Invoice, by) -> Invoice:
    """Mark an issued invoice sent and tell the client's billing contact and
    portal contacts that it is in the portal. Raises PermissionDenied or
    TransitionRefused (not issued)."""
    invoice = (
        Invoice.objects.select_for_update().select_related("client").get(pk=invoice.pk)
    )
    apply_transition(
        invoice,
        "mark_sent",
        by=by,
        action="invoicing.invoice.sent",
        update_fields=("sent_at",),
        at=timezone.now(),
    )
    notify(
        _billing_recipients(invoice),
        "invoicing/billing/mail/invoice_sent",
        {"invoice": invoice},
    )
    return invoice


def _settle_if_paid(invoice: Invoice, by) -> None:
    if invoice.balance == 0 and invoice.paid_total + invoice.discount_total > 0:
        apply_transition(
            invoice,
            "mark_paid",
            by=by,
            action="invoicing.invoice.paid",
            update_fields=("paid_at",),
            check_permission=by is not None,
            at=timezone.now(),
        )


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    by,
    amount: int,
    received_on: datetime.date,
    discount: int = 0,
    note: str = "",
    bank_fee: bool = False,
    system: bool = False,
) -> Payment:
    """Record money received; the invoice is paid when nothing is left owing.

    ``discount`` is what the client deducted (e.g. its transfer fee), booked
    as a 売上値引 at the standard rate. From ¥10,000 tax-inclusive a
    deduction needs a credit note (消費税法57条の4第3項): refused here, issue
    the credit note instead. Raises BillingError (not open for payment, more
    than the balance, nothing entered) or PermissionDenied.

    ``bank_fee``: the deduction is the transfer fee the operator bears
    (支払手数料), accepted by the bank import within its tolerance.
    ``system``: recorded by the bank import with no person (``by`` None).
    """
    if not (system and by is None):
        require_finance(by)
    invoice = _locked(invoice)
    require(
        invoice.state in (Invoice.State.ISSUED, Invoice.State.SENT),
        _("Only an issued, unpaid invoice can receive a payment."),
    )
    require(amount >= 0 and discount >= 0, _("Amounts cannot be negative."))
    require(amount + discount > 0, _("Enter the amount received."))
    require(
        amount + discount <= invoice.balance,
        _("That is more than the ¥%(balance)s still owed.")
        % {"balance": f"{invoice.balance:,}"},
    )
    discount_tax = 0
    if discount and not bank_fee:
        require(
            not money.credit_note_required(discount, on=received_on),
            _(
                "A deduction of ¥10,000 or more needs a credit note: "
                "issue one for it instead."
            ),
        )
        discount_tax = money.tax_on(
            discount,
            standard_rate(received_on),
            rounding=invoice.tax_rounding,
            inclusive=True,
        ).tax
    elif discount:
        discount_tax = money.tax_on(
            discount, standard_rate(received_on), rounding="down", inclusive=True
        ).tax
    payment = Payment.objects.create(
        invoice=invoice,
        received_on=received_on,
        amount=amount,
        discount=discount,
        discount_tax=discount_tax,
        bank_fee=bank_fee,
        note=note,
        recorded_by=by,
    )
    invoice.paid_total += amount
    invoice.discount_total += discount
    invoice.save(update_fields=["paid_total", "discount_total"])
    log_action(
        target=invoice,
        action="invoicing.invoice.payment_recorded",
        by=by,
        data={"amount": amount, "discount": discount, "received_on": str(received_on)},
    )
    _settle_if_paid(invoice, by)
    publish("payment.received", payment)
    return payment


@dataclass(frozen=True)
class CreditLineInput:
    description: str
    amount: int
    tax_rate: Decimal = Decimal("0.10")


def _check_credit_lines(invoice: Invoice, lines: list[CreditLineInput]) -> None:
    require(bool(lines), _("A credit note needs at least one line."))
    rates = {Decimal(row["rate"]) for row in invoice.tax_breakdown}
    for line in lines:
        require(
            isinstance(line.amount, int) and line.amount > 0,
            _("Credit amounts are whole yen, more than zero."),
        )
        require(bool(line.description.strip()), _("Every line needs a description."))
        require(
            line.tax_rate in rates,
            _("The original invoice has nothing at %(rate)s%%.")
            % {"rate": int(line.tax_rate * 100)},
        )


@transaction.atomic
def credit_note_issue(
    *,
    invoice: Invoice,
    by,
    lines: list[CreditLineInput],
    reason: str,
    issue_date: datetime.date | None = None,
    tax_inclusive: bool = True,
) -> CreditNote:
    """Issue a 適格返還請求書 against an issued invoice.

    Tax on the refund is rounded once per rate by the invoice's rule. The
    credit reduces what the client owes, so it cannot exceed the balance.
    Numbered from its own gapless sequence (CN-2026-000001). The PDF is
    rendered after commit. Raises BillingError or PermissionDenied.
    """
    require_finance(by)
    reason = (reason or "").strip()
    require(bool(reason), _("Please give a reason."))
    invoice = (
        Invoice.objects.select_for_update().select_related("client").get(pk=invoice.pk)
    )
    require(invoice.is_final, _("A draft invoice is corrected by editing it."))
    _check_credit_lines(invoice, lines)
    amounts = document_amounts(
        lines, rounding=invoice.tax_rounding, inclusive=tax_inclusive
    )
    require(
        amounts["total"] <= invoice.balance,
        _("The credit of ¥%(total)s is more than the ¥%(balance)s still owed.")
        % {"total": f"{amounts['total']:,}", "balance": f"{invoice.balance:,}"},
    )
    operator = OperatorProfile.get()
    issue_date = issue_date or timezone.localdate()
    note = CreditNote(
        invoice=invoice,
        client=invoice.client,
        issue_date=issue_date,
        reason=reason,
        tax_inclusive=tax_inclusive,
        tax_rounding=invoice.tax_rounding,
        original_number=invoice.number,
        original_period_start=invoice.period_start,
        original_period_end=invoice.period_end,
        created_by=by,
        **amounts,
    )
    note.copy_parties(operator, invoice.client)
    note.fiscal_year = fiscal_year_of(issue_date, operator.fiscal_year_start_month)
    n = allocate_number(kind="credit_note", fiscal_year=note.fiscal_year)
    note.number = format_document_number(CREDIT_NOTE_PREFIX, note.fiscal_year, n)
    note.save()
    CreditNoteLine.objects.bulk_create(
        CreditNoteLine(
            credit_note=note,
            position=position,
            description=line.description,
            amount=line.amount,
            tax_rate=line.tax_rate,
            reduced_rate=is_reduced(line.tax_rate, invoice.period_end),
        )
        for position, line in enumerate(lines)
    )
    invoice.credited_total += note.total
    invoice.save(update_fields=["credited_total"])
    log_action(
        target=invoice,
        action="invoicing.invoice.credited",
        by=by,
        reason=reason,
        data={"credit_note": note.number, "total": note.total},
    )
    log_action(
        target=note,
        action="invoicing.credit_note.issued",
        by=by,
        reason=reason,
        to_state="issued",
        data={"invoice": invoice.number, "total": note.total},
    )
    _settle_if_paid(invoice, by)
    from ..tasks.billing import render_credit_note_pdf

    render_credit_note_pdf.delay_on_commit(note.pk)
    return note
