"""Client billing: qualified invoices (適格請求書), payments, credit notes
(適格返還請求書) and the month-close runs that issue the invoices.

An issued invoice or credit note is a snapshot: the issuer's and the
recipient's names, addresses and registration numbers are copied onto it, and
its amounts, lines and PDF never change afterwards (a correction is a credit
note, then a new invoice). Three layers refuse a change: the services, the
model (``save``/``delete`` and the queryset's ``update``/``delete`` below)
and, on PostgreSQL, triggers (migration 0003).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from enterprise.money import format_yen
from enterprise.runs import RunItem, RunMixin

from .. import rules


class FinalDocumentError(ValidationError):
    """An issued document's amounts, lines or PDF were about to change."""


class InvoiceState(models.TextChoices):
    # A context: other apps translate "Issued" or "Paid" for their own states.
    DRAFT = "draft", pgettext_lazy("invoice state", "Draft")
    ISSUED = "issued", pgettext_lazy("invoice state", "Issued")
    SENT = "sent", pgettext_lazy("invoice state", "Sent")
    PAID = "paid", pgettext_lazy("invoice state", "Paid")


class LineKind(models.TextChoices):
    WORK = "work", _("Work")
    DIRECTION_FEE = "direction_fee", _("Direction fee")
    EXTRA_ROUNDS = "extra_rounds", _("Extra revision rounds")
    HOURS = "hours", _("Hours worked")
    MILESTONE = "milestone", _("Milestone")
    MONTHLY = "monthly", _("Monthly fixed fee")
    CANCELLATION = "cancellation", _("Work approved before cancellation")
    OTHER = "other", _("Other")


# Copied from the operator and the client when a document is issued.
PARTY_FIELDS = (
    "issuer_name",
    "issuer_registration_number",
    "issuer_postal_code",
    "issuer_address",
    "issuer_phone",
    "recipient_name",
    "recipient_registration_number",
    "recipient_postal_code",
    "recipient_address",
    "recipient_department",
)
BANK_FIELDS = (
    "bank_name",
    "bank_branch",
    "bank_account_type",
    "bank_account_number",
    "bank_account_holder",
)
# The columns of an issued invoice that never change (the trigger in migration
# 0003 lists the same ones: change both together). The PDF may be stored once.
INVOICE_FINAL_FIELDS = (
    "number",
    "fiscal_year",
    "client",
    "close_period",
    "issue_date",
    "period_start",
    "period_end",
    "due_date",
    "tax_inclusive",
    "tax_rounding",
    "subtotal",
    "tax",
    "total",
    "tax_breakdown",
    "worker_cost",
    "notes",
    *PARTY_FIELDS,
    *BANK_FIELDS,
)
PDF_FIELDS = ("pdf", "pdf_sha256")


def _final_error(document) -> FinalDocumentError:
    return FinalDocumentError(
        gettext(
            "%(document)s has been issued and cannot be changed. "
            "Issue a credit note instead."
        )
        % {"document": document}
    )


class InvoiceQuerySet(models.QuerySet):
    """Bulk ``update``/``delete`` refuse to touch issued rows too, so the guard
    holds on SQLite as well, where there is no trigger."""

    def _issued(self):
        return self.exclude(state=InvoiceState.DRAFT)

    def update(self, **kwargs):
        touched = set(kwargs) & {*INVOICE_FINAL_FIELDS, *PDF_FIELDS}
        if touched and self._issued().exists():
            raise FinalDocumentError(gettext("Issued documents cannot be changed."))
        return super().update(**kwargs)

    def delete(self):
        if self._issued().exists():
            raise FinalDocumentError(gettext("Issued documents cannot be deleted."))
        return super().delete()


