"""Running a django-fsm transition the one way every service does it.

django-fsm-2 does not enforce ``permission=`` when the method is called, and
``has_transition_perm`` answers False both for "not in this state" and "not
your right", which a person needs told apart. ``apply_transition`` checks the
two separately, runs the transition, saves the changed columns and writes the
audit row, all inside the caller's transaction (the caller locks the row).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from .audit import log_action


class TransitionRefused(ValidationError):
    """The object is not in a state (or condition) that allows this change."""


def apply_transition(
    obj,
    name: str,
    *,
    by,
    action: str,
    reason: str = "",
    data: dict | None = None,
    update_fields: tuple[str, ...] = (),
    check_permission: bool = True,
    **kwargs,
):
    """Call ``obj.<name>(**kwargs)``, save, and log ``action``.

    Raises PermissionDenied when ``by`` may not make this transition, and
    TransitionRefused when the current state or a condition forbids it.
    ``update_fields`` names the columns the transition body sets besides the
    state field. Returns the transition's return value.
    """
    method = getattr(obj, name)
    meta = method._django_fsm
    field = meta.field.name
    from_state = getattr(obj, field)
    if check_permission and not _has_right(meta, obj, from_state, by):
        raise PermissionDenied
    if not meta.has_transition(from_state) or not can_proceed(method):
        raise _refused(obj, field)
    result = method(**kwargs)
    obj.save(update_fields=[field, *update_fields])
    log_action(
        target=obj,
        action=action,
        by=by,
        from_state=from_state,
        to_state=getattr(obj, field),
        reason=reason,
        data=data,
    )
    return result


def _has_right(meta, obj, state, by) -> bool:
    """Whether ``by`` holds the transition's permission. django-fsm answers
    False when no transition leaves ``state``, which is not a missing right:
    then the permission of the transition from any other state is asked."""
    transition = meta.get_transition(state) or next(
        iter(meta.transitions.values()), None
    )
    return transition is None or transition.has_perm(obj, by)


def _refused(obj, field: str) -> TransitionRefused:
    label = getattr(obj, f"get_{field}_display")()
    return TransitionRefused(
        _("This cannot be done while the state is “%(state)s”.") % {"state": label}
    )
