from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from .. import rules


class WorkFormat(models.TextChoices):
    PROJECT = "project", _("Project")
    COMPETITION = "competition", _("Competition")
    TASK = "task", _("Task batch")


class SubtaskState(models.TextChoices):
    OPEN = "open", pgettext_lazy("subtask state", "Open")
    OFFERED = "offered", _("Offered")
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Submitted")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    APPROVED = "approved", pgettext_lazy("subtask state", "Approved")
    PAID = "paid", pgettext_lazy("subtask state", "Paid")
    CANCELLED = "cancelled", _("Cancelled")


S = SubtaskState
WORKING_STATES = [S.ASSIGNED, S.SUBMITTED, S.REVISION_REQUESTED]
# Finished or dropped: nothing left for the director or the worker.
DONE_STATES = [S.APPROVED, S.PAID, S.CANCELLED]


class Subtask(FSMModelMixin, models.Model):
    """A piece of an engagement given to one worker (作業)."""

    State = SubtaskState
    Format = WorkFormat

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="subtasks"
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"))
    deliverable_spec = models.TextField(_("deliverable specification"))
    work_format = models.CharField(
        _("format"),
        max_length=20,
        choices=WorkFormat.choices,
        default=WorkFormat.PROJECT,
    )
    required_skill = models.ForeignKey(
        "enterprise.Skill",
        verbose_name=_("required skill"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    required_level = models.CharField(
        _("required certification"), max_length=40, blank=True
    )
    reward = models.PositiveBigIntegerField(_("reward (yen, excl. tax)"))
    due_at = models.DateTimeField(_("due"))
    revisions_included = models.PositiveSmallIntegerField(
        _("revision rounds included"), default=3
    )
    revisions_used = models.PositiveSmallIntegerField(
        _("revision rounds used"), default=0
    )
    extra_rounds_billable = models.PositiveSmallIntegerField(
        _("extra rounds the client pays"), default=0
    )
    extra_round_price = models.PositiveBigIntegerField(
        _("price of an extra round (yen)"), default=0
    )
    state = FSMField(
        _("state"), default=S.OPEN, choices=S.choices, protected=True, db_index=True
    )
    offered_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_subtasks",
    )
    escalated = models.BooleanField(_("escalated"), default=False)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    silence_flagged_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subtask")
        verbose_name_plural = _("subtasks")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["assignee", "state"]),
            # Progress counts and the board's state filter, per engagement.
            models.Index(fields=["engagement", "state"]),
            # The board's page of rows, soonest due first: read in index order
            # and stopped after one page, not 2,000 rows joined then sorted.
            models.Index(
                fields=["engagement", "due_at", "id"], name="subtask_board_order_idx"
            ),
            # Competitions and task subtasks are a handful among the project
            # subtasks: the formats page finds them without scanning them all.
            models.Index(
                fields=["work_format", "state"],
                condition=~models.Q(work_format="project"),
                name="subtask_non_project_idx",
            ),
            # The roster counts every director's subtasks still in hand: a
            # third of the table, read from this index instead of the rows.
            models.Index(
                fields=["engagement"],
                condition=~models.Q(state__in=DONE_STATES),
                name="subtask_in_hand_idx",
            ),
            # The formats page's open project subtasks (hourly candidates), a
            # few thousand among 180,000: the director's are found per
            # engagement in this small index, not by reading every row in hand.
            models.Index(
                fields=["engagement", "due_at", "id"],
                condition=models.Q(work_format="project", state="open"),
                name="subtask_open_project_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions_left(self) -> int:
        return max(
            self.revisions_included + self.extra_rounds_billable - self.revisions_used,
            0,
        )

    @transition(state, source=S.OPEN, target=S.OFFERED, permission=rules.is_director)
    def offer(self, worker):
        self.offered_to = worker

    @transition(
        state, source=S.OFFERED, target=S.ASSIGNED, permission=rules.is_offered_worker
    )
    def accept_offer(self):
        self.assignee, self.offered_to = self.offered_to, None

    @transition(
        state,
        source=S.OFFERED,
        target=S.OPEN,
        permission=rules.is_offered_worker_or_system,
    )
    def decline_offer(self):
        self.offered_to = None

    @transition(
        state, source=S.OFFERED, target=S.OPEN, permission=rules.is_director_or_system
    )
    def withdraw_offer(self):
        self.offered_to = None

    @transition(
        state,
        source=[S.ASSIGNED, S.REVISION_REQUESTED],
        target=S.SUBMITTED,
        permission=rules.is_assignee,
    )
    def submit(self):
        pass

    @transition(
        state, source=S.SUBMITTED, target=S.APPROVED, permission=rules.is_director
    )
    def approve(self, at):
        self.approved_at = at

    @transition(
        state,
        source=S.SUBMITTED,
        target=S.REVISION_REQUESTED,
        permission=rules.is_director,
        conditions=[lambda s: s.revisions_left > 0],
    )
    def request_revision(self):
        self.revisions_used += 1

    @transition(state, source=S.SUBMITTED, target=S.OPEN, permission=rules.is_director)
    def reject(self):
        self.assignee = None

    @transition(
        state, source=WORKING_STATES, target=S.OPEN, permission=rules.is_director
    )
    def reassign(self):
        self.assignee = None

    # Competition and task formats: the subtask stays open while many
    # workers take part, then is approved in one step.
    @transition(
        state,
        source=S.OPEN,
        target=S.APPROVED,
        permission=rules.is_director_or_client_contact,
        conditions=[lambda s: s.work_format == WorkFormat.COMPETITION],
    )
    def award(self, winner, at):
        """The adopted entry's worker becomes the assignee, paid the prize."""
        self.assignee, self.approved_at = winner, at

    @transition(
        state,
        source=S.OPEN,
        target=S.APPROVED,
        permission=rules.is_director_or_system,
        conditions=[lambda s: s.work_format == WorkFormat.TASK],
    )
    def complete_batch(self, at):
        self.approved_at = at

    @transition(state, source=S.APPROVED, target=S.PAID)
    def mark_paid(self):
        pass

    @transition(
        state,
        source=[S.OPEN, S.OFFERED, *WORKING_STATES],
        target=S.CANCELLED,
        permission=rules.is_director,
    )
    def cancel(self):
        self.offered_to = None


class OfferState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("offer state", "Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Offer(models.Model):
    """One offer of a subtask to one worker, and how it ended."""

    State = OfferState

    subtask = models.ForeignKey(
        Subtask, on_delete=models.CASCADE, related_name="offers"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers"
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("answer by"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=OfferState.choices,
        default=OfferState.PENDING,
        db_index=True,
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-offered_at"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            # At most one offer of a subtask is waiting for an answer.
            models.UniqueConstraint(
                fields=["subtask"],
                condition=models.Q(state="pending"),
                name="one_pending_offer_per_subtask",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subtask} → {self.worker}"


class Assignment(models.Model):
    """The terms a worker accepted: what the worker order (発注書) is made from.

    Copied at acceptance so a later edit of the subtask cannot change what was
    ordered (Freelance Act §3: terms disclosed at ordering).
    """

    subtask = models.ForeignKey(
        Subtask, on_delete=models.PROTECT, related_name="assignments"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    accepted_at = models.DateTimeField()
    reward = models.PositiveBigIntegerField(_("reward (yen, excl. tax)"))
    due_at = models.DateTimeField(_("due"))
    description = models.TextField(_("description"))
    deliverable_spec = models.TextField(_("deliverable specification"))
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.subtask} ({self.worker})"
