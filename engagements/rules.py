"""Who may make which transition: pure predicates ``(instance, user) -> bool``.

Used as django-fsm ``permission=`` callables and by the fetch helpers. A
superuser may do everything; staff status alone (admin access) grants nothing
here. ``user`` is None when the system acts (beat tasks: expiry, auto-accept).
"""

from django.apps import apps

from enterprise.roles import CLIENT, DIRECTOR, SALES, WORKER


def _super(user) -> bool:
    return user is not None and user.is_superuser


def is_sales(instance, user) -> bool:
    return _super(user) or (user is not None and user.has_role(SALES))


def is_staff(instance, user) -> bool:
    """Compliance: clears or refuses engagements held for screening."""
    return _super(user) or (
        user is not None and user.has_perm("engagements.clear_screening")
    )


def is_sales_or_staff(instance, user) -> bool:
    return is_sales(instance, user) or is_staff(instance, user)


def _engagement(instance):
    return getattr(instance, "engagement", instance)


def is_client_contact(instance, user) -> bool:
    if _super(user):
        return True
    if user is None or not user.has_role(CLIENT):
        return False
    contact = apps.get_model("clients", "ClientContact")
    return contact.objects.filter(
        user_id=user.pk, client_id=_engagement(instance).client_id
    ).exists()


def is_client_contact_or_system(instance, user) -> bool:
    return user is None or is_client_contact(instance, user)


def is_client_contact_or_sales(instance, user) -> bool:
    """A milestone is accepted by the client, or recorded by sales for it."""
    return is_sales(instance, user) or is_client_contact(instance, user)


def is_director(instance, user) -> bool:
    """The director supervising the engagement (of a subtask, its engagement)."""
    if _super(user):
        return True
    return (
        user is not None
        and user.has_role(DIRECTOR)
        and _engagement(instance).director_id == user.pk
    )


def is_sales_staff_or_director(instance, user) -> bool:
    """Sales, compliance, or the engagement's own director (cancellation)."""
    return is_sales_or_staff(instance, user) or is_director(instance, user)


def is_director_or_system(instance, user) -> bool:
    return user is None or is_director(instance, user)


def is_director_or_client_contact(instance, user) -> bool:
    """Competitions: the client picks the winner, or the director for it."""
    return is_director(instance, user) or is_client_contact(instance, user)


def is_offered_worker(subtask, user) -> bool:
    return (
        user is not None and user.has_role(WORKER) and subtask.offered_to_id == user.pk
    )


def is_offered_worker_or_system(subtask, user) -> bool:
    return user is None or is_offered_worker(subtask, user)


def is_assignee(subtask, user) -> bool:
    return user is not None and subtask.assignee_id == user.pk


def every_subtask_assigned(engagement) -> bool:
    """Every project subtask has its worker. Competition and task subtasks
    stay open while many workers take part, so they never wait for one."""
    subtasks = engagement.subtasks.exclude(state="cancelled")
    return (
        subtasks.exists()
        and not subtasks.filter(
            state__in=["open", "offered"], work_format="project"
        ).exists()
    )


def every_subtask_approved(engagement) -> bool:
    subtasks = engagement.subtasks.exclude(state="cancelled")
    return (
        subtasks.exists()
        and not subtasks.exclude(state__in=["approved", "paid"]).exists()
    )
