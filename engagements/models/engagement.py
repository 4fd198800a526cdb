from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from .. import rules


class EngagementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCREENING = "screening", _("Screening")
    QUOTING = "quoting", _("Quoting")
    QUOTED = "quoted", _("Quoted")
    DECLINED = "declined", pgettext_lazy("engagement state", "Declined")
    CONTRACTED = "contracted", _("Contracted")
    PLANNING = "planning", _("Planning")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    INVOICED = "invoiced", _("Invoiced")
    CANCELLED = "cancelled", _("Cancelled")


S = EngagementState
OPEN_STATES = [
    S.DRAFT,
    S.SCREENING,
    S.QUOTING,
    S.QUOTED,
    S.CONTRACTED,
    S.PLANNING,
    S.IN_PROGRESS,
    S.DELIVERED,
]


class Engagement(FSMModelMixin, models.Model):
    """A whole job a corporate client orders (案件), with its order form.

    The order form fields (purpose, deliverables, acceptance criteria, ...)
    are separate on purpose: the industry's most common trouble is
    misread instructions (seed report §10.2–10.3).
    """

    State = EngagementState

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        "enterprise.WorkCategory", verbose_name=_("category"), on_delete=models.PROTECT
    )
    purpose = models.TextField(_("purpose"))
    deliverables = models.TextField(_("deliverables"))
    acceptance_criteria = models.TextField(_("acceptance criteria"))
    reference_material = models.TextField(_("reference material"), blank=True)
    constraints = models.TextField(_("constraints"), blank=True)
    deadline = models.DateField(_("deadline"))
    budget = models.PositiveBigIntegerField(_("budget (yen, excl. tax)"))
    revision_limit = models.PositiveSmallIntegerField(
        _("revision rounds included per subtask"), default=3
    )
    sales_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sales owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("director"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directed_engagements",
    )
    state = FSMField(
        _("state"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True
    )
    screening_hits = models.JSONField(_("screening hits"), default=list, blank=True)
    over_budget_reason = models.TextField(_("over-budget reason"), blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    contracted_at = models.DateTimeField(_("contracted"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-created_at", "-id"]
        # The lists' first page read in index order, not sorted from all rows:
        # sales by newest, directors by deadline.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="engagement_newest_idx"),
            models.Index(
                fields=["director", "deadline", "id"], name="engagement_director_idx"
            ),
            # A director's open engagements (a handful among thousands closed)
            # and their count by state, from the index alone: the dashboard's
            # lists start from these ids.
            models.Index(
                fields=["director", "state", "id"],
                name="engagement_director_state_idx",
            ),
            # The sales pipeline joins the quotes to the engagements of five
            # stages (11,000 at full scale) by id: read from the index alone.
            models.Index(fields=["state", "id"], name="engagement_state_id_idx"),
            # The count of a sales owner's open quotes: a probe per sent quote
            # into this index, not a scan of every engagement (a salesperson
            # may own them all).
            models.Index(
                fields=["sales_owner", "id"], name="engagement_sales_owner_id_idx"
            ),
        ]
        permissions = [
            ("clear_screening", _("Can clear or refuse engagements held for screening"))
        ]

    def __str__(self) -> str:
        return self.title

    # Transitions: bodies only set fields; services save, log and notify.
    @transition(state, source=S.DRAFT, target=S.QUOTING, permission=rules.is_sales)
    def submit_for_quote(self):
        pass

    @transition(state, source=S.DRAFT, target=S.SCREENING, permission=rules.is_sales)
    def hold_for_screening(self, hits):
        self.screening_hits = hits

    @transition(state, source=S.SCREENING, target=S.QUOTING, permission=rules.is_staff)
    def clear_screening(self):
        pass

    @transition(
        state, source=S.SCREENING, target=S.CANCELLED, permission=rules.is_staff
    )
    def refuse_screening(self, note):
        self.cancel_reason = note

    @transition(state, source=S.QUOTING, target=S.QUOTED, permission=rules.is_sales)
    def send_quote(self):
        pass

    @transition(state, source=S.QUOTED, target=S.QUOTING, permission=rules.is_sales)
    def reopen_quote(self):
        pass

    @transition(
        state, source=S.QUOTED, target=S.CONTRACTED, permission=rules.is_client_contact
    )
    def accept(self, at):
        self.contracted_at = at

    @transition(
        state, source=S.QUOTED, target=S.DECLINED, permission=rules.is_client_contact
    )
    def decline(self):
        pass

    @transition(
        state, source=S.CONTRACTED, target=S.PLANNING, permission=rules.is_director
    )
    def start_planning(self):
        pass

    @transition(
        state,
        source=S.PLANNING,
        target=S.IN_PROGRESS,
        permission=rules.is_director,
        conditions=[rules.every_subtask_assigned],
    )
    def start_work(self):
        pass

    @transition(
        state,
        source=S.IN_PROGRESS,
        target=S.DELIVERED,
        permission=rules.is_director,
        conditions=[rules.every_subtask_approved],
    )
    def deliver(self, at):
        self.delivered_at = at

    @transition(
        state,
        source=S.DELIVERED,
        target=S.COMPLETED,
        permission=rules.is_client_contact_or_system,
    )
    def accept_delivery(self, at):
        self.completed_at = at

    @transition(
        state,
        source=S.DELIVERED,
        target=S.IN_PROGRESS,
        permission=rules.is_client_contact,
    )
    def request_changes(self):
        pass

    @transition(state, source=S.COMPLETED, target=S.INVOICED)
    def mark_invoiced(self):
        pass

    @transition(
        state,
        source=OPEN_STATES,
        target=S.CANCELLED,
        permission=rules.is_sales_staff_or_director,
    )
    def cancel(self, note):
        self.cancel_reason = note


class ScreeningKeyword(models.Model):
    """A phrase that sends a new engagement to screening (seed report §10.3)."""

    phrase = models.CharField(_("phrase"), max_length=100, unique=True)
    reason = models.CharField(_("why it is risky"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("screening keyword")
        verbose_name_plural = _("screening keywords")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase
