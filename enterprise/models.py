from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .accounts.models import LoginLockout, SignupPolicy  # noqa: F401 (models of this app)
from .calendar import EOM, HolidayRule
from .kana import ALLOWED as ZENGIN_ALLOWED
from .money import Rounding
from .roles import ROLES


class User(AbstractUser):
    """A person who logs in: staff, a worker or a client's contact.

    Roles are Django groups (see ``enterprise.roles``); one person may hold
    several, e.g. a veteran worker who also directs.
    """

    self_registered = models.BooleanField(
        _("signed up on their own"),
        default=False,
        help_text=_("Must confirm their e-mail address before they can log in."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        full = f"{self.last_name} {self.first_name}".strip()
        return full or self.username

    def role_names(self) -> list[str]:
        """The roles this person holds, in the order of ``ROLES``."""
        if not self.is_authenticated:
            return []
        if self.is_superuser:
            return list(ROLES)
        cached = getattr(self, "_role_names", None)
        if cached is None:
            held = set(self.groups.values_list("name", flat=True))
            cached = self._role_names = [role for role in ROLES if role in held]
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_names()


class AppendOnlyError(Exception):
    """An audit row was about to be changed or deleted: the trail only grows."""


class AuditLogQuerySet(models.QuerySet):
    """Bulk writes other than insert refuse, so the guard holds on SQLite too
    (PostgreSQL also refuses with triggers: migration 0005)."""

    def update(self, **kwargs):
        raise AppendOnlyError("audit rows cannot be changed")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("audit rows cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit rows cannot be deleted")

    delete.queryset_only = True


class AuditLog(models.Model):
    """Who did what to which object, when: every state change writes one row.

    ``action`` is a dotted, stable name such as ``clients.client.activated``.
    Rows are append-only: saving an existing row, deleting one and bulk
    ``update()``/``delete()`` raise ``AppendOnlyError``.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"]),
            # The audit viewer's "by this person" search.
            models.Index(
                fields=["actor", "created_at"], name="enterprise_audit_actor_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit rows cannot be changed")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows cannot be deleted")


class BilingualName(models.Model):
    """Reference data named in Japanese first, with an English name for the switch."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "ja").startswith("en") else self.name


class WorkCategory(BilingualName):
    """The eight kinds of work of the industry report (図表2 主な業務内容)."""

    examples = models.CharField(_("examples"), max_length=200, blank=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("work category")
        verbose_name_plural = _("work categories")


class Skill(BilingualName):
    """A skill workers declare and subtasks require, within one category."""

    category = models.ForeignKey(
        WorkCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="skills",
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


# --- Effective-dated rates and thresholds (japan.md §1.6, §2.1, §4, open item 7)
#
# Tax rates, withholding rules, the transitional credit for unregistered
# workers and the legal thresholds change by law on known dates, so they are
# rows with a validity period that operators edit in the admin, never
# constants. ``enterprise.rates`` looks them up for a date.


class EffectiveDated(models.Model):
    """A row that applies from ``valid_from`` to ``valid_to`` (both included).

    Rows sharing ``overlap_key`` must not overlap: ``clean()`` refuses it, and
    a lookup that still finds two rows for a date raises instead of choosing.
    """

    overlap_key: tuple[str, ...] = ()

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Last day it applies. Empty: until further notice."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="%(class)s_valid_to_after_valid_from",
            )
        ]

    def covers(self, on) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def clean(self):
        super().clean()
        if self.valid_from is None:
            return
        others = (
            type(self)
            .objects.exclude(pk=self.pk)
            .filter(**{field: getattr(self, field) for field in self.overlap_key})
        )
        others = others.filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from)
        )
        if self.valid_to is not None:
            others = others.filter(valid_from__lte=self.valid_to)
        if others.exists():
            raise ValidationError(
                _("Another row already applies to part of this period.")
            )


