"""Paying workers: worker orders (発注書), fee policies, withholding by
category, scheduled payout lines and payout statements (支払通知書).

The Freelance Act (japan.md §3) shapes these models: a worker order carries
every item of 公取委規則1条 and is never edited once issued (a change is a new
version with its reason); a payout line is the payable for one approved
subtask (or a director's directing pay) with the pay date the operator's
calendar gives it and the flags of the 60-day check; a payout statement
gathers one worker's lines for one pay date and is a 仕入明細書 (§1.5) as well
as the payment notice.
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

from enterprise.money import FeeKind, FeePolicy, Rounding, format_yen
from enterprise.runs import RunItem, RunMixin

from .. import rules
from .billing import MonthCloseRun

RunState = MonthCloseRun.State

WORK_FORMATS = [
    ("project", _("Project")),
    ("competition", _("Competition")),
    ("task", _("Task batch")),
]


class CategoryWithholding(models.Model):
    """Whether fees for a kind of work are subject to 源泉徴収 (japan.md §2.3).

    Decided per payout line from the engagement's category and the subtask's
    skill: a row for the skill wins over the row for its category (a
    translation job in the writing category, a banner in web design). Keyed
    by the reference data's codes so the rows can be seeded by a migration
    before the categories are loaded. Work with no row is not withheld (the
    law lists what is subject); finance can override a line with a reason.
    """

    category_code = models.SlugField(_("category code"), max_length=40)
    skill_code = models.SlugField(
        _("skill code"),
        max_length=40,
        blank=True,
        help_text=_("Empty: the row applies to the whole category."),
    )
    subject = models.BooleanField(_("subject to withholding"))
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("withholding by category")
        verbose_name_plural = _("withholding by category")
        ordering = ["category_code", "skill_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["category_code", "skill_code"],
                name="invoicing_categorywithholding_unique",
            )
        ]

    def __str__(self) -> str:
        code = f"{self.category_code}/{self.skill_code}".rstrip("/")
        return f"{code}: {'○' if self.subject else '×'}"


class WorkerFeePolicy(models.Model):
    """The fee (システム利用料) the operator keeps from a worker's reward.

    One row without a category and format is the default; a row for a
    category, a work format, or both, is more specific and wins (task batches
    usually carry no fee). ``tiers`` is a list of ``[upper bound, "rate"]``
    pairs with rising bounds and a last bound of null: 20% up to ¥100,000,
    10% to ¥200,000, 5% above is ``[[100000, "0.20"], [200000, "0.10"],
    [null, "0.05"]]``. The policy's text is printed on the worker order, so
    the worker agrees to it before accepting.
    """

    category = models.ForeignKey(
        "enterprise.WorkCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: every category."),
    )
    work_format = models.CharField(
        _("work format"),
        max_length=20,
        choices=WORK_FORMATS,
        blank=True,
        help_text=_("Empty: every format."),
    )
    kind = models.CharField(_("fee kind"), max_length=10, choices=FeeKind.choices)
    rate = models.DecimalField(
        _("rate"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    rounding = models.CharField(
        _("rounding"), max_length=10, choices=Rounding.choices, default=Rounding.DOWN
    )

    class Meta:
        verbose_name = _("worker fee policy")
        verbose_name_plural = _("worker fee policies")
        ordering = ["category__sort_order", "work_format", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "work_format"],
                condition=Q(category__isnull=False),
                name="invoicing_feepolicy_unique_category_format",
            ),
            models.UniqueConstraint(
                fields=["work_format"],
                condition=Q(category__isnull=True),
                name="invoicing_feepolicy_unique_default_format",
            ),
        ]

    def __str__(self) -> str:
        scope = self.category.label if self.category_id else gettext("Default")
        if self.work_format:
            scope = f"{scope} / {self.get_work_format_display()}"
        return f"{scope}: {self.describe()}"

    def as_policy(self) -> FeePolicy:
        tiers = tuple(
            (bound if bound is None else int(bound), Decimal(str(rate)))
            for bound, rate in self.tiers or ()
        )
        return FeePolicy(
            kind=self.kind, rate=self.rate, tiers=tiers, rounding=self.rounding
        )

    def clean(self):
        super().clean()
        try:
            self.as_policy()
        except (TypeError, ValueError) as exc:
            raise ValidationError({"tiers": str(exc)}) from exc

    def describe(self) -> str:
        return describe_fee_policy(self.as_policy())


def _percent(rate: Decimal) -> str:
    text = f"{rate * 100:f}".rstrip("0").rstrip(".")
    return f"{text}%"


def describe_fee_policy(policy: FeePolicy) -> str:
    """The policy in words, as the worker order prints it."""
    if policy.kind == FeeKind.NONE:
        return gettext("No fee")
    if policy.kind == FeeKind.FLAT:
        return gettext("%(rate)s of the reward (excl. tax)") % {
            "rate": _percent(policy.rate)
        }
    parts, lower = [], 0
    for upper, rate in policy.tiers:
        if upper is None:
            parts.append(
                gettext("above ¥%(lower)s: %(rate)s")
                % {"lower": f"{lower:,}", "rate": _percent(rate)}
            )
        else:
            parts.append(
                gettext("up to ¥%(upper)s: %(rate)s")
                % {"upper": f"{upper:,}", "rate": _percent(rate)}
            )
            lower = upper
    return gettext("Of the reward (excl. tax), %(tiers)s") % {
        "tiers": gettext(", ").join(parts)
    }


class TaxTreatment(models.TextChoices):
    """Consumption tax on a worker's reward (japan.md §1.5, §1.6)."""

    REGISTERED = "registered", _("Registered issuer: tax added")
    UNREGISTERED_ADD = "unregistered_add", _("Unregistered: tax added")
    UNREGISTERED_NONE = "unregistered_none", _("Unregistered: no tax added")


class TransferFeePayer(models.TextChoices):
    """Who bears the bank transfer fee; the operator unless agreed in writing
    beforehand (deducting it otherwise is a 減額, japan.md §3.4, §3.5)."""

    OPERATOR = "operator", _("The orderer")
    WORKER = "worker", _("The worker (agreed in advance)")


class WorkerOrderState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", pgettext_lazy("payout document state", "Issued")
    SUPERSEDED = "superseded", _("Superseded")


# What an issued order says; a change is a new version (Freelance Act 法3条).
ORDER_FINAL_FIELDS = (
    "number",
    "version",
    "assignment",
    "subtask",
    "worker",
    "orderer_name",
    "orderer_address",
    "orderer_registration_number",
    "worker_name",
    "worker_code",
    "worker_kind",
    "worker_registration_number",
    "order_date",
    "title",
    "description",
    "delivery_due",
    "delivery_place",
    "inspection_due",
    "reward",
    "tax_treatment",
    "tax_rate",
    "consumption_tax",
    "fee_policy",
    "fee_policy_text",
    "fee",
    "withholding_subject",
    "withholding_basis",
    "payment_terms",
    "payment_due_date",
    "payment_method",
    "transfer_fee_payer",
    "is_redelegation",
    "original_client_name",
    "original_due_date",
    "reason",
    "worker_fault",
    "fault_evidence",
)
ORDER_PDF_FIELDS = ("pdf", "pdf_sha256")


