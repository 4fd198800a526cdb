"""Disputes (仲裁): open one, record claims and evidence, apply the outcome.

The outcome is applied by the service that owns the document (a credit note
by billing, a released payout line by payouts, an extra revision round by
engagements), under that service's own rights check, and linked here with
an audit row on the ticket. Nothing here edits an invoice or a statement.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from engagements.services.work import subtask_add_paid_round
from enterprise.audit import log_action
from enterprise.notify import notify
from invoicing.models import PayoutLine
from invoicing.services.billing import CreditLineInput, credit_note_issue
from invoicing.services.payouts import payout_line_release
from invoicing.services.payouts.holds import payout_line_hold

from ..models import (
    Dispute,
    DisputeClaim,
    DisputeEvidence,
    DisputeOutcome,
    OutcomeKind,
    Ticket,
)
from ..selectors import is_desk
from ._base import file_digest, lock, require, ticket_url
from .tickets import ticket_resolve


def _desk_only(by) -> None:
    if not is_desk(by):
        raise PermissionDenied


@transaction.atomic
def dispute_open(*, ticket: Ticket, by, client=None, worker=None) -> Dispute:
    """Turn a ticket into a dispute naming its parties (client and/or worker).

    The requester's first message is recorded as their party's claim.
    """
    _desk_only(by)
    ticket = lock(Ticket, ticket.pk)
    require(
        client is not None or worker is not None,
        _("Name the client, the worker, or both."),
    )
    require(not hasattr(ticket, "dispute"), _("This ticket is already a dispute."))
    dispute = Dispute.objects.create(ticket=ticket, client=client, worker=worker)
    kind_before = ticket.kind
    ticket.kind = Ticket.Kind.DISPUTE
    ticket.save(update_fields=["kind"])
    first = ticket.messages.order_by("created_at", "id").first()
    if first is not None:
        party = "client" if ticket.company_id else "worker"
        DisputeClaim.objects.create(
            dispute=dispute, party=party, statement=first.body, recorded_by=by
        )
    log_action(
        target=ticket,
        action="support.dispute.opened",
        by=by,
        data={
            "from_kind": kind_before,
            "client": client.pk if client else None,
            "worker": worker.pk if worker else None,
        },
    )
    return dispute


@transaction.atomic
def dispute_add_claim(
    *, dispute: Dispute, by, party: str, statement: str, amount: int | None = None
) -> DisputeClaim:
    """Record what one party says and asks for."""
    _desk_only(by)
    require(not hasattr(dispute, "outcome"), _("This dispute is already decided."))
    claim = DisputeClaim.objects.create(
        dispute=dispute,
        party=party,
        statement=statement,
        amount=amount,
        recorded_by=by,
    )
    log_action(
        target=dispute.ticket,
        action="support.dispute.claim_added",
        by=by,
        data={"party": party, "amount": amount},
    )
    return claim


@transaction.atomic
def dispute_add_evidence(
    *, dispute: Dispute, by, party: str, note: str, file=None
) -> DisputeEvidence:
    """Record a piece of evidence (a note, optionally with a file)."""
    _desk_only(by)
    digest = file_digest(file) if file is not None else ""
    evidence = DisputeEvidence.objects.create(
        dispute=dispute,
        party=party,
        note=note,
        file=file or "",
        original_name=(file.name[:255] if file else ""),
        sha256=digest,
        recorded_by=by,
    )
    log_action(
        target=dispute.ticket,
        action="support.dispute.evidence_added",
        by=by,
        data={"party": party, "file": evidence.original_name, "sha256": digest},
    )
    return evidence


def _credit_note(dispute, by, amount, reason, invoice):
    require(dispute.client_id is not None, _("Name the client party first."))
    require(invoice is not None, _("Choose the invoice to credit."))
    require(invoice.client_id == dispute.client_id, _("Not this client's invoice."))
    require(bool(amount) and amount > 0, _("Enter the amount to credit."))
    note = credit_note_issue(
        invoice=invoice,
        by=by,
        lines=[CreditLineInput(description=reason[:200], amount=amount)],
        reason=reason,
    )
    return {"credit_note": note, "amount": note.total}


def _payout(dispute, by, reason, line, service):
    require(line is not None, _("Choose the payout line."))
    require(line.worker_id == dispute.worker_id, _("Not this worker's payout line."))
    line = service(line=line, by=by, reason=reason)
    return {"payout_line": line, "amount": line.amount}


def _extra_round(dispute, by, reason, subtask, amount):
    require(subtask is not None, _("Choose the subtask."))
    subtask = subtask_add_paid_round(
        subtask=subtask, by=by, price=amount or 0, note=reason
    )
    return {"subtask": subtask, "amount": amount}


@transaction.atomic
def dispute_decide(
    *,
    dispute: Dispute,
    by,
    kind: str,
    reason: str,
    amount: int | None = None,
    invoice=None,
    payout_line: PayoutLine | None = None,
    subtask=None,
) -> DisputeOutcome:
    """End the dispute with ``kind``, applied through the owning service.

    The owning service checks its own right (a credit note and a payout
    release need finance, an extra round the subtask's director) and raises
    PermissionDenied or its ValidationError; then nothing is recorded. The
    ticket is resolved and both parties' requester is mailed.
    """
    _desk_only(by)
    reason = (reason or "").strip()
    require(bool(reason), _("Please give a reason."))
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    require(
        not DisputeOutcome.objects.filter(dispute=dispute).exists(),
        _("This dispute is already decided."),
    )
    if kind == OutcomeKind.CREDIT_NOTE:
        applied = _credit_note(dispute, by, amount, reason, invoice)
    elif kind == OutcomeKind.PAYOUT_RELEASED:
        applied = _payout(dispute, by, reason, payout_line, payout_line_release)
    elif kind == OutcomeKind.PAYOUT_HELD:
        applied = _payout(dispute, by, reason, payout_line, payout_line_hold)
    elif kind == OutcomeKind.EXTRA_REVISION:
        applied = _extra_round(dispute, by, reason, subtask, amount)
    elif kind == OutcomeKind.NO_CHANGE:
        applied = {}
    else:
        require(False, _("Choose an outcome."))
    outcome = DisputeOutcome.objects.create(
        dispute=dispute, kind=kind, reason=reason, decided_by=by, **applied
    )
    ticket = dispute.ticket
    log_action(
        target=ticket,
        action="support.dispute.decided",
        by=by,
        reason=reason,
        data={
            "outcome": kind,
            "amount": outcome.amount,
            "credit_note": outcome.credit_note_id,
            "payout_line": outcome.payout_line_id,
            "subtask": outcome.subtask_id,
        },
    )
    if ticket.is_active:
        ticket_resolve(ticket=ticket, by=by, note=reason)
    notify(
        [ticket.requester],
        "support/mail/outcome",
        {"ticket": ticket, "outcome": outcome, "url": ticket_url(ticket)},
    )
    return outcome