class PartySnapshot(models.Model):
    """The issuer and recipient as they were when the document was issued."""

    issuer_name = models.CharField(_("issuer"), max_length=200, blank=True)
    issuer_registration_number = models.CharField(
        _("issuer registration number"), max_length=14, blank=True
    )
    issuer_postal_code = models.CharField(
        _("issuer postal code"), max_length=8, blank=True
    )
    issuer_address = models.CharField(_("issuer address"), max_length=300, blank=True)
    issuer_phone = models.CharField(_("issuer phone"), max_length=20, blank=True)
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    recipient_registration_number = models.CharField(
        _("recipient registration number"), max_length=14, blank=True
    )
    recipient_postal_code = models.CharField(
        _("recipient postal code"), max_length=8, blank=True
    )
    recipient_address = models.CharField(
        _("recipient address"), max_length=300, blank=True
    )
    recipient_department = models.CharField(
        _("recipient department"), max_length=100, blank=True
    )

    class Meta:
        abstract = True

    def copy_parties(self, operator, client) -> None:
        self.issuer_name = operator.legal_name
        self.issuer_registration_number = operator.registration_number
        self.issuer_postal_code = operator.postal_code
        self.issuer_address = operator.address
        self.issuer_phone = operator.phone
        self.recipient_name = client.legal_name
        self.recipient_registration_number = client.registration_number
        self.recipient_postal_code = client.postal_code
        self.recipient_address = client.address
        self.recipient_department = client.billing_contact_department


class TaxFigures(models.Model):
    """Per-rate totals, tax rounded once per rate (消費税法57条の4)."""

    tax_inclusive = models.BooleanField(_("amounts include tax"), default=False)
    tax_rounding = models.CharField(_("tax rounding"), max_length=10, default="down")
    subtotal = models.PositiveBigIntegerField(_("amount excl. tax"), default=0)
    tax = models.PositiveBigIntegerField(_("consumption tax"), default=0)
    total = models.PositiveBigIntegerField(_("total incl. tax"), default=0)
    # [{"rate": "0.10", "base": 278910, "tax": 27891, "total": 306801}, ...]
    tax_breakdown = models.JSONField(_("tax by rate"), default=list, blank=True)

    class Meta:
        abstract = True

    @property
    def tax_rows(self) -> list[dict]:
        """The per-rate buckets with the rate as a Decimal and as a percentage."""
        rows = []
        for row in self.tax_breakdown:
            rate = Decimal(row["rate"])
            rows.append({**row, "rate": rate, "percent": int(rate * 100)})
        return rows


