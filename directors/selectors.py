"""Reads of the directors app: the roster with each director's standing and
workload, the dashboard's lists, and the fetch helpers of the director pages.

Every director page fetches its engagement or subtask here: through
engagements' own scoped helpers first, then only if the person supervises it
(or is a superuser); anyone else gets 404, even sales staff who may see the
engagement on their own pages.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils.translation import gettext as _

from engagements import selectors as engagement_selectors
from engagements.models import (
    ChecklistItem,
    Engagement,
    Submission,
    SubmissionFile,
    Subtask,
)
from engagements.models.engagement import OPEN_STATES
from engagements.models.subtask import DONE_STATES
from enterprise.roles import DIRECTOR
from workers.models import Certification, CertificationLevel
from workers.permissions import profiles_visible_to

from .models import DirectorProfile

SENIOR_LEVEL = "senior"
HELD = [Certification.Status.ACTIVE, Certification.Status.PROBATION]
# Subtasks still needing the director: everything not finished or dropped.
DONE_SUBTASK_STATES = DONE_STATES
# Engagements the director still has to split into subtasks.
TO_PLAN = [Engagement.State.CONTRACTED, Engagement.State.PLANNING]


# --- The roster -------------------------------------------------------------


def senior_certifications(user_ids) -> dict[int, list[Certification]]:
    """{user id: [held certifications at senior level or above]} in one query."""
    senior_rank = CertificationLevel.objects.filter(code=SENIOR_LEVEL).values("rank")
    certs = Certification.objects.filter(
        worker_id__in=list(user_ids),
        status__in=HELD,
        level__rank__gte=Subquery(senior_rank[:1]),
    ).select_related("level", "category")
    found: dict[int, list[Certification]] = {}
    for cert in certs:
        found.setdefault(cert.worker_id, []).append(cert)
    return found


@dataclass
class Standing:
    """Whether a roster entry may be given engagements now, and why (not)."""

    eligible: bool
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def standing(
    profile: DirectorProfile,
    *,
    certifications: list | None = None,
    director_role: bool | None = None,
) -> Standing:
    """Check one roster entry. The keyword arguments carry what the caller
    fetched for many entries at once (``roster``); left out, they are read."""
    user = profile.user
    name = {"name": user.display_name}
    problems, notes = [], []
    if director_role is None:
        director_role = user.has_role(DIRECTOR)
    if not profile.active:
        problems.append(_("%(name)s is not active on the roster.") % name)
    if not user.is_active:
        problems.append(_("%(name)s can no longer log in.") % name)
    if not director_role:
        problems.append(_("%(name)s does not hold the director role.") % name)
    if profile.kind == DirectorProfile.Kind.VETERAN:
        if certifications is None:
            certifications = senior_certifications([user.pk]).get(user.pk, [])
        if not certifications:
            problems.append(
                _(
                    "%(name)s does not hold the senior certification: a veteran "
                    "worker directs only while holding it."
                )
                % name
            )
        for cert in certifications:
            values = {"level": cert.level.label, "category": cert.category.label}
            if cert.status == Certification.Status.PROBATION:
                values["until"] = cert.probation_until.strftime("%Y/%m/%d")
                notes.append(
                    _("%(level)s in %(category)s, on probation until %(until)s")
                    % values
                )
            else:
                notes.append(_("%(level)s in %(category)s") % values)
    return Standing(eligible=not problems, problems=problems, notes=notes)


def _open_engagements() -> QuerySet[Engagement]:
    return Engagement.objects.filter(state__in=OPEN_STATES)


def _open_subtasks() -> QuerySet[Subtask]:
    """Subtasks still needing a director: not finished or dropped. Only an
    open engagement holds one (see ``of_open_engagements``), so no filter on
    the engagement's state: the count reads ``subtask_in_hand_idx`` alone."""
    return Subtask.objects.exclude(state__in=DONE_SUBTASK_STATES)


# Up to this many directors (a page of the roster), their counts are read
# for them alone: at full scale 5 ms instead of 22 for every director's.
SCOPED_COUNTS_MAX = 100


def _open_engagements_by_director(ids: list[int] | None = None) -> dict[int, int]:
    """{director id: open engagements} of the directors ``ids`` (None: every
    director), one grouped query read from the (director, state) index. For
    a whole roster every director's: a list of 300 ids to match made
    PostgreSQL test each row against it."""
    rows = _open_engagements().filter(director__isnull=False)
    if ids is not None:
        rows = rows.filter(director__in=ids)
    return dict(rows.order_by().values_list("director").annotate(n=Count("*")))


