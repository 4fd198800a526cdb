"""Reads of clients, always scoped to what the asking person may see."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user

from . import numbers
from .models import Client, ClientContact, MasterAgreement, MasterAgreementAcceptance

VIEW_PERMISSION = "clients.view_client"
# The columns of the pipeline board, left to right; declined is only counted.
PIPELINE_STATES = [
    Client.State.LEAD,
    Client.State.SCREENING,
    Client.State.ACTIVE,
    Client.State.SUSPENDED,
]
SORTS = {
    "kana": ["legal_name_kana", "id"],
    "-created": ["-created_at", "-id"],
    "created": ["created_at", "id"],
    "state": ["state", "legal_name_kana", "id"],
}


def client_list_for_user(*, user) -> QuerySet[Client]:
    """Every client ``user`` may see: all of them for sales and finance (the
    model-wide permission), their own company for a contact (an object
    permission), none for anyone else."""
    return get_objects_for_user(user, VIEW_PERMISSION, klass=Client).select_related(
        "sales_owner"
    )


def get_client_for_user(user, pk) -> Client:
    """The client ``pk`` if ``user`` may see it; 404 otherwise."""
    return get_object_or_404(client_list_for_user(user=user), pk=pk)


def client_for_contact(user) -> Client | None:
    """The contact's own company, or None for someone who is not a contact.

    Goes through the same permission scope as every other read, so a contact
    whose permission was revoked gets None too.
    """
    contact = ClientContact.objects.filter(user_id=user.pk).only("client_id").first()
    if contact is None:
        return None
    return client_list_for_user(user=user).filter(pk=contact.client_id).first()


def client_search(
    *, user, query: str = "", state: str = "", sort: str = "kana"
) -> QuerySet[Client]:
    """Clients matching a name, a kana reading or a 法人番号 (or part of one)."""
    clients = client_list_for_user(user=user)
    query = (query or "").strip()
    if query:
        digits = numbers.to_half_width(query).replace("-", "").replace(" ", "")
        match = Q(legal_name__icontains=query) | Q(
            legal_name_kana__icontains=numbers.search_kana(query)
        )
        if digits.isdigit():
            match |= Q(corporate_number__contains=digits)
        clients = clients.filter(match)
    if state in Client.State.values:
        clients = clients.filter(state=state)
    return clients.order_by(*SORTS.get(sort, SORTS["kana"]))


# What a card of the board shows: 200 cards of a client's 27 columns and
# its sales owner's 15 were most of the board's cost.
BOARD_CARD_FIELDS = [
    "legal_name", "state", "state_changed_at", "watchlisted", "watchlist_reason",
    "antisocial_check", "credit_check",
    "sales_owner__username", "sales_owner__last_name", "sales_owner__first_name",
]  # fmt: skip


def pipeline_for_user(*, user, owner=None, per_column: int = 50) -> dict:
    """The pipeline board: per state the count and the oldest clients first
    (longest in that state), plus how many were declined.

    One count query and one query per column, whatever the number of clients.
    """
    clients = client_list_for_user(user=user)
    if owner is not None:
        clients = clients.filter(sales_owner=owner)
    counts = dict(
        clients.order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    columns = [
        {
            "state": state,
            "label": Client.State(state).label,
            "count": counts.get(state, 0),
            "clients": list(
                clients.filter(state=state)
                .only(*BOARD_CARD_FIELDS)
                .order_by("state_changed_at", "id")[:per_column]
            ),
        }
        for state in PIPELINE_STATES
    ]
    return {"columns": columns, "declined": counts.get(Client.State.DECLINED, 0)}


def agreement_list(client: Client) -> QuerySet[MasterAgreement]:
    return (
        client.agreements.order_by("-version")
        .defer("terms")
        .prefetch_related("acceptances")
    )


def agreement_summaries(client: Client) -> QuerySet[MasterAgreement]:
    """The agreements with how many contacts accepted each and the latest
    one, in the one query (the company page has a budget of 15)."""
    latest = MasterAgreementAcceptance.objects.filter(
        agreement=OuterRef("pk")
    ).order_by("-accepted_at", "-id")
    return (
        client.agreements.order_by("-version")
        .defer("terms")
        .annotate(
            acceptance_count=Count("acceptances"),
            last_acceptor=Subquery(latest.values("contact_name")[:1]),
            last_accepted_at=Subquery(latest.values("accepted_at")[:1]),
        )
    )


def get_agreement_for_user(user, client_pk, pk) -> MasterAgreement:
    """A master agreement of a client ``user`` may see; 404 otherwise."""
    client = get_client_for_user(user, client_pk)
    return get_object_or_404(client.agreements.all(), pk=pk)
