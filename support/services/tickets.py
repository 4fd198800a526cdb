"""Tickets: opening, the conversation, assignment, states and CSAT.

Every change locks the ticket, writes an audit row and queues mail through
the outbox (enterprise.notify), so nothing is sent if it rolls back.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action
from enterprise.fsm import apply_transition
from enterprise.notify import notify
from enterprise.roles import CLIENT, SUPPORT

from .. import sla
from ..models import Team, Ticket, TicketAttachment, TicketCategory, TicketMessage
from ..selectors import is_desk, is_staff_viewer
from ._base import file_digest, lock, require, ticket_url

SUBJECTS = Ticket.SUBJECT_FIELDS


def _team_members(team: str):
    return get_user_model().objects.filter(groups__name=team, is_active=True)


def desk_recipients(ticket: Ticket):
    """The assignee, or everyone in the category's queue when unassigned."""
    if ticket.assignee_id:
        return [ticket.assignee]
    team = SUPPORT if ticket.category.team == Team.SUPPORT else ticket.category.team
    return list(_team_members(team))


def _tell(users, template: str, ticket: Ticket, **extra) -> None:
    """Mail ``users`` about ``ticket`` (after commit, through the outbox)."""
    context = {"ticket": ticket, "url": ticket_url(ticket), **extra}
    notify(users, f"support/mail/{template}", context)


def _attach(message: TicketMessage, files) -> None:
    for upload in files or []:
        TicketAttachment.objects.create(
            message=message,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
            content_type=(getattr(upload, "content_type", "") or "")[:100],
            sha256=file_digest(upload),
        )


def _company_of(user):
    if user.has_role(CLIENT):
        contact = getattr(user, "client_contact", None)
        return contact.client if contact else None
    return None


@transaction.atomic
def ticket_open(
    *,
    by,
    category: TicketCategory,
    title: str,
    body: str,
    requester=None,
    kind: str = Ticket.Kind.INQUIRY,
    priority: str = Ticket.Priority.NORMAL,
    channel: str = Ticket.Channel.PORTAL,
    files=(),
    intake: dict | None = None,
    **subject,
) -> Ticket:
    """Open a ticket for ``requester`` (default: ``by``) with its first message.

    Staff of the desk may write on someone's behalf (a phone call); anyone
    else only for themselves. ``subject`` names at most one object the
    ticket is about (the caller has checked the requester may see it). Due
    times come from the category's SLA. Mails the desk.
    """
    requester = requester or by
    if requester.pk != by.pk and not is_desk(by):
        raise PermissionDenied
    require(category.active, _("This category is no longer in use."))
    named = {k: v for k, v in subject.items() if k in SUBJECTS and v is not None}
    require(len(named) <= 1, _("A ticket is about one thing at most."))
    now = timezone.now()
    ticket = Ticket.objects.create(
        kind=kind,
        category=category,
        priority=priority,
        channel=channel,
        title=title,
        requester=requester,
        company=_company_of(requester),
        opened_by=by,
        intake=intake or {},
        **named,
        **sla.due_times(category, now),
    )
    message = TicketMessage.objects.create(ticket=ticket, author=by, body=body)
    _attach(message, files)
    log_action(
        target=ticket,
        action="support.ticket.opened",
        by=by,
        to_state=ticket.state,
        data={"kind": kind, "category": category.code, "on_behalf": by != requester},
    )
    _tell(desk_recipients(ticket), "opened", ticket)
    return ticket


