"""Billing shapes besides billing on completion (issue 18): what a close
billed, so each milestone and each month of a fixed fee is billed once, and
what a cancelled engagement owes for the work approved before it ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from .. import rules
from .billing import Invoice


class BilledMilestone(models.Model):
    """An accepted milestone and the invoice it went on; the one-to-one
    keeps a second close from billing it twice."""

    milestone = models.OneToOneField(
        "engagements.Milestone", on_delete=models.PROTECT, related_name="billing"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="billed_milestones"
    )

    class Meta:
        verbose_name = _("billed milestone")
        verbose_name_plural = _("billed milestones")

    def __str__(self) -> str:
        return f"{self.milestone_id} → {self.invoice_id}"


class BilledMonth(models.Model):
    """One month (close period) of a monthly fixed-fee quote line, billed."""

    quote_line = models.ForeignKey(
        "engagements.QuoteLine", on_delete=models.PROTECT, related_name="billed_months"
    )
    period = models.CharField(_("period"), max_length=7)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="billed_months"
    )

    class Meta:
        verbose_name = _("billed month")
        verbose_name_plural = _("billed months")
        constraints = [
            models.UniqueConstraint(
                fields=["quote_line", "period"], name="billed_month_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quote_line_id} {self.period}"


class ChargeState(models.TextChoices):
    PENDING = "pending", _("To bill")
    BILLED = "billed", _("Billed")
    WRITTEN_OFF = "written_off", _("Written off")


class CancellationCharge(FSMModelMixin, models.Model):
    """The work approved before an engagement was cancelled: recorded when
    it is cancelled (``pending``), then billed at the next close under the
    quote's cancellation terms, or written off by finance with the reason;
    so the rewards paid for it are billed unless someone decided otherwise.
    One per engagement."""

    State = ChargeState

    engagement = models.OneToOneField(
        "engagements.Engagement",
        on_delete=models.PROTECT,
        related_name="cancellation_charge",
    )
    state = FSMField(
        _("state"),
        default=ChargeState.PENDING,
        choices=ChargeState.choices,
        protected=True,
        max_length=12,
    )
    amount = models.PositiveBigIntegerField(_("amount billed (excl. tax)"), default=0)
    worker_cost = models.PositiveBigIntegerField(_("approved rewards"), default=0)
    invoice = models.ForeignKey(
        Invoice,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cancellation_charges",
    )
    reason = models.TextField(_("reason for the write-off"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("cancellation charge")
        verbose_name_plural = _("cancellation charges")

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.state}"

    @transition(
        state,
        source=ChargeState.PENDING,
        target=ChargeState.BILLED,
        permission=rules.is_finance_or_system,
    )
    def bill(self, *, invoice, amount):
        self.invoice, self.amount = invoice, amount

    @transition(
        state,
        source=ChargeState.PENDING,
        target=ChargeState.WRITTEN_OFF,
        permission=rules.is_finance,
    )
    def write_off(self, *, reason_text, by_user):
        self.reason, self.decided_by = reason_text, by_user