class Invoice(FSMModelMixin, PartySnapshot, TaxFigures):
    """A qualified invoice (適格請求書) to one client for one period."""

    State = InvoiceState

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    number = models.CharField(_("invoice number"), max_length=40, blank=True)
    fiscal_year = models.PositiveIntegerField(_("fiscal year"), null=True, blank=True)
    state = FSMField(
        _("state"),
        default=InvoiceState.DRAFT,
        choices=InvoiceState.choices,
        protected=True,
        db_index=True,
    )
    # "2026-03" on an invoice the month close issued (one per client and
    # period); blank on an invoice written by hand.
    close_period = models.CharField(_("closing period"), max_length=7, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    period_start = models.DateField(_("transactions from"))
    period_end = models.DateField(_("transactions to"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # The workers' rewards behind the billed engagements: the margin is
    # total − worker_cost. Shown to finance only, never printed.
    worker_cost = models.PositiveBigIntegerField(_("worker cost"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=50, blank=True)
    bank_branch = models.CharField(_("branch"), max_length=50, blank=True)
    bank_account_type = models.CharField(_("account type"), max_length=20, blank=True)
    bank_account_number = models.CharField(
        _("account number"), max_length=7, blank=True
    )
    bank_account_holder = models.CharField(
        _("account holder"), max_length=100, blank=True
    )
    paid_total = models.PositiveBigIntegerField(_("received"), default=0)
    discount_total = models.PositiveBigIntegerField(
        _("deducted by the client"), default=0
    )
    credited_total = models.PositiveBigIntegerField(_("credited"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="invoices/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-number", "-id"]
        indexes = [
            models.Index(fields=["issue_date", "total"]),
            models.Index(fields=["client", "issue_date"]),
            models.Index(fields=["state", "due_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="invoicing_invoice_number_unique",
            ),
            # The month close issues at most one invoice per client and period,
            # however many closes run at once.
            models.UniqueConstraint(
                fields=["client", "close_period"],
                condition=~Q(close_period=""),
                name="invoicing_invoice_one_per_client_period",
            ),
            models.CheckConstraint(
                condition=Q(state=InvoiceState.DRAFT)
                | (~Q(number="") & Q(issue_date__isnull=False)),
                name="invoicing_invoice_issued_has_number",
            ),
            models.CheckConstraint(
                condition=Q(total=models.F("subtotal") + models.F("tax")),
                name="invoicing_invoice_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(
                    total__gte=models.F("paid_total")
                    + models.F("discount_total")
                    + models.F("credited_total")
                ),
                name="invoicing_invoice_not_overpaid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=InvoiceState.values),
                name="invoicing_invoice_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="invoicing_invoice_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return self.number
        return gettext("Draft invoice %(id)s") % {"id": self.pk}

    # The guard: an issued invoice is final.
    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self._refuse_final_change(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).values_list("state", flat=True)
        if self.is_final or any(s != InvoiceState.DRAFT for s in stored):
            raise _final_error(self)
        return super().delete(*args, **kwargs)

    @property
    def is_final(self) -> bool:
        return self.state != InvoiceState.DRAFT

    # Set by a service that holds this row's lock and has seen it a draft
    # (invoice_issue): the stored state is known, not read again.
    stored_draft = False

    def _refuse_final_change(self, update_fields) -> None:
        if self.stored_draft:
            return
        watched = (*INVOICE_FINAL_FIELDS, *PDF_FIELDS)
        if update_fields is not None and not set(update_fields) & set(watched):
            return
        columns = [self._meta.get_field(name).attname for name in watched]
        stored = type(self).objects.filter(pk=self.pk).values("state", *columns).first()
        if stored is None or stored["state"] == InvoiceState.DRAFT:
            return
        changed = [c for c in columns if stored[c] != _db_value(self, c)]
        pdf_once = not stored["pdf_sha256"] and set(changed) <= set(PDF_FIELDS)
        if changed and not pdf_once:
            raise _final_error(self)

    # --- money ---------------------------------------------------------------

    @property
    def balance(self) -> int:
        """What the client still owes: total less payments, deductions, credits."""
        return self.total - self.paid_total - self.discount_total - self.credited_total

    # --- transitions: bodies only set fields ---------------------------------

    def has_lines(self) -> bool:
        return self.pk is not None and self.lines.exists()

    @transition(
        state,
        source=InvoiceState.DRAFT,
        target=InvoiceState.ISSUED,
        conditions=[has_lines],
        permission=rules.is_finance_or_system,
    )
    def issue(self, *, number, fiscal_year, issue_date, at):
        self.number, self.fiscal_year = number, fiscal_year
        self.issue_date, self.issued_at = issue_date, at

    @transition(
        state,
        source=InvoiceState.ISSUED,
        target=InvoiceState.SENT,
        permission=rules.is_finance_or_system,
    )
    def mark_sent(self, *, at):
        self.sent_at = at

    @transition(
        state,
        source=[InvoiceState.ISSUED, InvoiceState.SENT],
        target=InvoiceState.PAID,
        permission=rules.is_finance,
    )
    def mark_paid(self, *, at):
        self.paid_at = at


def _db_value(instance, attname: str):
    value = getattr(instance, attname)
    if hasattr(value, "name") and attname in PDF_FIELDS:  # a FieldFile
        return value.name or ""
    return value


class InvoiceLineQuerySet(models.QuerySet):
    def _touches_final(self) -> bool:
        return self.exclude(invoice__state=InvoiceState.DRAFT).exists()

    def update(self, **kwargs):
        if self._touches_final():
            raise FinalDocumentError(gettext("Issued documents cannot be changed."))
        return super().update(**kwargs)

    def delete(self):
        if self._touches_final():
            raise FinalDocumentError(gettext("Issued documents cannot be deleted."))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        cached = InvoiceLine.invoice.field.is_cached
        invoice_ids = {
            obj.invoice_id
            for obj in objs  # a draft its service holds (Invoice.stored_draft)
            if not (cached(obj) and obj.invoice.stored_draft)
        }
        if (
            Invoice.objects.filter(pk__in=invoice_ids)
            .exclude(state=InvoiceState.DRAFT)
            .exists()
        ):
            raise FinalDocumentError(gettext("Issued documents cannot be changed."))
        return super().bulk_create(objs, *args, **kwargs)


class InvoiceLine(models.Model):
    """One line of an invoice: an engagement, a quote line, the direction fee
    or extra revision rounds. ``amount`` is exclusive or inclusive of tax as
    the invoice says (``Invoice.tax_inclusive``); tax is never per line."""

    Kind = LineKind

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=LineKind.choices, default=LineKind.OTHER
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoice_lines",
    )
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, default=Decimal("1")
    )
    unit = models.CharField(_("unit"), max_length=20, default="式")
    unit_price = models.PositiveBigIntegerField(_("unit price"))
    amount = models.PositiveBigIntegerField(_("amount"))
    tax_rate = models.DecimalField(
        _("tax rate"), max_digits=4, decimal_places=3, default=Decimal("0.10")
    )
    # 軽減税率対象: printed with ※ and the legend (消費税法57条の4第1項三).
    reduced_rate = models.BooleanField(_("reduced rate"), default=False)

    objects = InvoiceLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position", "id"]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs):
        ids = {self.invoice_id}
        if self.pk is not None and not self._state.adding:
            ids |= set(
                InvoiceLine.objects.filter(pk=self.pk).values_list(
                    "invoice_id", flat=True
                )
            )
        if any(_invoice_is_final(i) for i in ids):
            raise _final_error(self.invoice)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _invoice_is_final(self.invoice_id):
            raise _final_error(self.invoice)
        return super().delete(*args, **kwargs)

    @property
    def percent(self) -> int:
        return int(self.tax_rate * 100)


def _invoice_is_final(invoice_id) -> bool:
    states = Invoice.objects.filter(pk=invoice_id).values_list("state", flat=True)
    return any(s != InvoiceState.DRAFT for s in states)


class BilledTimesheet(models.Model):
    """An approved week of hourly work billed to the client at its hourly
    rate: the invoice it went on. The unique week keeps a second close from
    billing it twice."""

    timesheet = models.OneToOneField(
        "engagements.WeeklyTimesheet", on_delete=models.PROTECT, related_name="billing"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="billed_timesheets"
    )

    class Meta:
        verbose_name = _("billed week")
        verbose_name_plural = _("billed weeks")

    def __str__(self) -> str:
        return f"{self.timesheet_id} → {self.invoice_id}"


class Payment(models.Model):
    """Money received against an invoice; several make a partial payment.

    ``discount`` is what the client deducted instead of paying (typically the
    bank transfer fee): a 売上値引 in the books, with no credit note needed
    under ¥10,000 tax-inclusive (消費税法57条の4第3項, japan.md §1.4 CN2).
    """

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments"
    )
    received_on = models.DateField(_("received on"))
    amount = models.PositiveBigIntegerField(_("amount received"))
    discount = models.PositiveBigIntegerField(_("deducted by the client"), default=0)
    discount_tax = models.PositiveBigIntegerField(_("tax in the deduction"), default=0)
    # The shortfall a bank import accepted as the client's transfer fee: the
    # operator bears it, so the journal books it as 支払手数料 (a cost), not
    # as a 売上値引 the client was given.
    bank_fee = models.BooleanField(_("transfer fee borne by us"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["invoice", "received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(discount__gt=0),
                name="invoicing_payment_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(discount_tax__lte=models.F("discount")),
                name="invoicing_payment_discount_tax_within",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} {self.received_on} {format_yen(self.amount)}"


# A credit note is issued on creation (there is no draft), so every row is final.
CREDIT_NOTE_FINAL_FIELDS = (
    "number",
    "fiscal_year",
    "invoice",
    "client",
    "issue_date",
    "reason",
    "tax_inclusive",
    "tax_rounding",
    "subtotal",
    "tax",
    "total",
    "tax_breakdown",
    *PARTY_FIELDS,
    "original_number",
    "original_period_start",
    "original_period_end",
)


class CreditNoteQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if set(kwargs) & {*CREDIT_NOTE_FINAL_FIELDS, *PDF_FIELDS}:
            raise FinalDocumentError(gettext("Issued documents cannot be changed."))
        return super().update(**kwargs)

    def delete(self):
        if self.exists():
            raise FinalDocumentError(gettext("Issued documents cannot be deleted."))
        return super().delete()


class CreditNote(PartySnapshot, TaxFigures):
    """A 適格返還請求書 against one invoice: a refund or a price reduction.

    Carries the items of 消費税法57条の4第3項: issuer and registration number,
    the refund date and the original sale's dates, the original description,
    the refund per rate and the tax on it per rate.
    """

    invoice = models.ForeignKey(
        Invoice,
        verbose_name=_("invoice"),
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    number = models.CharField(_("credit note number"), max_length=40, unique=True)
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    issue_date = models.DateField(_("refund date"))
    reason = models.TextField(_("reason"))
    original_number = models.CharField(_("original invoice"), max_length=40)
    original_period_start = models.DateField(_("original sale from"))
    original_period_end = models.DateField(_("original sale to"))
    pdf = models.FileField(_("PDF"), upload_to="credit-notes/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CreditNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["-issue_date", "-number"]
        indexes = [models.Index(fields=["issue_date", "total"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("subtotal") + models.F("tax")),
                name="invoicing_creditnote_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(total__gt=0), name="invoicing_creditnote_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self._refuse_change(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _refuse_change(self, update_fields) -> None:
        # Only the PDF may be written, and only once.
        if update_fields is None or set(update_fields) - set(PDF_FIELDS):
            raise _final_error(self)
        stored = CreditNote.objects.filter(pk=self.pk).values_list(
            "pdf_sha256", flat=True
        )
        if any(stored):
            raise _final_error(self)

    def delete(self, *args, **kwargs):
        raise _final_error(self)


class CreditNoteLine(models.Model):
    credit_note = models.ForeignKey(
        CreditNote, on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=200)
    amount = models.PositiveBigIntegerField(_("amount"))
    tax_rate = models.DecimalField(
        _("tax rate"), max_digits=4, decimal_places=3, default=Decimal("0.10")
    )
    reduced_rate = models.BooleanField(_("reduced rate"), default=False)

    class Meta:
        verbose_name = _("credit note line")
        verbose_name_plural = _("credit note lines")
        ordering = ["credit_note", "position", "id"]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _final_error(self.credit_note)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _final_error(self.credit_note)

    @property
    def percent(self) -> int:
        return int(self.tax_rate * 100)


class MonthCloseRun(RunMixin, models.Model):
    """One month close started from the finance screen: a run
    (``enterprise.runs``) with one item per client to close, so a close
    whose worker was killed resumes where it stopped."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("month close state", "Queued")
        RUNNING = "running", pgettext_lazy("month close state", "Running")
        DONE = "done", pgettext_lazy("month close state", "Done")
        FAILED = "failed", pgettext_lazy("month close state", "Failed")

    period = models.CharField(_("period"), max_length=7)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    total = models.PositiveIntegerField(_("clients"), default=0)
    done = models.PositiveIntegerField(_("clients closed"), default=0)
    issued = models.PositiveIntegerField(_("invoices issued"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The client of an early close (臨時締め); empty for the month close of all.
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last progress"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("month close")
        verbose_name_plural = _("month closes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period} ({self.get_state_display()})"


class MonthCloseItem(RunItem):
    """One client of a month close run; ``result`` is its invoice number."""

    run = models.ForeignKey(
        MonthCloseRun, on_delete=models.CASCADE, related_name="items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="month_close_item_once")
        ]
        indexes = [models.Index(fields=["run", "done_at"])]
