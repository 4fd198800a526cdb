"""Who may move a ticket: pure predicates ``(instance, user) -> bool``.

Used as django-fsm ``permission=`` callables and by the fetch helpers. A
superuser may do everything; ``user`` is None when the system acts (the beat
closes resolved tickets after the reopen window).
"""

from enterprise.roles import SUPPORT


def is_support(instance, user) -> bool:
    return user is None or user.is_superuser or user.has_role(SUPPORT)


def is_requester_or_support(instance, user) -> bool:
    return is_support(instance, user) or instance.requester_id == user.pk
