"""Every write of the directors app: the roster and supervision.

The rules of who may direct live here; the engagement's own record of its
director (and the audit row of a handover) is written by
``engagements.services.decomposition.engagement_assign_director``, which
``supervision_assign`` calls once the roster allows it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from engagements import rules
from engagements.models import Engagement, Subtask
from engagements.models.engagement import OPEN_STATES
from engagements.services import assignment, decomposition
from engagements.services._base import EngagementError, lock, require
from enterprise.audit import log_action
from enterprise.notify import notify
from enterprise.roles import DIRECTOR, WORKER

from . import selectors
from .models import DirectorProfile

MANAGE_ROSTER = "directors.change_directorprofile"
# What subtask_reoffer can take back: a waiting offer or a held subtask.
REOFFERABLE = (
    Subtask.State.OFFERED,
    Subtask.State.ASSIGNED,
    Subtask.State.REVISION_REQUESTED,
)
ROSTER_FIELDS = ("kind", "active", "max_engagements", "note")


def can_manage_roster(user) -> bool:
    return user.is_superuser or user.has_perm(MANAGE_ROSTER)


def roster_check(profile: DirectorProfile) -> None:
    """The rules of a roster entry, before it is saved (raises EngagementError)."""
    user = profile.user
    name = {"name": user.display_name}
    require(
        user.has_role(DIRECTOR),
        _("Give %(name)s the director role before adding them to the roster.") % name,
    )
    if profile.kind == DirectorProfile.Kind.STAFF:
        # Otherwise a worker listed as staff would skip the senior rule.
        require(
            not user.has_role(WORKER),
            _("%(name)s is a registered worker: add them as a veteran worker.") % name,
        )
    elif profile.active:
        problems = selectors.standing(profile, director_role=True).problems
        if problems:
            raise EngagementError(problems)


@transaction.atomic
def roster_save(
    *,
    user,
    by,
    kind: str,
    active: bool = True,
    max_engagements: int = 5,
    note: str = "",
) -> DirectorProfile:
    """Put ``user`` on the director roster, or change their entry.

    A veteran worker can be active on the roster only while holding the
    senior certification; a user holding the worker role is always entered
    as a veteran worker. Raises PermissionDenied unless ``by`` manages the
    roster, EngagementError (with the reason) when a rule refuses.
    """
    if not can_manage_roster(by):
        raise PermissionDenied
    profile = DirectorProfile.objects.select_for_update().filter(user=user).first()
    created = profile is None
    profile = profile or DirectorProfile(user=user)
    before = {f: getattr(profile, f) for f in ROSTER_FIELDS}
    profile.kind, profile.active = kind, active
    profile.max_engagements, profile.note = max_engagements, note.strip()
    profile.full_clean(exclude=["user"])
    roster_check(profile)
    profile.save()
    changes = {
        f: getattr(profile, f)
        for f in ROSTER_FIELDS
        if before[f] != getattr(profile, f)
    }
    if created or changes:
        log_action(
            target=profile,
            action="directors.profile.added"
            if created
            else "directors.profile.changed",
            by=by,
            data=changes,
        )
    return profile


def _check_can_take(profile: DirectorProfile, engagement: Engagement) -> None:
    director = profile.user
    name = {"name": director.display_name}
    standing = selectors.standing(profile)
    if not standing.eligible:
        raise EngagementError(standing.problems)
    require(
        engagement.director_id != director.pk,
        _("%(name)s already supervises this engagement.") % name,
    )
    load = selectors.open_engagement_count(director)
    require(
        load < profile.max_engagements,
        _(
            "%(name)s already supervises %(count)s open engagements, the most "
            "their roster entry allows (%(limit)s)."
        )
        % {**name, "count": load, "limit": profile.max_engagements},
    )
    working = Subtask.objects.filter(engagement=engagement).exclude(
        state__in=selectors.DONE_SUBTASK_STATES
    )
    require(
        not working.filter(assignee=director).exists()
        and not working.filter(offered_to=director).exists(),
        _("%(name)s works on a subtask of this engagement and cannot review it.")
        % name,
    )


@transaction.atomic
def supervision_assign(*, engagement: Engagement, director, by, reason: str = ""):
    """Put ``director`` in charge of ``engagement`` (or hand it over).

    Sales or a superuser decides. The director must be on the roster, active,
    eligible (a veteran holds the senior certification) and under their
    workload limit; a handover from another director needs ``reason``, which
    the audit row keeps. Raises PermissionDenied or EngagementError.
    Both directors are told by mail.
    """
    if not rules.is_sales(engagement, by):
        raise PermissionDenied
    # The roster row first, then the engagement (the order every caller
    # locks in): two people giving the same director work at once queue here,
    # so the workload count below sees the other's result.
    profile = (
        DirectorProfile.objects.select_for_update()
        .select_related("user")
        .filter(user=director)
        .first()
    )
    require(
        profile is not None,
        _("%(name)s is not on the director roster.") % {"name": director.display_name},
    )
    engagement = lock(Engagement, engagement.pk)
    require(
        engagement.state in OPEN_STATES,
        _("This engagement is closed; its director can no longer change."),
    )
    _check_can_take(profile, engagement)
    previous = engagement.director
    reason = (reason or "").strip()
    if previous is not None:
        require(
            bool(reason),
            _("Give the reason for handing the engagement to another director."),
        )
    engagement = decomposition.engagement_assign_director(
        engagement=engagement, director=director, by=by, reason=reason
    )
    context = {"engagement": engagement, "previous": previous, "reason": reason}
    notify([director], "directors/mail/supervision_assigned", context)
    if previous is not None:
        notify([previous], "directors/mail/supervision_ended", context)
    return engagement


def _check_not_own_director(subtask: Subtask, worker) -> None:
    # A veteran worker who directs would otherwise review their own work.
    require(
        worker.pk != subtask.engagement.director_id,
        _("The engagement's director cannot take one of its subtasks."),
    )


def subtask_offer(*, subtask: Subtask, worker, by):
    """Offer a subtask from the director's panel (engagements' subtask_offer),
    never to the engagement's own director. Returns the Offer."""
    _check_not_own_director(subtask, worker)
    return assignment.subtask_offer(subtask=subtask, worker=worker, by=by)


def subtask_reoffer(*, subtask: Subtask, worker, by, reason: str):
    """Take a subtask back and offer it anew in one step (engagements'
    subtask_reoffer), never to the engagement's own director. Only a subtask
    offered or held by someone can be taken back."""
    require(
        subtask.state in REOFFERABLE,
        _("Only a subtask offered to or held by a worker can be taken back."),
    )
    _check_not_own_director(subtask, worker)
    return assignment.subtask_reoffer(
        subtask=subtask, worker=worker, by=by, reason=reason
    )