class WorkerOrder(FSMModelMixin, models.Model):
    """発注書: the terms of one subtask given to one worker (法3条, 公取委規則
    1条1項), created when the worker accepts the offer.

    Every required item is a column, copied when the order is made: the
    parties (or codes for them), the order date, the deliverable, the delivery
    date and place, the date inspection will be complete, the fee and the
    payment due date (a specific date and the rule), the payment method, and
    for a re-delegation the original client and its due date. An order is
    not issued without a payment due date (F7); once issued it never changes:
    a correction is a new version with the reason, and the old one is
    superseded.
    """

    State = WorkerOrderState

    assignment = models.ForeignKey(
        "engagements.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        related_name="worker_orders",
    )
    subtask = models.ForeignKey(
        "engagements.Subtask",
        verbose_name=_("subtask"),
        on_delete=models.PROTECT,
        related_name="worker_orders",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="worker_orders",
    )
    number = models.CharField(_("order number"), max_length=40, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    state = FSMField(
        _("state"),
        default=WorkerOrderState.DRAFT,
        choices=WorkerOrderState.choices,
        protected=True,
        db_index=True,
    )
    # 1. The parties.
    orderer_name = models.CharField(_("orderer"), max_length=200)
    orderer_address = models.CharField(_("orderer address"), max_length=300)
    orderer_registration_number = models.CharField(
        _("orderer registration number"), max_length=14, blank=True
    )
    worker_name = models.CharField(_("worker name"), max_length=200)
    worker_code = models.CharField(_("worker code"), max_length=20)
    worker_kind = models.CharField(_("worker kind"), max_length=20)
    worker_registration_number = models.CharField(
        _("worker registration number"), max_length=14, blank=True
    )
    # 2-6. What, when, where, inspection.
    order_date = models.DateField(_("order date"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description of the work"))
    delivery_due = models.DateTimeField(_("delivery date"))
    delivery_place = models.CharField(_("place of delivery"), max_length=300)
    inspection_due = models.DateField(_("inspection complete by"))
    # 7. The fee and when it is paid.
    reward = models.PositiveBigIntegerField(_("reward (excl. tax)"))
    tax_treatment = models.CharField(
        _("consumption tax"), max_length=20, choices=TaxTreatment.choices
    )
    tax_rate = models.DecimalField(_("tax rate"), max_digits=5, decimal_places=4)
    consumption_tax = models.PositiveBigIntegerField(_("consumption tax"), default=0)
    # The policy agreed (kind, rate, tiers, rounding), so a later version
    # computes the fee as agreed even after the operator changes its table.
    fee_policy = models.JSONField(_("fee policy terms"), default=dict)
    fee_policy_text = models.CharField(_("fee policy"), max_length=300)
    fee = models.PositiveBigIntegerField(_("fee"), default=0)
    withholding_subject = models.BooleanField(_("subject to withholding"))
    withholding_basis = models.CharField(
        _("withholding basis"), max_length=200, blank=True
    )
    payment_terms = models.CharField(_("payment terms"), max_length=300)
    payment_due_date = models.DateField(_("payment due date"), null=True, blank=True)
    payment_method = models.CharField(_("payment method"), max_length=200)
    transfer_fee_payer = models.CharField(
        _("bank transfer fee borne by"),
        max_length=10,
        choices=TransferFeePayer.choices,
        default=TransferFeePayer.OPERATOR,
    )
    # Re-delegation (再委託): disclosed, the 30-day rule of 法4条3項 applies.
    is_redelegation = models.BooleanField(_("re-delegation disclosed"), default=False)
    original_client_name = models.CharField(
        _("original client"), max_length=200, blank=True
    )
    original_due_date = models.DateField(
        _("original client's payment due date"), null=True, blank=True
    )
    # Why this version exists, and a reduction's ground (法5条1項2号).
    reason = models.TextField(_("reason for the change"), blank=True)
    worker_fault = models.BooleanField(_("caused by the worker"), default=False)
    fault_evidence = models.TextField(_("evidence of the worker's fault"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="worker-orders/%Y/", blank=True)
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

    class Meta:
        verbose_name = _("worker order")
        verbose_name_plural = _("worker orders")
        ordering = ["-order_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "version"],
                condition=~Q(number=""),
                name="invoicing_workerorder_number_version_unique",
            ),
            # At most one version of an assignment's order is in force.
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(state=WorkerOrderState.ISSUED),
                name="invoicing_workerorder_one_issued_per_assignment",
            ),
            models.CheckConstraint(
                condition=Q(state=WorkerOrderState.DRAFT)
                | (~Q(number="") & Q(payment_due_date__isnull=False)),
                name="invoicing_workerorder_issued_has_number_and_due_date",
            ),
        ]

    def __str__(self) -> str:
        if not self.number:
            return gettext("Draft worker order %(id)s") % {"id": self.pk}
        if self.version > 1:
            return f"{self.number} (v{self.version})"
        return self.number

    # --- the guard: an issued order is final ---------------------------------

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self._refuse_final_change(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("invoicing:worker_order", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.state != WorkerOrderState.DRAFT:
            raise ValidationError(gettext("An issued worker order is never deleted."))
        return super().delete(*args, **kwargs)

    def _refuse_final_change(self, update_fields) -> None:
        watched = (*ORDER_FINAL_FIELDS, *ORDER_PDF_FIELDS)
        if update_fields is not None and not set(update_fields) & set(watched):
            return
        columns = [self._meta.get_field(name).attname for name in watched]
        stored = type(self).objects.filter(pk=self.pk).values("state", *columns).first()
        if stored is None or stored["state"] == WorkerOrderState.DRAFT:
            return
        changed = {c for c in columns if stored[c] != _db_value(self, c)}
        pdf_once = not stored["pdf_sha256"] and changed <= set(ORDER_PDF_FIELDS)
        if changed and not pdf_once:
            raise ValidationError(
                gettext(
                    "Worker order %(order)s has been issued and cannot be changed. "
                    "Issue a new version instead."
                )
                % {"order": self}
            )

    # --- transitions: bodies only set fields ---------------------------------

    def has_due_date(self) -> bool:
        return self.payment_due_date is not None

    @transition(
        state,
        source=WorkerOrderState.DRAFT,
        target=WorkerOrderState.ISSUED,
        conditions=[has_due_date],
        permission=rules.may_order_work,
    )
    def issue(self, *, number, at):
        self.number, self.issued_at = number, at

    @transition(
        state,
        source=WorkerOrderState.ISSUED,
        target=WorkerOrderState.SUPERSEDED,
        permission=rules.may_order_work,
    )
    def supersede(self):
        pass

    # --- what the order page and PDF show ---------------------------------------

    @property
    def gross(self) -> int:
        return self.reward + self.consumption_tax

    def _period(self) -> tuple:
        from django.utils import timezone

        return self.order_date, timezone.localdate(self.delivery_due)

    @property
    def prohibited_acts_apply(self) -> bool:
        """法5条's seven prohibited acts bind engagements of 1 month or more
        (F8: not for 3 weeks); the 3条 terms and the 4条 deadline always do."""
        from enterprise.freelance import prohibited_acts_apply

        start, end = self._period()
        return prohibited_acts_apply(start=start, end=end)

    @property
    def notice_required(self) -> bool:
        """法16条 notice (30 days) and the 13条 duty for 6 months or more (F9)."""
        from enterprise.freelance import notice_required

        start, end = self._period()
        return notice_required(start=start, end=end)

    @property
    def withholding_estimate(self) -> int:
        """源泉徴収 on this reward alone, when the worker is an individual
        (the statement computes it per payment)."""
        from enterprise.money import withholding_for_amount
        from enterprise.rates import withholding_rule_on

        if not self.withholding_subject or self.worker_kind != "individual":
            return 0
        # An offer's preview carries the rule it read (one query a page).
        rule = getattr(self, "withholding_rule", None) or withholding_rule_on(
            self.payment_due_date or self.order_date
        )
        return withholding_for_amount(self.reward, rule)

    @property
    def net_estimate(self) -> int:
        return self.gross - self.fee - self.withholding_estimate


def _db_value(instance, attname: str):
    value = getattr(instance, attname)
    if hasattr(value, "name") and attname in ORDER_PDF_FIELDS:  # a FieldFile
        return value.name or ""
    return value


class PayoutLineKind(models.TextChoices):
    REWARD = "reward", _("Reward")
    REVIEW_FEE = "review_fee", _("Review fee")
    DIRECTION_SHARE = "direction_share", _("Direction fee share")
    PARTICIPATION = "participation", _("Participation reward")
    TASK_UNITS = "task_units", _("Task units")
    HOURS = "hours", _("Hourly week")


class PayoutLineState(models.TextChoices):
    HELD = "held", _("Held: needs a reason")
    SCHEDULED = "scheduled", _("Scheduled")
    ON_STATEMENT = "on_statement", _("On a statement")
    PAID = "paid", _("Paid")


class PayoutLine(models.Model):
    """One payable to one worker: an approved subtask's reward, or a
    director's review fee or share of a direction fee.

    ``received_on`` is the day the deliverable (or the service) was received:
    day 1 of the Freelance Act's 60 days and the purchase date that decides
    the transitional credit for unregistered workers. ``pay_date`` comes from
    the operator's payout calendar; a pay date the law does not allow
    carries ``flags`` and is HELD until finance records ``late_reason``.
    """

    Kind = PayoutLineKind
    State = PayoutLineState

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="payout_lines",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PayoutLineKind.choices)
    subtask = models.ForeignKey(
        "engagements.Subtask",
        verbose_name=_("subtask"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_lines",
    )
    order = models.ForeignKey(
        WorkerOrder,
        verbose_name=_("worker order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_lines",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_lines",
    )
    review = models.OneToOneField(
        "engagements.Review",
        verbose_name=_("review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_line",
    )
    # The payable a format line pays (one line each, the unique backstop
    # against paying it twice); task units link through PaidTaskUnit.
    participation_award = models.OneToOneField(
        "engagements.ParticipationAward",
        verbose_name=_("participation reward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_line",
    )
    timesheet = models.OneToOneField(
        "engagements.WeeklyTimesheet",
        verbose_name=_("weekly timesheet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_line",
    )
    description = models.CharField(_("description"), max_length=300)
    category_code = models.SlugField(_("category code"), max_length=40, blank=True)
    quantity = models.PositiveIntegerField(_("units"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (excl. tax)"))
    fee = models.PositiveBigIntegerField(_("fee"), default=0)
    withholding_subject = models.BooleanField(_("subject to withholding"))
    withholding_basis = models.CharField(
        _("withholding basis"), max_length=200, blank=True
    )
    withholding_override_reason = models.TextField(
        _("reason for overriding withholding"), blank=True
    )
    received_on = models.DateField(_("received on"))
    pay_date = models.DateField(_("pay date"), db_index=True)
    latest_legal_date = models.DateField(_("latest legal due date"))
    flags = models.JSONField(_("flags"), default=list, blank=True)
    late_reason = models.TextField(_("reason for the pay date"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PayoutLineState.choices,
        default=PayoutLineState.SCHEDULED,
        db_index=True,
    )
    statement = models.ForeignKey(
        "PayoutStatement",
        verbose_name=_("statement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("payout line")
        verbose_name_plural = _("payout lines")
        ordering = ["pay_date", "received_on", "id"]
        indexes = [models.Index(fields=["worker", "state", "pay_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subtask"],
                condition=Q(kind=PayoutLineKind.REWARD),
                name="invoicing_payoutline_one_reward_per_subtask",
            ),
            models.UniqueConstraint(
                fields=["engagement", "worker"],
                condition=Q(kind=PayoutLineKind.DIRECTION_SHARE),
                name="invoicing_payoutline_one_share_per_engagement",
            ),
            models.CheckConstraint(
                condition=Q(fee__lte=models.F("amount")),
                name="invoicing_payoutline_fee_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} {format_yen(self.amount)} ({self.pay_date})"

    @property
    def flag_labels(self) -> list[str]:
        return due_date_flag_labels(self.flags)


class PaidTaskUnit(models.Model):
    """An approved task unit and the payout line that pays it. One line pays
    a worker's units of one batch due on one pay date; the unique unit is
    what keeps two collections from paying a unit twice."""

    unit = models.OneToOneField(
        "engagements.TaskUnit", on_delete=models.PROTECT, related_name="payout_link"
    )
    line = models.ForeignKey(
        PayoutLine, on_delete=models.PROTECT, related_name="task_units"
    )

    class Meta:
        verbose_name = _("paid task unit")
        verbose_name_plural = _("paid task units")

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.line_id}"


def due_date_flag_labels(flags) -> list[str]:
    """What the 60-day check found, in words (enterprise.freelance flags)."""
    from enterprise.freelance import DueDateFlag

    labels = dict(DueDateFlag.choices)
    return [str(labels.get(flag, flag)) for flag in flags]


class PayoutStatementState(models.TextChoices):
    ISSUED = "issued", pgettext_lazy("payout document state", "Issued")
    PAID = "paid", _("Paid")


STATEMENT_FINAL_FIELDS = (
    "number",
    "worker",
    "pay_date",
    "issue_date",
    "subtotal",
    "consumption_tax",
    "gross",
    "fee",
    "withholding_base",
    "withholding",
    "transfer_fee",
    "net",
)


class PayoutStatement(FSMModelMixin, models.Model):
    """支払通知書 for one worker and one pay date: gross, fee, withholding,
    consumption tax, net. It is also the buyer-issued 仕入明細書 of §1.5:
    preparer, worker name and registration number, purchase dates,
    description, amount and rate, tax per rate; the worker's confirmation is
    deemed when no objection arrives within the stated days.

    Issued by the payout run, ``paid`` once finance confirms the transfer.
    The bank transfer fee is never deducted unless the worker agreed to bear
    it in their orders (``transfer_fee``, 0 otherwise).
    """

    State = PayoutStatementState

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="payout_statements",
    )
    number = models.CharField(_("statement number"), max_length=40, unique=True)
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    pay_date = models.DateField(_("pay date"), db_index=True)
    issue_date = models.DateField(_("issue date"))
    state = FSMField(
        _("state"),
        default=PayoutStatementState.ISSUED,
        choices=PayoutStatementState.choices,
        protected=True,
        db_index=True,
    )
    # Parties as they were on the issue date.
    payer_name = models.CharField(_("payer"), max_length=200)
    payer_registration_number = models.CharField(
        _("payer registration number"), max_length=14, blank=True
    )
    payer_address = models.CharField(_("payer address"), max_length=300)
    worker_name = models.CharField(_("worker name"), max_length=200)
    worker_kind = models.CharField(_("worker kind"), max_length=20)
    worker_registration_number = models.CharField(
        _("worker registration number"), max_length=14, blank=True
    )
    bank_description = models.CharField(_("paid into"), max_length=200, blank=True)
    # The figures.
    period_start = models.DateField(_("purchases from"))
    period_end = models.DateField(_("purchases to"))
    tax_treatment = models.CharField(
        _("consumption tax"), max_length=20, choices=TaxTreatment.choices
    )
    tax_rate = models.DecimalField(_("tax rate"), max_digits=5, decimal_places=4)
    tax_separated = models.BooleanField(_("tax shown separately"), default=True)
    subtotal = models.PositiveBigIntegerField(_("amount excl. tax"))
    consumption_tax = models.PositiveBigIntegerField(_("consumption tax"))
    gross = models.PositiveBigIntegerField(_("gross"))
    fee = models.PositiveBigIntegerField(_("fee"))
    withholding_base = models.PositiveBigIntegerField(_("withholding base"))
    withholding = models.PositiveBigIntegerField(_("withholding income tax"))
    transfer_fee = models.PositiveBigIntegerField(_("transfer fee"), default=0)
    net = models.PositiveBigIntegerField(_("net payment"))
    # [{"rate": "0.80", "amount": 55000, "tax": 5000, "credit": 4000}, ...]:
    # the transitional credit (経過措置) per purchase-date rate, for the journal.
    credit_breakdown = models.JSONField(_("input tax credit"), default=list)
    pdf = models.FileField(_("PDF"), upload_to="payout-statements/%Y/", blank=True)
    # Set by the Zengin export when the worker's bank account cannot be paid
    # (the statement waits; cleared when the account is mended).
    bank_hold_reason = models.CharField(
        _("held from transfer"), max_length=500, blank=True
    )
    bank_held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payout statement")
        verbose_name_plural = _("payout statements")
        ordering = ["-pay_date", "number"]
        indexes = [models.Index(fields=["worker", "pay_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(gross=models.F("subtotal") + models.F("consumption_tax")),
                name="invoicing_payoutstatement_gross_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(
                    net=models.F("gross")
                    - models.F("fee")
                    - models.F("withholding")
                    - models.F("transfer_fee")
                ),
                name="invoicing_payoutstatement_net_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) & set(
                STATEMENT_FINAL_FIELDS
            ):
                raise ValidationError(
                    gettext("Payout statement %(number)s cannot be changed.")
                    % {"number": self.number}
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("A payout statement is never deleted."))

    @property
    def tax_percent(self) -> int:
        return int(self.tax_rate * 100)

    @transition(
        state,
        source=PayoutStatementState.ISSUED,
        target=PayoutStatementState.PAID,
        permission=rules.is_finance,
    )
    def mark_paid(self, *, at, paid_by):
        self.paid_at, self.paid_by = at, paid_by


class PayoutRun(RunMixin, models.Model):
    """The payout run of one pay date started from finance's screen: a run
    (``enterprise.runs``) with one item per worker to pay, worked through in
    the background; ``issued`` counts the statements it made."""

    State = RunState

    pay_date = models.DateField(_("pay date"))
    tax_separated = models.BooleanField(default=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    total = models.PositiveIntegerField(_("workers"), default=0)
    done = models.PositiveIntegerField(_("workers done"), default=0)
    issued = models.PositiveIntegerField(_("statements issued"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last progress"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout run")
        verbose_name_plural = _("payout runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pay_date:%Y-%m-%d} ({self.get_state_display()})"


class PayoutRunItem(RunItem):
    """One worker of a payout run; ``result`` is the statement number."""

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="items")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="payout_run_item_once")
        ]
        indexes = [models.Index(fields=["run", "done_at"])]
