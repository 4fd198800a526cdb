"""Who may move a ticket: pure predicates ``(instance, user) -> bool``.

Used as django-fsm ``permission=`` callables and by the services. A
superuser may do everything; ``user`` is None when the system acts (the beat
closes resolved tickets after the reopen window).
"""

from enterprise.roles import CLIENT, SALES, SUPPORT


def is_support(instance, user) -> bool:
    """The desk; sales for the tickets of the categories in their queue."""
    if user is None or user.is_superuser or user.has_role(SUPPORT):
        return True
    return user.has_role(SALES) and instance.category.team == SALES


def is_requester(instance, user) -> bool:
    """The requester, or a contact of the requester's company."""
    if user is None:
        return False
    if instance.requester_id == user.pk:
        return True
    contact = getattr(user, "client_contact", None) if user.has_role(CLIENT) else None
    return bool(contact and instance.company_id == contact.client_id)


def is_requester_or_support(instance, user) -> bool:
    return is_support(instance, user) or is_requester(instance, user)
