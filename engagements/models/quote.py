from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from .. import rules


class CatalogueItem(models.Model):
    """A standard package with its standard price (標準価格, seed report §7.3)."""

    category = models.ForeignKey(
        "enterprise.WorkCategory", verbose_name=_("category"), on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, default="式")
    unit_price = models.PositiveBigIntegerField(_("unit price (yen)"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue")
        ordering = ["category__sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class QuoteState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("quote state", "Declined")
    SUPERSEDED = "superseded", pgettext_lazy("quote state", "Superseded")


class Quote(models.Model):
    """One revision of an engagement's quote (見積書).

    A change after sending makes a new revision; the old ones stay readable.
    Amounts are computed by the quote service and frozen once sent: the
    direction fee terms and tax rounding are copied from the client then.
    """

    State = QuoteState

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="quotes"
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    state = models.CharField(
        _("state"), max_length=20, choices=QuoteState.choices, default=QuoteState.DRAFT
    )
    number = models.CharField(_("quote number"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    notes = models.TextField(_("notes"), blank=True)
    direction_fee_kind = models.CharField(_("direction fee kind"), max_length=10)
    direction_fee_rate = models.DecimalField(
        _("direction fee rate"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    direction_fee_fixed = models.PositiveBigIntegerField(
        _("fixed direction fee"), null=True, blank=True
    )
    tax_rounding = models.CharField(_("tax rounding"), max_length=10, default="down")
    work_subtotal = models.PositiveBigIntegerField(_("work subtotal"), default=0)
    direction_fee = models.PositiveBigIntegerField(_("direction fee"), default=0)
    tax = models.PositiveBigIntegerField(_("consumption tax"), default=0)
    total = models.PositiveBigIntegerField(_("total"), default=0)
    tax_breakdown = models.JSONField(_("tax by rate"), default=list, blank=True)
    # Cancellation terms (解約条件), printed on the quote and the order
    # confirmation: a cancelled engagement is billed this share of the
    # quoted completion work in proportion to the work already approved.
    cancellation_rate = models.DecimalField(
        _("share billed on cancellation"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_from_ip = models.GenericIPAddressField(null=True, blank=True)
    pdf = models.FileField(upload_to="quotes/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    order_confirmation_pdf = models.FileField(
        upload_to="order-confirmations/", blank=True
    )
    order_confirmation_pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["engagement", "-revision"]
        indexes = [
            # The sales dashboard's open quotes, soonest to expire first, and
            # their count: found by state, not by scanning every revision.
            models.Index(
                fields=["state", "valid_until", "id"], name="quote_state_expiry_idx"
            ),
            # The sales pipeline's value by stage sums the sent and accepted
            # quotes of 10,000 engagements: read from this index alone.
            models.Index(
                fields=["state"],
                include=["engagement", "work_subtotal", "direction_fee"],
                name="quote_state_value_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "revision"], name="quote_revision_unique"
            ),
            # Sending moves the engagement to quoted, and a new revision
            # supersedes the sent quote first; accepting moves it on to
            # contracted, from which nothing is sent again. So an engagement
            # has at most one quote out or agreed (the pipeline counts on it).
            models.UniqueConstraint(
                fields=["engagement"],
                condition=Q(state__in=[QuoteState.SENT, QuoteState.ACCEPTED]),
                name="quote_one_live_per_engagement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement} rev.{self.revision}"


class LineBilling(models.TextChoices):
    COMPLETION = "completion", _("On completion")
    MILESTONE = "milestone", _("At a milestone")
    MONTHLY = "monthly", _("Monthly fixed fee")


class QuoteLine(models.Model):
    Billing = LineBilling

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, default=Decimal("1")
    )
    unit = models.CharField(_("unit"), max_length=20, default="式")
    unit_price = models.PositiveBigIntegerField(_("unit price (yen)"))
    tax_rate = models.DecimalField(
        _("tax rate"), max_digits=4, decimal_places=3, default=Decimal("0.10")
    )
    catalogue_item = models.ForeignKey(
        CatalogueItem, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Hourly work quoted by the hour: the unit price is the client's hourly
    # rate and the quantity the estimated hours. The hours approved week by
    # week are billed instead of the line (the quote total is the estimate).
    billed_hourly = models.BooleanField(
        _("billed by the approved hours (hourly rate)"), default=False
    )
    # When the line is billed: with the engagement on completion, as a
    # milestone (着手金・中間金・残金) at the first close after the client
    # accepts it, or as a monthly fixed fee at every close until the
    # engagement ends.
    billing = models.CharField(
        _("billed"),
        max_length=12,
        choices=LineBilling.choices,
        default=LineBilling.COMPLETION,
    )

    class Meta:
        ordering = ["quote", "position", "id"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self) -> int:
        """quantity × unit price, to the yen (fractions of a yen cut off)."""
        return int(self.quantity * self.unit_price)


class MilestoneState(models.TextChoices):
    PENDING = "pending", _("Not yet accepted")
    ACCEPTED = "accepted", _("Accepted")


class Milestone(FSMModelMixin, models.Model):
    """The acceptance of a milestone line of an accepted quote (着手金,
    中間金, 残金): once accepted, the line is billed at the next close."""

    State = MilestoneState

    quote_line = models.OneToOneField(
        QuoteLine, on_delete=models.PROTECT, related_name="milestone"
    )
    state = FSMField(
        _("state"),
        default=MilestoneState.PENDING,
        choices=MilestoneState.choices,
        protected=True,
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return str(self.quote_line)

    @property
    def engagement(self):
        return self.quote_line.quote.engagement

    @transition(
        state,
        source=MilestoneState.PENDING,
        target=MilestoneState.ACCEPTED,
        permission=rules.is_client_contact_or_sales,
    )
    def accept(self, *, at, by_user):
        self.accepted_at, self.accepted_by = at, by_user