@transaction.atomic
def ticket_reply(
    *, ticket: Ticket, by, body: str, internal: bool = False, files=(), wait=False
) -> TicketMessage:
    """Add a message. Staff replies count as the first response and mail the
    requester; an internal note is for staff only and mails nobody outside.
    A requester's reply to a ticket waiting on them reopens it and mails the
    desk. ``wait`` (staff) puts the ticket to waiting on the requester."""
    ticket = lock(Ticket, ticket.pk)
    staff = is_staff_viewer(by)
    require(staff or not internal, _("Only staff write internal notes."))
    require(
        ticket.state != Ticket.State.CLOSED,
        _("This ticket is closed. Reopen it to write again."),
    )
    message = TicketMessage.objects.create(
        ticket=ticket, author=by, body=body, internal=internal
    )
    _attach(message, files)
    log_action(
        target=ticket,
        action="support.ticket.note_added" if internal else "support.ticket.replied",
        by=by,
        data={"message": message.pk},
    )
    if internal:
        return message
    if staff and by.pk != ticket.requester_id:
        if ticket.first_response_at is None:
            ticket.first_response_at = message.created_at
            ticket.save(update_fields=["first_response_at"])
        if wait and ticket.state == Ticket.State.OPEN:
            _move(ticket, "wait_on_requester", by, "support.ticket.waiting")
        _tell([ticket.requester], "replied", ticket, message=message)
    else:
        if ticket.state == Ticket.State.WAITING:
            _move(ticket, "requester_replied", by, "support.ticket.requester_replied")
        _tell(desk_recipients(ticket), "requester_replied", ticket, message=message)
    return message


def _move(ticket, name, by, action, reason="", update_fields=()):
    apply_transition(
        ticket,
        name,
        by=by,
        action=action,
        reason=reason,
        update_fields=update_fields,
    )


@transaction.atomic
def ticket_assign(*, ticket: Ticket, by, assignee) -> Ticket:
    """Give the ticket to a member of the desk (None: back to the queue)."""
    if not is_desk(by):
        raise PermissionDenied
    ticket = lock(Ticket, ticket.pk)
    require(
        assignee is None or is_staff_viewer(assignee),
        _("Tickets go to support or sales staff only."),
    )
    before = ticket.assignee_id
    ticket.assignee = assignee
    ticket.save(update_fields=["assignee"])
    log_action(
        target=ticket,
        action="support.ticket.assigned",
        by=by,
        data={"from": before, "to": assignee.pk if assignee else None},
    )
    if assignee and assignee != by:
        _tell([assignee], "assigned", ticket)
    return ticket


@transaction.atomic
def ticket_resolve(*, ticket: Ticket, by, note: str = "") -> Ticket:
    """Mark the ticket resolved; the requester may reopen it for
    SUPPORT_REOPEN_DAYS, and the beat closes it after that."""
    ticket = lock(Ticket, ticket.pk)
    _move(
        ticket,
        "resolve",
        by,
        "support.ticket.resolved",
        reason=note,
        update_fields=("resolved_at",),
    )
    _tell([ticket.requester], "resolved", ticket)
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, by) -> Ticket:
    """Close a resolved ticket (the requester, the desk, or the beat)."""
    ticket = lock(Ticket, ticket.pk)
    _move(ticket, "close", by, "support.ticket.closed", update_fields=("closed_at",))
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, by, reason: str) -> Ticket:
    """Reopen a resolved or closed ticket within the reopen window."""
    reason = (reason or "").strip()
    require(bool(reason), _("Please say what is still wrong."))
    ticket = lock(Ticket, ticket.pk)
    _move(
        ticket,
        "reopen",
        by,
        "support.ticket.reopened",
        reason=reason,
        update_fields=("resolved_at", "closed_at"),
    )
    TicketMessage.objects.create(ticket=ticket, author=by, body=reason)
    _tell(desk_recipients(ticket), "requester_replied", ticket)
    return ticket


@transaction.atomic
def ticket_rate(*, ticket: Ticket, by, score: int, comment: str = "") -> Ticket:
    """The requester rates the support once the ticket is closed (CSAT)."""
    ticket = lock(Ticket, ticket.pk)
    if ticket.requester_id != by.pk:
        raise PermissionDenied
    require(
        ticket.state == Ticket.State.CLOSED,
        _("You can rate the support once the ticket is closed."),
    )
    require(ticket.csat_score is None, _("You have already rated this ticket."))
    require(1 <= score <= 5, _("Choose a rating from 1 to 5."))
    ticket.csat_score, ticket.csat_comment = score, comment
    ticket.csat_at = timezone.now()
    ticket.save(update_fields=["csat_score", "csat_comment", "csat_at"])
    log_action(
        target=ticket, action="support.ticket.rated", by=by, data={"score": score}
    )
    return ticket