class TaxRate(EffectiveDated):
    """Consumption tax rate: standard 10%, reduced 8% since 2019-10-01."""

    class Code(models.TextChoices):
        STANDARD = "standard", _("Standard rate")
        REDUCED = "reduced", _("Reduced rate")

    overlap_key = ("code",)

    code = models.CharField(_("code"), max_length=20, choices=Code.choices)
    rate = models.DecimalField(_("tax rate"), max_digits=5, decimal_places=4)

    class Meta(EffectiveDated.Meta):
        verbose_name = _("consumption tax rate")
        verbose_name_plural = _("consumption tax rates")
        ordering = ["code", "valid_from"]
        constraints = [
            *EffectiveDated.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lt=1), name="taxrate_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.rate:%} ({self.valid_from})"


class WithholdingRule(EffectiveDated):
    """源泉徴収 on 1号 fees to individuals (所得税法204条1項1号, NTA No.2795).

    A ≤ threshold: A × base_rate; above: (A − threshold) × upper_rate +
    upper_base; cut to the yen.
    """

    base_rate = models.DecimalField(
        _("rate up to the threshold"), max_digits=6, decimal_places=4
    )
    threshold = models.PositiveBigIntegerField(_("threshold per payment"))
    upper_rate = models.DecimalField(
        _("rate above the threshold"), max_digits=6, decimal_places=4
    )
    upper_base = models.PositiveBigIntegerField(_("tax at the threshold"))

    class Meta(EffectiveDated.Meta):
        verbose_name = _("withholding rule")
        verbose_name_plural = _("withholding rules")

    def __str__(self) -> str:
        return f"{self.base_rate:%} / {self.upper_rate:%} ({self.valid_from})"


class TransitionalCreditRate(EffectiveDated):
    """Share of the tax on purchases from unregistered (免税) workers that may
    still be credited (経過措置, 令和8年度改正), by purchase date."""

    rate = models.DecimalField(_("creditable share"), max_digits=5, decimal_places=4)

    class Meta(EffectiveDated.Meta):
        verbose_name = _("transitional credit rate")
        verbose_name_plural = _("transitional credit rates")
        constraints = [
            *EffectiveDated.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=1),
                name="transitionalcreditrate_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rate:%} ({self.valid_from})"