def _open_subtasks_by_director(ids: list[int] | None = None) -> dict[int, int]:
    """{director id: subtasks in hand} of the directors ``ids``, one query:
    their open engagements from the (director, state) index, then each
    one's subtasks in hand from ``subtask_in_hand_idx``. None: every
    director's, below."""
    if ids is None:
        return _every_directors_open_subtasks()
    return dict(
        _open_subtasks()
        .filter(engagement__director__in=ids, engagement__state__in=OPEN_STATES)
        .order_by()
        .values_list("engagement__director")
        .annotate(n=Count("*"))
    )


def _every_directors_open_subtasks() -> dict[int, int]:
    """{director id: subtasks in hand} of every director, one query.

    The subtasks are counted per engagement first, from
    ``subtask_in_hand_idx`` alone, and only those few thousand counts are
    joined to their engagements' directors: joining the 69,000 subtasks in
    hand first (what the ORM writes) took three times as long at full scale
    (vacuumed; the index-only scan needs the visibility map).
    """
    per_engagement, params = (
        _open_subtasks()
        .order_by()
        .values("engagement_id")
        .annotate(n=Count("*"))
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(Engagement._meta.db_table)
    sql = (
        f"SELECT e.director_id, SUM(c.n) FROM ({per_engagement}) c"
        f" INNER JOIN {table} e ON e.id = c.engagement_id"
        " WHERE e.director_id IS NOT NULL GROUP BY e.director_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {director: int(n) for director, n in cursor.fetchall()}


def roster_entries(*, active_only: bool = False) -> QuerySet[DirectorProfile]:
    """The roster's entries in the roster's order, each knowing whether its
    person holds the director role (``director_role``)."""
    director_group = Group.objects.filter(name=DIRECTOR, user=OuterRef("user_id"))
    profiles = DirectorProfile.objects.select_related("user").annotate(
        director_role=Exists(director_group)
    )
    if active_only:
        profiles = profiles.filter(active=True)
    return profiles


def with_standing(profiles: list[DirectorProfile]) -> list[DirectorProfile]:
    """Give each of ``profiles`` (from ``roster_entries``) its workload and
    standing, in three queries whatever their number.

    Each profile then carries ``kind_label``, ``open_engagements``,
    ``at_limit`` (no room for another engagement), ``open_subtasks`` and
    ``standing`` (a Standing).
    """
    ids = [p.user_id for p in profiles] if len(profiles) <= SCOPED_COUNTS_MAX else None
    engagements = _open_engagements_by_director(ids)
    subtasks = _open_subtasks_by_director(ids)
    veterans = [p.user_id for p in profiles if p.kind == DirectorProfile.Kind.VETERAN]
    certs = senior_certifications(veterans)
    # The table's per-row work is read once here, not per row in the
    # template (300 rows: get_kind_display rebuilt the choices each time).
    kinds = {value: str(label) for value, label in DirectorProfile.Kind.choices}
    for profile in profiles:
        profile.kind_label = kinds[profile.kind]
        profile.open_engagements = engagements.get(profile.user_id, 0)
        profile.at_limit = profile.open_engagements >= profile.max_engagements
        profile.open_subtasks = subtasks.get(profile.user_id, 0)
        profile.standing = standing(
            profile,
            certifications=certs.get(profile.user_id, []),
            director_role=profile.user.is_superuser or profile.director_role,
        )
    return profiles


def roster(*, active_only: bool = False) -> list[DirectorProfile]:
    """The whole roster with each entry's workload and standing, in four
    queries (the roster page shows it a page at a time)."""
    return with_standing(list(roster_entries(active_only=active_only)))


def open_engagement_count(director) -> int:
    return _open_engagements().filter(director=director).count()


# --- The dashboard ----------------------------------------------------------


def workload(*, director) -> dict:
    """My open engagements and open subtasks against my roster limit."""
    profile = DirectorProfile.objects.filter(user=director).first()
    engagements = open_engagement_count(director)
    limit = profile.max_engagements if profile else None
    return {
        "profile": profile,
        "engagements": engagements,
        "open_subtasks": engagement_selectors.of_open_engagements(
            _open_subtasks(), director
        ).count(),
        "limit": limit,
        "percent": min(engagements * 100 // limit, 100) if limit else 0,
        "full": limit is not None and engagements >= limit,
    }


def engagements_by_state(*, director) -> list[dict]:
    """[{state, label, count, percent}] of my engagements, in the state order,
    states with none left out; ``percent`` is of the largest bar."""
    counts = dict(
        Engagement.objects.filter(director=director)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    top = max(counts.values(), default=0)
    return [
        {
            "state": value,
            "label": label,
            "count": counts[value],
            "percent": counts[value] * 100 // top,
        }
        for value, label in Engagement.State.choices
        if counts.get(value)
    ]


def engagements_to_plan(*, director) -> QuerySet[Engagement]:
    """My engagements still to split into subtasks (contracted or planning),
    nearest deadline first, with how many subtasks each has so far."""
    return (
        Engagement.objects.filter(director=director, state__in=TO_PLAN)
        .select_related("client")
        .annotate(subtask_count=Count("subtasks"))
        .order_by("deadline", "pk")
    )


def subtasks_to_assign(*, director) -> QuerySet[Subtask]:
    """Subtasks of my open engagements that no worker holds or is offered
    yet: the assignments waiting for me, nearest due first."""
    waiting = Subtask.objects.filter(state=Subtask.State.OPEN)
    return (
        engagement_selectors.of_open_engagements(waiting, director)
        .select_related("engagement")
        .order_by("due_at", "pk")
    )


def review_queue(*, director, query: str = "", newest_first: bool = False):
    """The submissions waiting for ``director``: oldest first by default."""
    queue = engagement_selectors.review_queue(director=director)
    if query:
        queue = queue.filter(
            Q(title__icontains=query) | Q(engagement__title__icontains=query)
        )
    if newest_first:
        queue = queue.order_by("-submitted_at", "-pk")
    return queue.select_related("assignee__worker_profile")


def at_risk_subtasks(*, director, now=None):
    return engagement_selectors.at_risk_subtasks(
        director=director, now=now
    ).select_related("assignee__worker_profile")


def overdue_subtasks(*, director, now=None):
    return engagement_selectors.overdue_subtasks(
        director=director, now=now
    ).select_related("assignee__worker_profile")


def my_engagements(
    *, user, query: str = "", state: str = "", order=("deadline", "pk")
) -> QuerySet[Engagement]:
    """The engagements a director supervises (a superuser: every one), with
    subtask progress counts, optionally filtered by title and state."""
    engagements = engagement_selectors.engagement_list_for_user(user=user)
    if not user.is_superuser:
        engagements = engagements.filter(director=user)
    if query:
        engagements = engagements.filter(title__icontains=query)
    if state:
        engagements = engagements.filter(state=state)
    return engagement_selectors.with_progress(engagements).order_by(*order)


# --- Fetch helpers of the director pages (404 for everyone else) ------------


def _supervises(user, engagement: Engagement) -> bool:
    return user.is_superuser or (
        engagement.director_id == user.pk and user.has_role(DIRECTOR)
    )


def get_supervised_engagement(user, pk) -> Engagement:
    engagement = engagement_selectors.get_engagement_for_user(user, pk)
    if not _supervises(user, engagement):
        raise Http404
    return engagement


def get_supervised_subtask(user, pk) -> Subtask:
    subtask = engagement_selectors.get_subtask_for_user(user, pk)
    if not _supervises(user, subtask.engagement):
        raise Http404
    return subtask


def get_submission_file_for_director(user, pk) -> SubmissionFile:
    """A submitted file for the supervising director or a superuser only."""
    files = SubmissionFile.objects.select_related("submission__subtask__engagement")
    if not user.is_superuser:
        files = files.filter(submission__subtask__engagement__director=user)
    found = files.filter(pk=pk).first()
    if found is None or not _supervises(user, found.submission.subtask.engagement):
        raise Http404
    return found


# --- The engagement and review pages ----------------------------------------


def board_subtasks(engagement: Engagement) -> QuerySet[Subtask]:
    """The decomposition board's rows: every subtask, soonest due first."""
    return engagement.subtasks.select_related(
        "assignee__worker_profile", "offered_to__worker_profile", "required_skill"
    ).order_by("due_at", "pk")


def board_state_counts(engagement: Engagement) -> list[dict]:
    """[{state, label, count}] of the engagement's subtasks, in the state
    order, states with none left out: one grouped query."""
    counts = dict(
        engagement.subtasks.order_by().values_list("state").annotate(n=Count("pk"))
    )
    return [
        {"state": value, "label": label, "count": counts[value]}
        for value, label in Subtask.State.choices
        if counts.get(value)
    ]


def submissions_of(subtask: Subtask) -> list[Submission]:
    """Every version of the work, newest first, with files, worker and review."""
    return list(
        Submission.objects.filter(subtask=subtask)
        .select_related("worker__worker_profile", "review__reviewer")
        .prefetch_related("files")
        .order_by("-version")
    )


def checklist_for(engagement: Engagement) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(category_id=engagement.category_id)


def thread_of(subtask: Subtask):
    return subtask.messages.select_related("author__worker_profile").order_by(
        "created_at", "pk"
    )


def offer_candidate(user, worker_id):
    """A worker (user) to offer work to, among the profiles ``user`` may see,
    with the profile loaded; None when there is no such worker."""
    profile = (
        profiles_visible_to(user)
        .select_related("user")
        .filter(user_id=worker_id, user__is_active=True)
        .first()
    )
    return profile.user if profile else None
