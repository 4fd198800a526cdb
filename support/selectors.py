"""Who sees which tickets. Support staff see every ticket; sales the tickets
of the categories that land in their queue; a client contact their company's
tickets; anyone else the tickets they asked. Another person's ticket is 404."""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from enterprise.roles import CLIENT, SALES, SUPPORT

from .models import Team, Ticket, TicketMessage


def is_desk(user) -> bool:
    """Support staff (and superusers): they see internal notes and act."""
    return user.is_superuser or user.has_role(SUPPORT)


def is_staff_viewer(user) -> bool:
    return is_desk(user) or user.has_role(SALES)


def _company_id(user):
    contact = getattr(user, "client_contact", None) if user.has_role(CLIENT) else None
    return contact.client_id if contact else None


def ticket_scope(user) -> Q:
    """The tickets ``user`` may open, as a filter."""
    if is_desk(user):
        return Q()
    scope = Q(requester=user)
    if user.has_role(SALES):
        scope |= Q(category__team=Team.SALES)
    company = _company_id(user)
    if company:
        scope |= Q(company_id=company)
    return scope


def ticket_list_for_user(*, user, category=None, state=None, team=None, mine=False):
    queryset = (
        Ticket.objects.filter(ticket_scope(user))
        .select_related("category", "requester", "assignee", "company")
        .order_by("-created_at", "-id")
    )
    if category:
        queryset = queryset.filter(category_id=category)
    if state == "active":
        queryset = queryset.filter(state__in=[Ticket.State.OPEN, Ticket.State.WAITING])
    elif state:
        queryset = queryset.filter(state=state)
    if team:
        queryset = queryset.filter(category__team=team)
    if mine:
        queryset = queryset.filter(assignee=user)
    return queryset


def breached(queryset, now=None):
    """Active tickets past a due time with the clock still running."""
    now = now or timezone.now()
    return queryset.filter(state__in=[Ticket.State.OPEN, Ticket.State.WAITING]).filter(
        Q(first_response_at__isnull=True, first_response_due__lt=now)
        | Q(resolution_due__lt=now)
    )


def get_ticket_for_user(user, pk: int) -> Ticket:
    ticket = (
        Ticket.objects.filter(ticket_scope(user), pk=pk)
        .select_related(
            "category",
            "requester",
            "assignee",
            "company",
            "opened_by",
            *Ticket.SUBJECT_FIELDS,
        )
        .first()
    )
    if ticket is None:
        raise Http404
    return ticket


def visible_messages(ticket: Ticket, user):
    """The conversation as ``user`` may read it: internal notes only for staff."""
    messages = TicketMessage.objects.filter(ticket=ticket)
    if not is_staff_viewer(user):
        messages = messages.filter(internal=False)
    return messages.select_related("author").prefetch_related("attachments")


def requester_tickets(user):
    """The tickets a person asked (a client contact: the company's)."""
    scope = Q(requester=user)
    company = _company_id(user)
    if company:
        scope |= Q(company_id=company)
    return (
        Ticket.objects.filter(scope)
        .select_related("category", "requester")
        .order_by("-created_at", "-id")
    )


def _subject_query(user, name: str, pk: int):
    """The object ``name`` #``pk`` if ``user`` may ask about it, else 404."""
    from engagements.models import Engagement, Quote, Subtask
    from invoicing.models import Invoice, PayoutStatement, WorkerOrder

    company = _company_id(user)
    scopes = {
        "engagement": (Engagement, Q(client_id=company)),
        "quote": (Quote, Q(engagement__client_id=company)),
        "invoice": (Invoice, Q(client_id=company) & ~Q(state="draft")),
        "subtask": (Subtask, Q(assignee=user)),
        "payout_statement": (PayoutStatement, Q(worker=user)),
        "worker_order": (WorkerOrder, Q(worker=user)),
    }
    model, scope = scopes[name]
    if company is None and name in ("engagement", "quote", "invoice"):
        raise Http404
    found = model.objects.filter(scope, pk=pk).first()
    if found is None:
        raise Http404
    return found


def subject_from_query(user, params) -> dict:
    """{field: object} for the first subject named in ``params`` (a link
    from a statement, an engagement, ...); 404 when not the user's."""
    for name in Ticket.SUBJECT_FIELDS:
        value = params.get(name, "")
        if value:
            if not value.isdigit() or len(value) > 12:
                raise Http404
            return {name: _subject_query(user, name, int(value))}
    return {}


def initial_for(subject: dict) -> dict:
    """The subject line a prefilled ticket starts with."""
    if not subject:
        return {}
    from django.utils.translation import gettext as _

    from .models import TicketCategory

    name, obj = next(iter(subject.items()))
    initial = {}
    code = SUBJECT_CATEGORIES.get(name)
    category = TicketCategory.objects.filter(code=code, active=True).first()
    if category:
        initial["category"] = category.pk
    if name == "payout_statement":
        title = _("Objection to payout statement %(number)s") % {"number": obj.number}
    else:
        title = _("About %(object)s") % {"object": obj}
    return initial | {"title": title[:200]}


# The category a prefilled ticket starts in (codes of the default categories).
SUBJECT_CATEGORIES = {
    "payout_statement": "payouts",
    "worker_order": "payouts",
    "invoice": "billing",
    "quote": "billing",
    "engagement": "work",
    "subtask": "work",
}
