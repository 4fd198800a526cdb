"""Hourly project work (時給制): time logged by the worker, approved per week.

A project subtask with ``HourlyTerms`` is paid by the week: the hours the
director approves (Monday to Sunday, at most the weekly cap unless an
override is recorded) times the hourly rate. ``WeeklyTimesheet.reward`` is
what the payouts pay for that week, instead of the subtask's fixed reward.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprise.money import format_yen

HOURS = {"max_digits": 6, "decimal_places": 2}


class HourlyTerms(models.Model):
    """The rate and weekly cap agreed for an hourly subtask (set before offering)."""

    subtask = models.OneToOneField(
        "engagements.Subtask", on_delete=models.CASCADE, related_name="hourly_terms"
    )
    hourly_rate = models.PositiveIntegerField(
        _("hourly rate (yen, excl. tax)"), validators=[MinValueValidator(1)]
    )
    weekly_cap_hours = models.DecimalField(
        _("weekly cap (hours)"),
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(168)],
        **HOURS,
    )
    # Only when the client's accepted quote has an hourly line: approved hours
    # are then billed at that line's unit price, copied here. Otherwise the
    # client pays the quoted price.
    client_quote_line = models.ForeignKey(
        "engagements.QuoteLine",
        verbose_name=_("hourly line of the quote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hourly_terms",
    )
    client_hourly_rate = models.PositiveIntegerField(
        _("client hourly rate (yen, excl. tax)"),
        null=True,
        blank=True,
        help_text=_(
            "The unit price of the quote's hourly line; empty: the quoted price stands."
        ),
    )
    approval_days = models.PositiveSmallIntegerField(
        _("days to approve a week"),
        default=3,
        help_text=_("After this many days past Sunday the week is approved as logged."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hourly terms")
        verbose_name_plural = _("hourly terms")

    def __str__(self) -> str:
        return f"{self.subtask} {format_yen(self.hourly_rate)}/h"


class TimesheetState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    QUESTIONED = "questioned", _("Questioned")
    APPROVED = "approved", pgettext_lazy("timesheet state", "Approved")


class WeeklyTimesheet(models.Model):
    """One week (Monday to Sunday) of an hourly subtask, and its reward.

    The payable item for payouts once approved: ``reward`` yen to ``worker``;
    payouts set ``paid_at``. ``client_amount`` is set only when the client is
    billed by the hour.
    """

    State = TimesheetState

    subtask = models.ForeignKey(
        "engagements.Subtask", on_delete=models.PROTECT, related_name="timesheets"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="timesheets"
    )
    week_start = models.DateField(_("week of"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=TimesheetState.choices,
        default=TimesheetState.PENDING,
    )
    approve_by = models.DateField(_("approved automatically after"))
    hours_logged = models.DecimalField(_("hours logged"), default=0, **HOURS)
    hours_approved = models.DecimalField(
        _("hours approved"), null=True, blank=True, **HOURS
    )
    hourly_rate = models.PositiveIntegerField(_("hourly rate"))
    cap_hours = models.DecimalField(_("weekly cap (hours)"), **HOURS)
    override_reason = models.TextField(_("reason for exceeding the cap"), blank=True)
    reward = models.PositiveBigIntegerField(_("reward (yen, excl. tax)"), default=0)
    client_amount = models.PositiveBigIntegerField(null=True, blank=True)
    question = models.TextField(_("question to the worker"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_automatically = models.BooleanField(default=False)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("weekly timesheet")
        verbose_name_plural = _("weekly timesheets")
        ordering = ["-week_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subtask", "week_start"], name="one_timesheet_per_week"
            ),
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(hours_approved__isnull=False),
                name="approved_timesheet_has_hours",
            ),
        ]
        indexes = [
            models.Index(
                fields=["approve_by"],
                condition=Q(state="pending"),
                name="timesheet_auto_approval",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subtask} {self.week_start:%Y-%m-%d}"


class TimeEntry(models.Model):
    """Hours worked on one day, with what was done."""

    timesheet = models.ForeignKey(
        WeeklyTimesheet, on_delete=models.CASCADE, related_name="entries"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(24)],
    )
    note = models.TextField(_("what was done"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="time_entry_hours_in_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.hours}h"