class Threshold(EffectiveDated):
    """A number the law sets: an amount in yen, or a count of days or months."""

    class Code(models.TextChoices):
        CREDIT_NOTE = "credit_note", _("Credit note needed from (tax incl.)")
        SMALL_PURCHASE = "small_purchase", _("Small purchase without invoice under")
        PAYMENT_REPORT = "payment_report", _("Payment report above (per year)")
        EBOOK_SEARCH_WAIVER = (
            "ebook_search_waiver",
            _("E-bookkeeping search waiver up to (sales)"),
        )
        PAYMENT_DAYS = "payment_days", _("Freelancer payment within (days)")
        REDELEGATION_DAYS = "redelegation_days", _("Re-delegated payment within (days)")
        POSTPONEMENT_DAYS = "postponement_days", _("Holiday postponement up to (days)")
        PROHIBITED_ACTS_MONTHS = (
            "prohibited_acts_months",
            _("Prohibited acts apply from (months)"),
        )
        NOTICE_MONTHS = "notice_months", _("Termination notice applies from (months)")
        NOTICE_DAYS = "notice_days", _("Termination notice (days)")

    class Unit(models.TextChoices):
        YEN = "yen", _("yen")
        DAYS = "days", _("days")
        MONTHS = "months", _("months")

    overlap_key = ("code",)

    code = models.CharField(_("code"), max_length=40, choices=Code.choices)
    value = models.PositiveBigIntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)

    class Meta(EffectiveDated.Meta):
        verbose_name = _("legal threshold")
        verbose_name_plural = _("legal thresholds")
        ordering = ["code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.value} {self.get_unit_display()}"


# --- The operator's own data, printed on every document -----------------------


def corporate_number_check_digit(base: str) -> int:
    """Check digit of a 12-digit 法人番号 base (NTA spec: weights 1,2,1,2...
    from the right; 9 − sum mod 9)."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), 1))
    return 9 - total % 9


def validate_registration_number(value: str) -> None:
    """A corporation's 適格請求書発行事業者登録番号: T + its 13-digit 法人番号,
    whose first digit is the check digit (japan.md §1.2)."""
    if not (
        len(value) == 14
        and value[0] == "T"
        and value[1:].isascii()
        and value[1:].isdigit()
    ):
        raise ValidationError(
            _("Enter T followed by 13 half-width digits."), code="format"
        )
    if int(value[1]) != corporate_number_check_digit(value[2:]):
        raise ValidationError(
            _("The check digit of this registration number is wrong."),
            code="check_digit",
        )


def _check_zengin(value: str, kind: str) -> None:
    bad = sorted({ch for ch in value if ch not in ZENGIN_ALLOWED[kind]})
    if bad:
        raise ValidationError(
            _("Use half-width kana, digits and capitals only (not %(bad)s)."),
            code="zengin",
            params={"bad": "".join(bad)},
        )


def validate_zengin_name(value: str) -> None:
    """A sender or recipient name in the Zengin set (see enterprise.kana)."""
    _check_zengin(value, "person")


def validate_zengin_bank_name(value: str) -> None:
    """A bank or branch name in the Zengin set (the only symbol is "-")."""
    _check_zengin(value, "bank")


def _digits(n: int) -> RegexValidator:
    return RegexValidator(
        rf"^[0-9]{{{n}}}$",
        format_lazy(_("Enter exactly {n} half-width digits."), n=n),
    )


def _day_of_month(label) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=EOM,
        validators=[MaxValueValidator(31)],
        help_text=_("0 means the last day of the month."),
    )


class AccountType(models.TextChoices):
    """預金種目, with the Zengin code as the value."""

    ORDINARY = "1", _("Ordinary")
    CHECKING = "2", _("Checking")
    SAVINGS = "4", _("Savings")
    OTHER = "9", _("Other")


class OperatorProfile(models.Model):
    """The operator itself: one row, copied onto every document it issues.

    ``OperatorProfile.get()`` returns it (creating the demo operator when the
    table is empty); operators edit it in the admin.
    """

    class UnregisteredTax(models.TextChoices):
        ADD_TAX = "add_tax", _("Add consumption tax as for registered workers")
        NO_TAX = "no_tax", _("Pay the reward without consumption tax")

    class DirectorPay(models.TextChoices):
        REVIEW_FEE = "review_fee", _("Review fee per submission")
        FEE_SHARE = "fee_share", _("Share of the direction fee")

    legal_name = models.CharField(_("legal name"), max_length=100)
    registration_number = models.CharField(
        _("registration number"),
        max_length=14,
        validators=[validate_registration_number],
        help_text=_("T followed by 13 digits, e.g. T1234567890123."),
    )
    postal_code = models.CharField(
        _("postal code"),
        max_length=8,
        validators=[RegexValidator(r"^\d{3}-\d{4}$", _("Enter it as 100-0005."))],
    )
    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20)
    document_contact = models.CharField(
        _("person in charge on documents"),
        max_length=100,
        blank=True,
        help_text=_("Printed as 担当 beside the phone number, e.g. 経理部 山田."),
    )
    seal_image = models.ImageField(
        _("company seal (角印)"),
        upload_to="operator/",
        blank=True,
        help_text=_(
            "Optional: a square image of the company seal, printed in the 印 area "
            "of every document issued from now on."
        ),
    )

    # The account clients pay invoices into (printed on invoices).
    invoice_bank_name = models.CharField(_("bank"), max_length=50)
    invoice_branch_name = models.CharField(_("branch"), max_length=50)
    invoice_account_type = models.CharField(
        _("account type"), max_length=1, choices=AccountType.choices
    )
    invoice_account_number = models.CharField(
        _("account number"), max_length=7, validators=[_digits(7)]
    )
    invoice_account_holder = models.CharField(_("account holder"), max_length=100)

    # The Zengin transfer file header (japan.md §5.2): who pays, from where.
    zengin_sender_code = models.CharField(
        _("Zengin sender code"), max_length=10, validators=[_digits(10)]
    )
    zengin_sender_name = models.CharField(
        _("sender name (half-width kana)"),
        max_length=40,
        validators=[validate_zengin_name],
    )
    paying_bank_code = models.CharField(
        _("paying bank code"), max_length=4, validators=[_digits(4)]
    )
    paying_bank_name = models.CharField(
        _("paying bank name (half-width kana)"),
        max_length=15,
        validators=[validate_zengin_bank_name],
    )
    paying_branch_code = models.CharField(
        _("paying branch code"), max_length=3, validators=[_digits(3)]
    )
    paying_branch_name = models.CharField(
        _("paying branch name (half-width kana)"),
        max_length=15,
        validators=[validate_zengin_bank_name],
    )
    paying_account_type = models.CharField(
        _("paying account type"),
        max_length=1,
        choices=AccountType.choices,
        default=AccountType.ORDINARY,
    )
    paying_account_number = models.CharField(
        _("paying account number"), max_length=7, validators=[_digits(7)]
    )

    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    default_tax_rounding = models.CharField(
        _("consumption tax rounding"),
        max_length=10,
        choices=Rounding.choices,
        default=Rounding.DOWN,
    )
    invoice_number_prefix = models.CharField(
        _("invoice number prefix"), max_length=10, default="INV"
    )
    unregistered_worker_tax = models.CharField(
        _("unregistered workers' consumption tax"),
        max_length=10,
        choices=UnregisteredTax.choices,
        default=UnregisteredTax.ADD_TAX,
    )
    # 源泉所得税の納期の特例 (所得税法216条): approved by the tax office for
    # a payer with fewer than 10 employees; half-yearly due dates for salaries
    # and 2号 fees only, never for 1号 fees (writing, design, ...).
    withholding_special_due_dates = models.BooleanField(
        _("special due dates for withholding (納期の特例)"), default=False
    )

    # Worker payouts: 月末締め翌月末払い is closing 0, offset 1, pay day 0.
    payout_closing_day = _day_of_month(_("payout closing day"))
    payout_month_offset = models.PositiveSmallIntegerField(
        _("payout months after closing"), default=1, validators=[MaxValueValidator(3)]
    )
    payout_pay_day = _day_of_month(_("payout day"))
    payout_holiday_rule = models.CharField(
        _("payout on a bank holiday"),
        max_length=10,
        choices=HolidayRule.choices,
        default=HolidayRule.PREVIOUS,
    )

    director_pay_mode = models.CharField(
        _("director pay"),
        max_length=20,
        choices=DirectorPay.choices,
        default=DirectorPay.REVIEW_FEE,
    )
    director_review_fee = models.PositiveBigIntegerField(
        _("review fee per submission"), default=500
    )
    director_fee_share = models.DecimalField(
        _("share of the direction fee"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.3000"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    class Meta:
        verbose_name = _("operator profile")
        verbose_name_plural = _("operator profile")
        constraints = [
            # One operator: the row always has primary key 1.
            models.CheckConstraint(condition=models.Q(pk=1), name="operator_singleton"),
            models.CheckConstraint(
                condition=models.Q(payout_closing_day__lte=31)
                & models.Q(payout_pay_day__lte=31),
                name="operator_payout_days_range",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_month__gte=1)
                & models.Q(fiscal_year_start_month__lte=12),
                name="operator_fiscal_month_range",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    @classmethod
    def get(cls) -> "OperatorProfile":
        """The operator's row, created with the demo operator's data if missing
        (read once within ``cached_operator()``)."""
        from .demo_operator import DEMO_OPERATOR

        cache = _OPERATOR.get()
        if cache:
            return cache[0]
        profile, _created = cls.objects.get_or_create(pk=1, defaults=DEMO_OPERATOR)
        if cache is not None:
            cache.append(profile)
        return profile


_OPERATOR: ContextVar[list | None] = ContextVar("operator_profile", default=None)


@contextmanager
def cached_operator() -> Iterator[None]:
    """Within the block, ``OperatorProfile.get()`` reads the row once: a run's
    chunk issues many documents from the same operator (issue 15). Use it
    only for a block of work that does not change the profile."""
    token = _OPERATOR.set([])
    try:
        yield
    finally:
        _OPERATOR.reset(token)


# The edge's rows (outbox, one-time form tokens) live in their own module.
from .models_edge import IdempotencyKey, OutboxMessage  # noqa: E402, F401
