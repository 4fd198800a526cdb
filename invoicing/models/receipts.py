"""Money coming in (入金消込) and what is owed (売掛金): bank statements read
from the bank's files, their credit lines matched to open invoices, the
payer names finance has taught, and the dunning steps and letters (督促).

A statement is also the run that imports it (``enterprise.runs``): the plan
parses the file and writes its credit lines (all or nothing), then each line
is matched in its own transaction. A credit line is identified by the bank's
照会番号 and its 勘定日, so a file read twice adds nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from enterprise.runs import RunItem, RunMixin

from .. import rules
from .billing import FinalDocumentError, Invoice, Payment


class ReceivablesSettings(models.Model):
    """The operator's settings for receipts and reminders (one row)."""

    # A client that pays up to this much less than it owes has deducted the
    # transfer fee: the operator bears it (支払手数料) and the invoice is paid.
    fee_tolerance = models.PositiveIntegerField(
        _("transfer fee tolerance (yen)"), default=880
    )

    class Meta:
        verbose_name = _("receivables settings")
        verbose_name_plural = _("receivables settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> ReceivablesSettings:
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class BankCsvLayout(models.Model):
    """Where one bank's CSV statement keeps each item (1-based columns;
    0 = the bank does not give it)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    encoding = models.CharField(_("encoding"), max_length=20, default="cp932")
    header_rows = models.PositiveSmallIntegerField(_("heading rows"), default=1)
    date_column = models.PositiveSmallIntegerField(_("date column"))
    date_format = models.CharField(_("date format"), max_length=20, default="%Y/%m/%d")
    amount_column = models.PositiveSmallIntegerField(_("credit amount column"))
    payer_column = models.PositiveSmallIntegerField(_("payer column"))
    reference_column = models.PositiveSmallIntegerField(
        _("reference number column"), default=0
    )
    edi_column = models.PositiveSmallIntegerField(_("EDI column"), default=0)

    class Meta:
        verbose_name = _("bank CSV layout")
        verbose_name_plural = _("bank CSV layouts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StatementFormat(models.TextChoices):
    ZENGIN = "zengin", _("Zengin (200 bytes)")
    CSV = "csv", _("Bank CSV")


class BankStatement(RunMixin, models.Model):
    """One uploaded (or command-line) statement file and its import run."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import state", "Queued")
        RUNNING = "running", pgettext_lazy("import state", "Running")
        DONE = "done", pgettext_lazy("import state", "Done")
        FAILED = "failed", pgettext_lazy("import state", "Failed")

    Format = StatementFormat

    file = models.FileField(_("file"), upload_to="bank-statements/%Y/")
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    format = models.CharField(
        _("format"), max_length=10, choices=StatementFormat.choices
    )
    csv_layout = models.ForeignKey(
        BankCsvLayout, null=True, blank=True, on_delete=models.PROTECT
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    total = models.PositiveIntegerField(_("credits"), default=0)
    done = models.PositiveIntegerField(_("credits read"), default=0)
    issued = models.PositiveIntegerField(_("matched"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last progress"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class BankStatementItem(RunItem):
    """One credit line of a statement's run (``key`` is the line's id)."""

    run = models.ForeignKey(
        BankStatement, on_delete=models.CASCADE, related_name="items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="bank_item_once")
        ]


class CreditState(models.TextChoices):
    UNMATCHED = "unmatched", pgettext_lazy("bank credit state", "Unmatched")
    MATCHED = "matched", pgettext_lazy("bank credit state", "Matched")


class BankCredit(FSMModelMixin, models.Model):
    """Money in, as the bank reported it: one credit line of a statement."""

    State = CreditState

    statement = models.ForeignKey(
        BankStatement, on_delete=models.PROTECT, related_name="credits"
    )
    reference = models.CharField(_("reference number"), max_length=40)
    booked_on = models.DateField(_("booking date"))
    amount = models.PositiveBigIntegerField(_("amount"))
    payer_name = models.CharField(_("payer"), max_length=60, blank=True)
    payer_key = models.CharField(_("payer (normalised)"), max_length=60, blank=True)
    edi = models.CharField(_("EDI information"), max_length=40, blank=True)
    state = FSMField(
        _("state"),
        default=CreditState.UNMATCHED,
        choices=CreditState.choices,
        protected=True,
        db_index=True,
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bank_credits",
    )
    # Paid beyond every open invoice of the client: held (仮受金) until
    # refunded or set against the next invoice.
    unapplied = models.PositiveBigIntegerField(_("not applied"), default=0)
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bank credit")
        verbose_name_plural = _("bank credits")
        ordering = ["booked_on", "reference", "id"]
        constraints = [
            # 照会番号 + 勘定日 identify a line: a second import adds nothing.
            models.UniqueConstraint(
                fields=["reference", "booked_on"], name="invoicing_bank_credit_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="invoicing_bank_credit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.payer_name} ¥{self.amount:,}"

    @transition(
        state,
        source=CreditState.UNMATCHED,
        target=CreditState.MATCHED,
        permission=rules.is_finance_or_system,
    )
    def match(self, *, client, unapplied: int, matcher, at):
        self.client, self.unapplied = client, unapplied
        self.matched_by, self.matched_at = matcher, at


class CreditPayment(models.Model):
    """Which payment a bank credit became (one credit may pay several invoices)."""

    credit = models.ForeignKey(
        BankCredit, on_delete=models.PROTECT, related_name="allocations"
    )
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="bank_credit_link"
    )

    class Meta:
        verbose_name = _("bank credit payment")
        verbose_name_plural = _("bank credit payments")

    def __str__(self) -> str:
        return f"{self.credit_id} → {self.payment_id}"


class PayerName(models.Model):
    """A payer name finance taught: this (normalised) name pays for this client."""

    key = models.CharField(_("payer (normalised)"), max_length=60, unique=True)
    name = models.CharField(_("payer"), max_length=60)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="payer_names",
    )
    taught_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("taught"), auto_now_add=True)

    class Meta:
        verbose_name = _("payer name")
        verbose_name_plural = _("payer names")

    def __str__(self) -> str:
        return self.name


class DunningStep(models.Model):
    """A reminder sent this many days after the due date (督促)."""

    days_after_due = models.PositiveSmallIntegerField(_("days after the due date"))
    title = models.CharField(_("title"), max_length=100)

    class Meta:
        verbose_name = _("dunning step")
        verbose_name_plural = _("dunning steps")
        ordering = ["days_after_due"]
        constraints = [
            models.UniqueConstraint(
                fields=["days_after_due"], name="invoicing_dunning_step_days_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DunningLetter(models.Model):
    """One reminder for one invoice at one step: sent once, kept as issued."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="dunning_letters"
    )
    step = models.ForeignKey(DunningStep, on_delete=models.PROTECT, related_name="+")
    issue_date = models.DateField(_("issue date"))
    # What was owed when the letter was written (a snapshot, like the PDF).
    balance = models.PositiveBigIntegerField(_("balance"))
    recipient_name = models.CharField(_("recipient"), max_length=200)
    pdf = models.FileField(_("PDF"), upload_to="dunning/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("dunning letter")
        verbose_name_plural = _("dunning letters")
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "step"], name="invoicing_dunning_once_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice} {self.step}"

    @property
    def number(self) -> str:
        return f"D-{self.invoice.number}-{self.step.days_after_due}"


class ReceivedDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FinalDocumentError(_("A received document is kept as it came."))

    def delete(self):
        raise FinalDocumentError(_("A received document is kept as it came."))


class ReceivedDocument(models.Model):
    """A document a worker sent us (their own invoice), kept exactly as
    received with its SHA-256 (電子帳簿保存法: 電子取引データ). A correction
    is a new upload; this row and its file never change."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="received_documents",
    )
    counterparty = models.CharField(_("counterparty"), max_length=200)
    document_date = models.DateField(_("document date"))
    amount = models.PositiveBigIntegerField(_("amount incl. tax"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="received/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = ReceivedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("received document")
        verbose_name_plural = _("received documents")
        ordering = ["-document_date", "-id"]
        indexes = [models.Index(fields=["document_date", "amount"])]

    def __str__(self) -> str:
        return f"{self.counterparty} {self.document_date} {self.title}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FinalDocumentError(_("A received document is kept as it came."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FinalDocumentError(_("A received document is kept as it came."))
