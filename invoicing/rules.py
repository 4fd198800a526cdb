"""Who may act on invoicing documents: pure predicates ``(instance, user)``.

Used as django-fsm ``permission=`` callables and checked by the services.
``user`` is None when the system acts (the nightly month close).
"""

from enterprise.roles import FINANCE


def is_finance(instance, user) -> bool:
    """Finance staff and superusers close months, issue, credit, record payments."""
    return user is not None and (user.is_superuser or user.has_role(FINANCE))


def is_finance_or_system(instance, user) -> bool:
    return user is None or is_finance(instance, user)
