"""Task format (タスク形式): a batch of micro-units many workers claim and answer.

A batch belongs to a subtask with ``work_format=task``. Its units are
imported from a CSV; with redundancy k each CSV row becomes k units (one per
worker) that share the row number, and the row's answer is the majority.
Mechanical Turk is the reference: claim, submit, approve or reject, and
approval happens by itself after a set number of days.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from .. import rules


class BatchState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("batch state", "Being prepared")
    OPEN = "open", _("Open to workers")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", pgettext_lazy("batch state", "Closed")


class TaskBatch(FSMModelMixin, models.Model):
    """The template every unit of a batch follows, and the batch's rules."""

    State = BatchState

    subtask = models.OneToOneField(
        "engagements.Subtask", on_delete=models.CASCADE, related_name="batch"
    )
    instructions = models.TextField(_("instructions for each unit"))
    input_fields = models.JSONField(
        _("input columns"), help_text=_("The CSV columns each unit shows.")
    )
    answer_fields = models.JSONField(
        _("answer fields"), help_text=_("What the worker fills in for each unit.")
    )
    unit_reward = models.PositiveIntegerField(
        _("reward per unit (yen, excl. tax)"), validators=[MinValueValidator(1)]
    )
    minutes_per_claim = models.PositiveSmallIntegerField(
        _("minutes allowed per claimed unit"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    max_units_per_worker = models.PositiveIntegerField(
        _("most units per worker"), default=100, validators=[MinValueValidator(1)]
    )
    required_skill = models.ForeignKey(
        "enterprise.Skill",
        verbose_name=_("required skill"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    required_level = models.ForeignKey(
        "workers.CertificationLevel",
        verbose_name=_("required certification"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    redundancy = models.PositiveSmallIntegerField(
        _("workers per unit"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("More than 1: the answer is taken by majority."),
    )
    auto_approve_days = models.PositiveSmallIntegerField(
        _("approved automatically after (days)"), default=3
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("days a worker may appeal a rejection"), default=7
    )
    rejection_cap_min = models.PositiveSmallIntegerField(
        _("rejections allowed per worker, at least"), default=3
    )
    rejection_cap_rate = models.DecimalField(
        _("rejections allowed per worker (share of their units)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.30"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    state = FSMField(
        _("state"), default=BatchState.DRAFT, choices=BatchState.choices, protected=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task batch")
        verbose_name_plural = _("task batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.subtask)

    @property
    def engagement(self):
        """For the permission rules, which look a subtask's engagement up."""
        return self.subtask.engagement

    def rejection_cap(self, units: int) -> int:
        """Rejections allowed to a worker who did ``units`` units of this batch."""
        return max(self.rejection_cap_min, int(self.rejection_cap_rate * units))

    @transition(
        state,
        source=[BatchState.DRAFT, BatchState.PAUSED],
        target=BatchState.OPEN,
        permission=rules.is_director,
    )
    def publish(self):
        pass

    @transition(
        state,
        source=BatchState.OPEN,
        target=BatchState.PAUSED,
        permission=rules.is_director,
    )
    def pause(self):
        pass

    @transition(
        state,
        source=[BatchState.OPEN, BatchState.PAUSED],
        target=BatchState.CLOSED,
        permission=rules.is_director,
    )
    def close(self):
        pass


class UnitState(models.TextChoices):
    OPEN = "open", _("Not started")
    CLAIMED = "claimed", _("Claimed")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", pgettext_lazy("task unit state", "Approved")
    REJECTED = "rejected", _("Not approved")


class TaskRejectReason(models.TextChoices):
    GOLD = "gold_mismatch", _("The known answer of a check unit was missed")
    MAJORITY = "majority_mismatch", _("Differs from the row's agreed answer")
    INCOMPLETE = "incomplete", _("Answer incomplete")
    INSTRUCTIONS = "instructions", _("Instructions not followed")
    SPAM = "spam", _("Random or copied answers")


class TaskUnit(models.Model):
    """One unit of work: one CSV row for one worker.

    States change in bulk (claim, expiry, approval) with conditional UPDATEs,
    never one row at a time, so there is no FSM field here: each service
    names the state it moves from in its WHERE clause.
    """

    State = UnitState
    RejectReason = TaskRejectReason

    batch = models.ForeignKey(TaskBatch, on_delete=models.CASCADE, related_name="units")
    row_number = models.PositiveIntegerField(_("row"))
    replica = models.PositiveSmallIntegerField(default=1)
    input = models.JSONField(_("input"))
    gold_answer = models.JSONField(_("known answer"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=UnitState.choices, default=UnitState.OPEN
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_units",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("submit by"), null=True, blank=True)
    answer = models.JSONField(_("answer"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    auto_approve_at = models.DateTimeField(null=True, blank=True)
    # Quality: a gold unit's answer checked against the known one; with
    # redundancy, the row's majority answer once all k are in.
    gold_correct = models.BooleanField(null=True, blank=True)
    consensus = models.JSONField(_("majority answer"), null=True, blank=True)
    agrees = models.BooleanField(_("agrees with the majority"), null=True, blank=True)
    disputed = models.BooleanField(_("no majority"), default=False)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_automatically = models.BooleanField(default=False)
    rejection_code = models.CharField(
        _("reason code"), max_length=20, choices=TaskRejectReason.choices, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True)
    # Payouts mark the approved units they paid.
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("task unit")
        verbose_name_plural = _("task units")
        ordering = ["batch", "row_number", "replica"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number", "replica"], name="task_unit_row_replica"
            ),
            # Redundancy means k different workers: one never answers a row twice.
            models.UniqueConstraint(
                fields=["batch", "row_number", "claimed_by"],
                condition=Q(claimed_by__isnull=False),
                name="task_unit_row_once_per_worker",
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(claimed_by__isnull=False),
                name="task_unit_held_by_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["batch", "state", "id"], name="task_unit_pool"),
            models.Index(fields=["claimed_by", "state"], name="task_unit_worker"),
            # A claim counts the units the worker already has in the batch
            # (its limit): read from this index alone, not the worker's units
            # of every batch filtered on the table (issue 15).
            models.Index(fields=["batch", "claimed_by"], name="task_unit_batch_worker"),
            models.Index(
                fields=["expires_at"],
                condition=Q(state="claimed"),
                name="task_unit_expiry",
            ),
            models.Index(
                fields=["auto_approve_at"],
                condition=Q(state="submitted"),
                name="task_unit_auto_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} #{self.row_number}/{self.replica}"

    @property
    def is_gold(self) -> bool:
        return self.gold_answer is not None


class AppealState(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    UPHELD = "upheld", _("Upheld: rejection reversed")
    DISMISSED = "dismissed", _("Dismissed")


class TaskAppeal(models.Model):
    """A worker's appeal against the rejection of one unit."""

    State = AppealState

    unit = models.OneToOneField(
        TaskUnit, on_delete=models.CASCADE, related_name="appeal"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why the rejection is wrong"))
    created_at = models.DateTimeField(_("appealed"), auto_now_add=True)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AppealState.choices,
        default=AppealState.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.state}"
