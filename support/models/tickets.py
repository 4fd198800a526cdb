"""Tickets (お問い合わせ): inquiries, work requests and disputes, their
conversation and attachments, and the categories that set their SLA.

A ticket is about at most one object (an engagement, subtask, quote, invoice,
payout statement or worker order), named by explicit nullable foreign keys
so lists can ``select_related`` them and the database keeps them honest.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from enterprise.models import BilingualName

from .. import rules


class Team(models.TextChoices):
    """Whose queue a category's tickets land in."""

    SUPPORT = "support", _("Support")
    SALES = "sales", _("Sales")


class TicketCategory(BilingualName):
    """An operator-editable category (admin) with its SLA targets, counted in
    business hours on the operator's calendar."""

    team = models.CharField(
        _("queue"), max_length=20, choices=Team.choices, default=Team.SUPPORT
    )
    first_response_hours = models.PositiveSmallIntegerField(
        _("first response within (business hours)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
    )
    resolution_hours = models.PositiveSmallIntegerField(
        _("resolution within (business hours)"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )
    for_clients = models.BooleanField(_("offered to clients"), default=True)
    for_workers = models.BooleanField(_("offered to workers"), default=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution_hours__gte=models.F("first_response_hours")),
                name="support_category_resolution_after_first_response",
            )
        ]


class TicketKind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    WORK_REQUEST = "work_request", _("New work request")
    DISPUTE = "dispute", _("Dispute")


class TicketPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class TicketChannel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    PHONE = "phone", _("Phone")
    EMAIL = "email", pgettext_lazy("ticket channel", "E-mail")


class TicketState(models.TextChoices):
    OPEN = "open", pgettext_lazy("ticket state", "Open")
    WAITING = "waiting", _("Waiting on requester")
    RESOLVED = "resolved", pgettext_lazy("ticket state", "Resolved")
    CLOSED = "closed", pgettext_lazy("ticket state", "Closed")


class Ticket(FSMModelMixin, models.Model):
    """One inquiry, work request or dispute from a client contact or a worker,
    or written by staff on their behalf (a phone call)."""

    Kind = TicketKind
    Priority = TicketPriority
    Channel = TicketChannel
    State = TicketState

    kind = models.CharField(
        _("kind"), max_length=20, choices=TicketKind.choices, default="inquiry"
    )
    category = models.ForeignKey(
        TicketCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    priority = models.CharField(
        _("priority"),
        max_length=10,
        choices=TicketPriority.choices,
        default=TicketPriority.NORMAL,
    )
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=TicketChannel.choices,
        default=TicketChannel.PORTAL,
    )
    title = models.CharField(_("subject"), max_length=200)
    state = FSMField(
        _("state"),
        default=TicketState.OPEN,
        choices=TicketState.choices,
        protected=True,
        db_index=True,
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="support_tickets",
    )
    # The requester's company when a client contact asks (scopes the portal).
    company = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_tickets",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Staff who wrote it on the requester's behalf, or the requester."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    # What it is about: at most one of these.
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subtask = models.ForeignKey(
        "engagements.Subtask",
        verbose_name=_("subtask"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quote = models.ForeignKey(
        "engagements.Quote",
        verbose_name=_("quote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    invoice = models.ForeignKey(
        "invoicing.Invoice",
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    payout_statement = models.ForeignKey(
        "invoicing.PayoutStatement",
        verbose_name=_("payout statement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker_order = models.ForeignKey(
        "invoicing.WorkerOrder",
        verbose_name=_("worker order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A work request's structured intake (what, budget, deadline), kept as
    # entered; the engagement sales makes from it is ``engagement``.
    intake = models.JSONField(_("request details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last activity"), auto_now=True)
    first_response_due = models.DateTimeField(_("first response due"))
    resolution_due = models.DateTimeField(_("resolution due"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    sla_reminded_at = models.DateTimeField(null=True, blank=True)
    # CSAT: the requester's rating of the support, once, after it closes.
    csat_score = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    csat_comment = models.TextField(_("comment on the support"), blank=True)
    csat_at = models.DateTimeField(null=True, blank=True)

    SUBJECT_FIELDS = (
        "engagement",
        "subtask",
        "quote",
        "invoice",
        "payout_statement",
        "worker_order",
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["category", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(csat_score__isnull=True)
                | Q(csat_score__gte=1, csat_score__lte=5),
                name="support_ticket_csat_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(resolution_due__gte=models.F("first_response_due")),
                name="support_ticket_resolution_due_after_first_response",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"T-{self.pk or 0:06d}"

    @property
    def subject_object(self):
        """The object the ticket is about, or None."""
        for name in self.SUBJECT_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def is_active(self) -> bool:
        return self.state in (TicketState.OPEN, TicketState.WAITING)

    def first_response_breached(self, now=None) -> bool:
        now = now or timezone.now()
        if self.first_response_at:
            return self.first_response_at > self.first_response_due
        return self.is_active and now > self.first_response_due

    def resolution_breached(self, now=None) -> bool:
        now = now or timezone.now()
        if self.resolved_at:
            return self.resolved_at > self.resolution_due
        return self.is_active and now > self.resolution_due

    @property
    def sla_breached(self) -> bool:
        return self.first_response_breached() or self.resolution_breached()

    def within_reopen_window(self) -> bool:
        if not self.resolved_at:
            return False
        days = settings.SUPPORT_REOPEN_DAYS
        return timezone.now() <= self.resolved_at + timedelta(days=days)

    @transition(
        state,
        source=TicketState.OPEN,
        target=TicketState.WAITING,
        permission=rules.is_support,
    )
    def wait_on_requester(self):
        pass

    @transition(
        state,
        source=TicketState.WAITING,
        target=TicketState.OPEN,
        permission=rules.is_requester_or_support,
    )
    def requester_replied(self):
        pass

    @transition(
        state,
        source=[TicketState.OPEN, TicketState.WAITING],
        target=TicketState.RESOLVED,
        permission=rules.is_support,
    )
    def resolve(self):
        self.resolved_at = timezone.now()

    @transition(
        state,
        source=TicketState.RESOLVED,
        target=TicketState.CLOSED,
        permission=rules.is_requester_or_support,
    )
    def close(self):
        self.closed_at = timezone.now()

    @transition(
        state,
        source=[TicketState.RESOLVED, TicketState.CLOSED],
        target=TicketState.OPEN,
        conditions=[within_reopen_window],
        permission=rules.is_requester_or_support,
    )
    def reopen(self):
        self.resolved_at = None
        self.closed_at = None


class TicketMessage(models.Model):
    """One entry of the conversation. An internal note is for staff only:
    the requester never sees it and no mail about it leaves the desk."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")

    def __str__(self) -> str:
        return self.body[:40]


def attachment_upload_to(instance, filename: str) -> str:
    # Under MEDIA_ROOT, which the web server never serves: downloads go
    # through a view that checks who is asking.
    return f"support/{instance.message.ticket_id}/{instance.message_id}/{filename}"


class TicketAttachment(models.Model):
    """A file sent with a message; as visible as its message."""

    message = models.ForeignKey(
        TicketMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_upload_to)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
