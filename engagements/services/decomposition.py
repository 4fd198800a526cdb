import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from enterprise.audit import log_action
from enterprise.fsm import apply_transition

from .. import rules
from ..models import Engagement, Subtask
from ..models.engagement import OPEN_STATES
from ._base import lock, require

EDITABLE_FIELDS = (
    "title",
    "instructions",
    "deliverable_spec",
    "required_skill",
    "required_level",
    "work_format",
    "reward",
    "due_at",
    "revisions_included",
)


def rewards_total(engagement: Engagement) -> int:
    total = engagement.subtasks.exclude(state=Subtask.State.CANCELLED).aggregate(
        total=Sum("reward")
    )["total"]
    return total or 0


def over_budget(engagement: Engagement) -> bool:
    """Rewards above the budget, with no override reason recorded."""
    return rewards_total(engagement) > engagement.budget and not (
        engagement.over_budget_reason
    )


@transaction.atomic
def engagement_start_planning(*, engagement: Engagement, by) -> Engagement:
    """The supervising director starts splitting a contracted engagement."""
    engagement = lock(Engagement, engagement.pk)
    apply_transition(
        engagement,
        "start_planning",
        by=by,
        action="engagements.engagement.planning_started",
    )
    return engagement


def _check_can_plan(engagement: Engagement, by) -> None:
    if not rules.is_director(engagement, by):
        raise PermissionDenied
    require(
        engagement.state in (Engagement.State.PLANNING, Engagement.State.IN_PROGRESS),
        _("Subtasks can be changed while the engagement is planned or in progress."),
    )


@transaction.atomic
def subtask_create(
    *,
    engagement: Engagement,
    by,
    title: str,
    instructions: str,
    deliverable_spec: str,
    reward: int,
    due_at: datetime.datetime,
    required_skill=None,
    required_level: str = "",
    work_format: str = Subtask.Format.PROJECT,
    revisions_included: int | None = None,
) -> Subtask:
    """Add a subtask to an engagement being planned (or worked on)."""
    engagement = lock(Engagement, engagement.pk)
    _check_can_plan(engagement, by)
    subtask = Subtask.objects.create(
        engagement=engagement,
        title=title,
        instructions=instructions,
        deliverable_spec=deliverable_spec,
        reward=reward,
        due_at=due_at,
        required_skill=required_skill,
        required_level=required_level,
        work_format=work_format,
        revisions_included=(
            engagement.revision_limit
            if revisions_included is None
            else revisions_included
        ),
    )
    log_action(
        target=subtask,
        action="engagements.subtask.created",
        by=by,
        to_state=subtask.state,
        data={"reward": reward},
    )
    return subtask


@transaction.atomic
def subtask_update(*, subtask: Subtask, by, **changes) -> Subtask:
    """Change an open subtask; once offered, its terms are fixed."""
    subtask = lock(Subtask, subtask.pk)
    _check_can_plan(subtask.engagement, by)
    require(
        subtask.state == Subtask.State.OPEN,
        _("Only an open subtask can be changed; its terms were offered already."),
    )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    require(not unknown, f"unknown fields: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(subtask, field, value)
    subtask.full_clean(exclude=["engagement", "state"])
    subtask.save(update_fields=list(changes))
    log_action(
        target=subtask,
        action="engagements.subtask.changed",
        by=by,
        data={k: str(v) for k, v in changes.items()},
    )
    return subtask


@transaction.atomic
def engagement_start_work(
    *, engagement: Engagement, by, over_budget_reason: str = ""
) -> Engagement:
    """Start work once every subtask is assigned.

    Over budget (rewards above the engagement's budget), the director must
    give a reason, which is recorded; otherwise EngagementError.
    """
    engagement = lock(Engagement, engagement.pk)
    reason = over_budget_reason.strip()
    if rewards_total(engagement) > engagement.budget:
        require(
            bool(reason or engagement.over_budget_reason),
            _("Rewards exceed the budget: give a reason to start anyway."),
        )
        if reason:
            engagement.over_budget_reason = reason
    require(
        rules.every_subtask_assigned(engagement),
        _("Every subtask must be assigned before work starts."),
    )
    apply_transition(
        engagement,
        "start_work",
        by=by,
        action="engagements.engagement.work_started",
        reason=reason,
        update_fields=("over_budget_reason",),
    )
    return engagement


@transaction.atomic
def engagement_assign_director(
    *, engagement: Engagement, director, by, reason: str = ""
) -> Engagement:
    """Put a director in charge (or hand over to another): supervision.

    Sales (or a superuser) decides; the directors app offers the roster to
    choose from (directors.services.supervision_assign checks it). This
    records it, with the reason for a handover in the audit row.
    The previous director loses access to the engagement at once.
    """
    from enterprise.roles import DIRECTOR

    engagement = lock(Engagement, engagement.pk)
    if not rules.is_sales_or_staff(engagement, by):
        raise PermissionDenied
    # A completed, invoiced or cancelled engagement keeps the director who
    # answered for the work: the invoice and the audit trail name them.
    require(
        engagement.state in OPEN_STATES,
        _("This engagement is closed; its director can no longer change."),
    )
    require(director.has_role(DIRECTOR), _("Only a director can supervise."))
    previous = engagement.director_id
    engagement.director = director
    engagement.save(update_fields=["director"])
    log_action(
        target=engagement,
        action="engagements.engagement.director_assigned",
        by=by,
        reason=reason.strip(),
        data={"from": previous, "to": director.pk},
    )
    return engagement
