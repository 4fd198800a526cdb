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


def may_order_work(instance, user) -> bool:
    """Worker orders: issued by the system when a worker accepts, and revised
    by the engagement's director, finance or a superuser."""
    if user is None or is_finance(instance, user):
        return True
    engagement = getattr(getattr(instance, "subtask", None), "engagement", None)
    return engagement is not None and engagement.director_id == user.pk
