"""Disputes (仲裁): a ticket of kind dispute, its parties' claims, evidence and
the outcome, which is applied through the services that own the documents
(a credit note, a payout line released, held or reduced, an extra revision
round) and linked here, never by editing a document."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .tickets import Ticket


class Party(models.TextChoices):
    CLIENT = "client", _("Client")
    WORKER = "worker", _("Worker")
    OPERATOR = "operator", _("Operator")


class Dispute(models.Model):
    """The mediation record of a dispute ticket: who is on each side."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="dispute"
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=False) | Q(worker__isnull=False),
                name="support_dispute_names_a_party",
            )
        ]

    def __str__(self) -> str:
        return str(self.ticket)


class DisputeClaim(models.Model):
    """What one party says happened and what they ask for."""

    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="claims"
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    statement = models.TextField(_("claim"))
    amount = models.PositiveBigIntegerField(
        _("amount claimed (yen)"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return self.statement[:40]


def evidence_upload_to(instance, filename: str) -> str:
    return f"support/disputes/{instance.dispute_id}/{filename}"


class DisputeEvidence(models.Model):
    """A file or a note one party offers in support of its claim."""

    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="evidence"
    )
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    note = models.TextField(_("description"))
    file = models.FileField(upload_to=evidence_upload_to, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = pgettext_lazy("dispute", "evidence")
        verbose_name_plural = pgettext_lazy("dispute", "evidence")

    def __str__(self) -> str:
        return self.note[:40]


class OutcomeKind(models.TextChoices):
    CREDIT_NOTE = "credit_note", _("Credit note to the client")
    PAYOUT_RELEASED = "payout_released", _("Held payout line released")
    PAYOUT_HELD = "payout_held", _("Payout line held")
    PAYOUT_REDUCED = "payout_reduced", _("Payout line reduced")
    EXTRA_REVISION = "extra_revision", _("Extra revision round")
    NO_CHANGE = "no_change", _("No change")


class DisputeOutcome(models.Model):
    """How the dispute ended, with a link to what the owning service made."""

    Kind = OutcomeKind

    dispute = models.OneToOneField(
        Dispute, on_delete=models.PROTECT, related_name="outcome"
    )
    kind = models.CharField(_("outcome"), max_length=20, choices=OutcomeKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (yen)"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    credit_note = models.ForeignKey(
        "invoicing.CreditNote",
        verbose_name=_("credit note"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    payout_line = models.ForeignKey(
        "invoicing.PayoutLine",
        verbose_name=_("payout line"),
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
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dispute outcome")
        verbose_name_plural = _("dispute outcomes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OutcomeKind.CREDIT_NOTE)
                | Q(credit_note__isnull=False),
                name="support_outcome_credit_note_linked",
            ),
            models.CheckConstraint(
                condition=~Q(
                    kind__in=[
                        OutcomeKind.PAYOUT_RELEASED,
                        OutcomeKind.PAYOUT_HELD,
                        OutcomeKind.PAYOUT_REDUCED,
                    ]
                )
                | Q(payout_line__isnull=False),
                name="support_outcome_payout_line_linked",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
