"""Corporate clients, their contacts, screening checks and master agreements."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from enterprise import calendar
from enterprise.calendar import HolidayRule
from enterprise.money import DirectionFeeKind, Rounding, format_yen

from . import numbers

MONTH_END = 0
ONBOARD_PERMISSION = "clients.onboard_client"


class CheckResult(models.TextChoices):
    PENDING = "pending", _("Not checked")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


def _check_field(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=10,
        choices=CheckResult.choices,
        default=CheckResult.PENDING,
    )


class ClientState(models.TextChoices):
    LEAD = "lead", _("Lead")
    SCREENING = "screening", _("Screening")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    SUSPENDED = "suspended", _("Suspended")


def _day_field(verbose_name, help_text):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=MONTH_END,
        validators=[MaxValueValidator(28)],
        help_text=help_text,
    )


class Client(FSMModelMixin, models.Model):
    """A corporate client (法人): who orders, who is billed, on which terms.

    Only an active client can receive a quote (``services.ensure_client_can_order``).
    """

    State = ClientState

    # The same choices the money and calendar arithmetic take as arguments.
    HolidayRule = HolidayRule
    FeeKind = DirectionFeeKind
    TaxRounding = Rounding

    legal_name = models.CharField(_("legal name"), max_length=200)
    legal_name_kana = models.CharField(
        _("legal name (kana)"), max_length=200, validators=[numbers.clean_kana]
    )
    corporate_number = models.CharField(
        _("corporate number"),
        max_length=13,
        unique=True,
        validators=[numbers.clean_corporate_number],
        error_messages={
            "unique": _("A client with this corporate number is already registered.")
        },
    )
    registration_number = models.CharField(
        _("invoice registration number"),
        max_length=14,
        blank=True,
        validators=[numbers.clean_registration_number],
        help_text=_("T followed by the 13-digit corporate number, if registered."),
    )
    postal_code = models.CharField(
        _("postal code"), max_length=8, validators=[numbers.clean_postal_code]
    )
    address = models.CharField(_("address"), max_length=255)
    billing_contact_name = models.CharField(_("billing contact"), max_length=100)
    billing_contact_email = models.EmailField(_("billing e-mail"))
    billing_contact_department = models.CharField(
        _("billing department"), max_length=100, blank=True
    )
    closing_day = _day_field(_("closing day"), _("0 = month end, else 1 to 28."))
    payment_month_offset = models.PositiveSmallIntegerField(
        _("payment month"),
        default=1,
        validators=[MaxValueValidator(6)],
        help_text=_("Months after the closing: 1 = the next month."),
    )
    payment_day = _day_field(_("payment day"), _("0 = month end, else 1 to 28."))
    holiday_rule = models.CharField(
        _("when the payment day is a holiday"),
        max_length=10,
        choices=HolidayRule.choices,
        default=HolidayRule.PREVIOUS,
    )
    invoice_detail = models.BooleanField(
        _("itemised invoices"),
        default=False,
        help_text=_("One invoice line per quote line instead of one per engagement."),
    )
    direction_fee_kind = models.CharField(
        _("direction fee"),
        max_length=10,
        choices=FeeKind.choices,
        default=FeeKind.RATE,
    )
    direction_fee_rate = models.DecimalField(
        _("direction fee rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.10"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    direction_fee_amount = models.PositiveBigIntegerField(
        _("direction fee amount"), default=0
    )
    tax_rounding = models.CharField(
        _("consumption tax rounding"),
        max_length=10,
        choices=TaxRounding.choices,
        default=TaxRounding.DOWN,
    )
    sales_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_clients",
    )
    state = FSMField(
        _("state"),
        default=State.LEAD,
        choices=State.choices,
        protected=True,
        db_index=True,
    )
    state_changed_at = models.DateTimeField(
        _("in this state since"), default=timezone.now
    )
    # The latest result of each check (history in ScreeningCheck), here so
    # the activation condition and the lists read only this row.
    antisocial_check = _check_field(_("antisocial-forces check"))
    credit_check = _check_field(_("credit check"))
    watchlisted = models.BooleanField(_("watchlisted"), default=False)
    watchlist_reason = models.TextField(_("watchlist reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["legal_name_kana", "id"]
        permissions = [
            ("onboard_client", _("Can screen, activate, decline and suspend clients")),
            ("watchlist_client", _("Can put clients on the watchlist")),
        ]
        indexes = [models.Index(fields=["state", "state_changed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(corporate_number__regex=r"^[0-9]{13}$"),
                name="clients_client_corporate_number_13_digits",
            ),
            models.CheckConstraint(
                condition=Q(registration_number="")
                | Q(registration_number__regex=r"^T[0-9]{13}$"),
                name="clients_client_registration_number_format",
            ),
            models.CheckConstraint(
                condition=Q(closing_day__lte=28) & Q(payment_day__lte=28),
                name="clients_client_days_month_end_or_1_28",
            ),
            models.CheckConstraint(
                condition=Q(direction_fee_rate__gte=0) & Q(direction_fee_rate__lte=1),
                name="clients_client_direction_fee_rate_0_1",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ClientState.values),
                name="clients_client_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(watchlisted=False) | ~Q(watchlist_reason=""),
                name="clients_client_watchlist_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(legal_name_kana__gt="") & Q(legal_name__gt=""),
                name="clients_client_names_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("clients:detail", args=[self.pk])

    def clean(self):
        expected = f"T{self.corporate_number}"
        if self.registration_number and self.registration_number != expected:
            raise ValidationError(
                {
                    "registration_number": gettext(
                        "For a company the registration number is T followed by "
                        "its corporate number (%(expected)s)."
                    )
                    % {"expected": expected}
                }
            )

    # Conditions are pure: they read only this row.
    def checks_passed(self) -> bool:
        return self.antisocial_check == self.credit_check == CheckResult.PASSED

    def _entered_state(self):
        self.state_changed_at = timezone.now()

    @transition(
        field=state,
        source=State.LEAD,
        target=State.SCREENING,
        permission=ONBOARD_PERMISSION,
    )
    def start_screening(self):
        self._entered_state()

    @transition(
        field=state,
        source=State.SCREENING,
        target=State.ACTIVE,
        conditions=[checks_passed],
        permission=ONBOARD_PERMISSION,
    )
    def activate(self):
        self._entered_state()

    @transition(
        field=state,
        source=State.SCREENING,
        target=State.DECLINED,
        permission=ONBOARD_PERMISSION,
    )
    def decline(self):
        self._entered_state()

    @transition(
        field=state,
        source=State.ACTIVE,
        target=State.SUSPENDED,
        permission=ONBOARD_PERMISSION,
    )
    def suspend(self):
        self._entered_state()

    @transition(
        field=state,
        source=State.SUSPENDED,
        target=State.ACTIVE,
        conditions=[checks_passed],
        permission=ONBOARD_PERMISSION,
    )
    def reactivate(self):
        self._entered_state()

    def closing_date_for(self, day: datetime.date) -> datetime.date:
        """The closing date (締め日) of the billing period ``day`` falls in."""
        return calendar.closing_date_for(day, self.closing_day)

    def payment_due(self, closing_date: datetime.date) -> datetime.date:
        """When the client pays for the period closing on ``closing_date``,
        moved off bank holidays by its holiday rule (japan.md §7)."""
        return calendar.payment_date(
            closing_date,
            self.payment_month_offset,
            self.payment_day,
            self.holiday_rule,
        )

    @property
    def can_order(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def payment_terms_label(self) -> str:
        """e.g. 月末締め翌月末払い, 20日締め翌月25日払い."""
        if self.closing_day == MONTH_END:
            closing = gettext("month end")
        else:
            closing = gettext("day %(day)s") % {"day": self.closing_day}
        month = {
            0: gettext("the same month"),
            1: gettext("the next month"),
            2: gettext("the month after next"),
        }.get(self.payment_month_offset) or gettext("%(n)s months later") % {
            "n": self.payment_month_offset
        }
        if self.payment_day == MONTH_END:
            payment = gettext("end of %(month)s") % {"month": month}
        else:
            payment = gettext("day %(day)s of %(month)s") % {
                "day": self.payment_day,
                "month": month,
            }
        return gettext("closing %(closing)s, paid %(payment)s") % {
            "closing": closing,
            "payment": payment,
        }

    @property
    def direction_fee_label(self) -> str:
        if self.direction_fee_kind == self.FeeKind.FIXED:
            return format_yen(self.direction_fee_amount)
        percent = (self.direction_fee_rate * 100).normalize()
        return f"{percent:f}%"


class ScreeningCheck(models.Model):
    """One 反社チェック or credit check: its result, who checked and when."""

    class Kind(models.TextChoices):
        ANTISOCIAL = "antisocial", _("Antisocial-forces check")
        CREDIT = "credit", _("Credit check")

    client = models.ForeignKey(
        Client,
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="screening_checks",
    )
    kind = models.CharField(_("check"), max_length=12, choices=Kind.choices)
    result = models.CharField(
        _("result"),
        max_length=10,
        choices=[c for c in CheckResult.choices if c[0] != CheckResult.PENDING],
    )
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("screening check")
        verbose_name_plural = _("screening checks")
        ordering = ["-checked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["antisocial", "credit"])
                & Q(result__in=["passed", "failed"]),
                name="clients_screeningcheck_kind_result_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_result_display()}"


class ClientContact(models.Model):
    """A person at a client with a portal login (a user in the ``client`` group)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.PROTECT,
        related_name="client_contact",
    )
    client = models.ForeignKey(
        Client,
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    department = models.CharField(_("department"), max_length=100, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("client contact")
        verbose_name_plural = _("client contacts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.client})"


class MasterAgreement(models.Model):
    """A signed master agreement (基本契約) and its PDF.

    The parties' names and addresses are copied on creation, so the document
    stays what was signed when the client's record changes later. The PDF is
    rendered once (by a task after commit) and never changed; a new version is
    a new agreement.
    """

    client = models.ForeignKey(
        Client,
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    signed_on = models.DateField(_("signed on"))
    counter_signatory_name = models.CharField(_("client signatory"), max_length=100)
    counter_signatory_title = models.CharField(
        _("client signatory title"), max_length=100
    )
    operator_signatory_name = models.CharField(_("operator signatory"), max_length=100)
    operator_signatory_title = models.CharField(
        _("operator signatory title"), max_length=100
    )
    terms = models.TextField(_("terms"))
    # Snapshot of the parties as signed.
    client_name = models.CharField(_("client name"), max_length=200)
    client_address = models.CharField(_("client address"), max_length=300)
    operator_name = models.CharField(_("operator name"), max_length=200)
    operator_address = models.CharField(_("operator address"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    pdf = models.FileField(_("PDF"), upload_to="clients/agreements/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("master agreement")
        verbose_name_plural = _("master agreements")
        ordering = ["client", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "version"], name="clients_agreement_one_per_version"
            ),
            models.CheckConstraint(
                condition=Q(pdf_sha256="") | Q(pdf_sha256__regex=r"^[0-9a-f]{64}$"),
                name="clients_agreement_sha256_length",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(client)s master agreement v%(version)s") % {
            "client": self.client_name,
            "version": self.version,
        }

    @property
    def is_rendered(self) -> bool:
        return bool(self.pdf_sha256)

    def delete(self, *args, **kwargs):
        if self.is_rendered:
            raise ValidationError(
                gettext("A rendered master agreement cannot be deleted.")
            )
        return super().delete(*args, **kwargs)


class MasterAgreementAcceptance(models.Model):
    """A client contact's click accepting a master agreement in the portal:
    the SHA-256 of the exact terms, when, from where and which browser."""

    agreement = models.ForeignKey(
        MasterAgreement,
        verbose_name=_("master agreement"),
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    contact = models.ForeignKey(
        ClientContact,
        verbose_name=_("client contact"),
        on_delete=models.PROTECT,
        related_name="agreement_acceptances",
    )
    contact_name = models.CharField(_("name"), max_length=100)
    terms_sha256 = models.CharField(_("SHA-256 of the terms"), max_length=64)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("master agreement acceptance")
        verbose_name_plural = _("master agreement acceptances")
        ordering = ["accepted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "contact"], name="clients_agreement_accepted_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.contact_name}"


class ClientUserObjectPermission(UserObjectPermissionBase):
    """Direct FK object permissions (guardian): deleted with their client."""

    content_object = models.ForeignKey(Client, on_delete=models.CASCADE)


class ClientGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Client, on_delete=models.CASCADE)
