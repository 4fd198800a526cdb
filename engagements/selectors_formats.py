"""Reads for competitions, task batches and hourly weeks, scoped to the person.

Each fetch helper answers 404 for what the person may not see: a director
sees the formats of the engagements they supervise, a worker their own
entries, units and weeks (and the calls and batches open to them), a
client's contact the competitions of their company waiting for a choice.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import (
    CompetitionEntry,
    CompetitionSettings,
    EntryFile,
    Subtask,
    TaskAppeal,
    TaskBatch,
    TaskUnit,
    WeeklyTimesheet,
)
from .services.batches import DONE, batch_workers
from .services.competition import competition_workers
from .services.formats import level_by_code, qualifications

U = TaskUnit.State
PROGRESS_STATES = [U.OPEN, U.CLAIMED, U.SUBMITTED, U.APPROVED, U.REJECTED]


def _first_or_404(queryset):
    found = queryset.first()
    if found is None:
        raise Http404
    return found


def _directed(user, prefix: str) -> Q:
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}engagement__director": user})


# --- Task batches: director ---------------------------------------------------


def batch_list_for_director(*, user) -> QuerySet[TaskBatch]:
    return (
        TaskBatch.objects.filter(_directed(user, "subtask__"))
        .select_related("subtask__engagement")
        .annotate(
            unit_count=Count("units"),
            waiting_count=Count("units", filter=Q(units__state=U.SUBMITTED)),
        )
        .order_by("-created_at", "-id")
    )


def get_batch_for_director(user, pk) -> TaskBatch:
    return _first_or_404(
        TaskBatch.objects.filter(_directed(user, "subtask__"), pk=pk).select_related(
            "subtask__engagement__client", "required_skill", "required_level"
        )
    )


def task_subtasks_without_batch(*, user) -> QuerySet[Subtask]:
    return Subtask.objects.filter(
        _directed(user, ""),
        work_format=Subtask.Format.TASK,
        state=Subtask.State.OPEN,
        batch__isnull=True,
    ).select_related("engagement")


def batch_progress(batch: TaskBatch) -> dict:
    """Units per state and each state's share of the whole (one query)."""
    counts = dict(batch.units.order_by().values_list("state").annotate(n=Count("id")))
    total = sum(counts.values())
    progress = {"total": total}
    for state in PROGRESS_STATES:
        n = counts.get(state, 0)
        progress[state] = n
        progress[f"{state}_pct"] = round(n * 100 / total, 1) if total else 0
    progress["disputed"] = batch.units.filter(disputed=True, state=U.SUBMITTED).count()
    return progress


def worker_figures(batch: TaskBatch) -> list[dict]:
    """Per worker: units done, approved, rejected, the rejection cap, gold
    units answered and right (accuracy), in one query."""
    rows = (
        batch.units.filter(claimed_by__isnull=False)
        .values("claimed_by", "claimed_by__username", "claimed_by__last_name")
        .annotate(
            done=Count("id", filter=Q(state__in=DONE)),
            approved=Count("id", filter=Q(state=U.APPROVED)),
            rejected=Count("id", filter=Q(state=U.REJECTED)),
            gold=Count("id", filter=Q(gold_correct__isnull=False)),
            gold_right=Count("id", filter=Q(gold_correct=True)),
        )
        .order_by("claimed_by__username")
    )
    figures = []
    for row in rows:
        row["cap"] = batch.rejection_cap(row["done"])
        row["accuracy"] = (
            round(row["gold_right"] * 100 / row["gold"], 1) if row["gold"] else None
        )
        figures.append(row)
    return figures


def units_for_review(batch: TaskBatch, *, view: str = "sample", size: int = 20):
    """Submitted units to look at: a random sample for spot checks, the gold
    misses, the units outvoted by their row, or the oldest first."""
    units = batch.units.filter(state=U.SUBMITTED).select_related(
        "claimed_by__worker_profile"
    )
    if view == "gold":
        units = units.filter(gold_correct=False).order_by("submitted_at")
    elif view == "minority":
        units = units.filter(agrees=False).order_by("submitted_at")
    elif view == "oldest":
        units = units.order_by("submitted_at", "id")
    else:
        units = units.order_by("?")
    return list(units[:size])


def disputed_rows(batch: TaskBatch, *, limit: int = 50) -> list[dict]:
    """The disagreement queue: rows whose k answers found no majority."""
    units = (
        batch.units.filter(disputed=True)
        .select_related("claimed_by__worker_profile")
        .order_by("row_number", "replica")
    )
    rows: dict[int, dict] = {}
    for unit in units:
        if unit.row_number not in rows:
            if len(rows) == limit:
                break
            rows[unit.row_number] = {"row": unit.row_number, "units": []}
        rows[unit.row_number]["units"].append(unit)
    return list(rows.values())


def pending_appeals(batch: TaskBatch) -> QuerySet[TaskAppeal]:
    return TaskAppeal.objects.filter(
        unit__batch=batch, state=TaskAppeal.State.PENDING
    ).select_related("unit", "worker__worker_profile")


# What the results CSV reads of a unit; the worker's fields apart, since
# the client's copy leaves them out.
RESULT_FIELDS = (
    "row_number", "replica", "input", "answer", "consensus", "gold_answer",
    "state", "submitted_at", "reviewed_at", "rejection_code",
)  # fmt: skip
RESULT_WORKER_FIELDS = (
    "claimed_by__username",
    "claimed_by__last_name",
    "claimed_by__first_name",
)


def results_units(batch: TaskBatch):
    return (
        batch.units.order_by("row_number", "replica")
        .values(*RESULT_FIELDS, *RESULT_WORKER_FIELDS)
        .iterator(chunk_size=2000)
    )


# --- Task batches: worker -----------------------------------------------------


def _meets(requirement_rank: int | None, category_id, skill_id, quals) -> bool:
    ranks, skills = quals
    if skill_id is not None and skill_id not in skills:
        return False
    if requirement_rank is not None:
        return ranks.get(category_id, 0) >= requirement_rank
    return True


def batches_for_worker(*, user) -> list[TaskBatch]:
    """Open batches the worker may claim from, with the open units left and
    the worker's own count; constant queries whatever the number."""
    batches = (
        TaskBatch.objects.filter(state=TaskBatch.State.OPEN)
        .exclude(subtask__engagement__director=user)
        .select_related("subtask__engagement", "required_level")
        .annotate(
            open_count=Count("units", filter=Q(units__state=U.OPEN)),
            mine=Count("units", filter=Q(units__claimed_by=user)),
        )
        .order_by("subtask__due_at", "id")
    )
    quals = qualifications(user)
    return [
        b
        for b in batches
        if _meets(
            b.required_level.rank if b.required_level else None,
            b.subtask.engagement.category_id,
            b.required_skill_id,
            quals,
        )
    ]


def get_batch_for_worker(user, pk) -> TaskBatch:
    """An open batch the worker may claim from, or one they have units in."""
    batch = _first_or_404(
        TaskBatch.objects.filter(pk=pk).select_related("subtask__engagement")
    )
    if batch.units.filter(claimed_by=user).exists():
        return batch
    if batch.state == TaskBatch.State.OPEN and (
        batch_workers(batch).filter(pk=user.pk).exists()
    ):
        return batch
    raise Http404


def worker_units(*, user, batch: TaskBatch) -> dict:
    units = batch.units.filter(claimed_by=user).select_related("appeal")
    return {
        "claimed": list(units.filter(state=U.CLAIMED).order_by("expires_at")),
        "rejected": list(units.filter(state=U.REJECTED).order_by("-reviewed_at")),
        "counts": dict(units.order_by().values_list("state").annotate(n=Count("id"))),
    }


def get_unit_for_worker(user, pk) -> TaskUnit:
    return _first_or_404(
        TaskUnit.objects.filter(pk=pk, claimed_by=user).select_related(
            "batch__subtask__engagement"
        )
    )


def rejected_units_for_worker(*, user) -> QuerySet[TaskUnit]:
    return (
        TaskUnit.objects.filter(claimed_by=user, state=U.REJECTED)
        .select_related("batch__subtask", "appeal")
        .order_by("-reviewed_at")
    )


# --- Competitions -------------------------------------------------------------


def competition_list_for_director(*, user) -> QuerySet[Subtask]:
    return (
        Subtask.objects.filter(
            _directed(user, ""), work_format=Subtask.Format.COMPETITION
        )
        .select_related("engagement", "competition", "assignee")
        .annotate(
            entry_count=Count("entries", distinct=True),
            shortlist_count=Count(
                "entries", filter=Q(entries__shortlisted=True), distinct=True
            ),
        )
        .order_by("due_at", "id")
    )


def get_competition_for_director(user, pk) -> Subtask:
    return _first_or_404(
        Subtask.objects.filter(
            _directed(user, ""), pk=pk, work_format=Subtask.Format.COMPETITION
        ).select_related("engagement__client", "competition", "required_skill")
    )


def competition_entries(subtask: Subtask) -> QuerySet[CompetitionEntry]:
    return subtask.entries.select_related(
        "worker__worker_profile", "possible_copy_of"
    ).prefetch_related("files")


def competitions_for_worker(*, user) -> list[Subtask]:
    """Competitions taking entries that the worker's skills and certification
    match, soonest deadline first (constant queries)."""
    subtasks = (
        Subtask.objects.filter(
            work_format=Subtask.Format.COMPETITION,
            state=Subtask.State.OPEN,
            competition__isnull=False,
            competition__winner__isnull=True,
            due_at__gt=timezone.now(),
        )
        .exclude(engagement__director=user)
        .select_related("engagement", "competition")
        .annotate(
            my_entries=Count("entries", filter=Q(entries__worker=user)),
        )
        .order_by("due_at", "id")
    )
    subtasks = list(subtasks)
    levels = {s.required_level for s in subtasks if s.required_level}
    ranks = {code: getattr(level_by_code(code), "rank", 1) for code in levels}
    quals = qualifications(user)
    category_skills = _category_skill_ids(quals[1])
    return [
        s
        for s in subtasks
        if _meets(
            ranks.get(s.required_level, 1),
            s.engagement.category_id,
            s.required_skill_id,
            quals,
        )
        and (s.required_skill_id or s.engagement.category_id in category_skills)
    ]


def _category_skill_ids(skill_ids) -> set[int]:
    from enterprise.models import Skill

    return set(
        Skill.objects.filter(pk__in=skill_ids).values_list("category_id", flat=True)
    )


def get_competition_for_worker(user, pk) -> Subtask:
    """A competition the worker was invited to (or has entries in)."""
    subtask = _first_or_404(
        Subtask.objects.filter(
            pk=pk, work_format=Subtask.Format.COMPETITION, competition__isnull=False
        ).select_related("engagement", "competition")
    )
    if subtask.entries.filter(worker=user).exists():
        return subtask
    if competition_workers(subtask).filter(pk=user.pk).exists():
        return subtask
    raise Http404


def entries_for_worker(*, user, subtask: Subtask | None = None):
    """The worker's own entries only (never another worker's)."""
    entries = CompetitionEntry.objects.filter(worker=user).select_related(
        "subtask__competition"
    )
    if subtask is not None:
        entries = entries.filter(subtask=subtask)
    return entries.prefetch_related("files").order_by("-submitted_at")


def _client_scope(user) -> Q:
    if user.is_superuser:
        return Q()
    return Q(engagement__client__contacts__user=user)


def competitions_for_client(*, user) -> QuerySet[Subtask]:
    """The company's competitions with a shortlist, awarded or waiting."""
    shortlisted = CompetitionEntry.objects.filter(
        subtask=OuterRef("pk"), shortlisted=True
    )
    return (
        Subtask.objects.filter(
            _client_scope(user),
            Exists(shortlisted),
            work_format=Subtask.Format.COMPETITION,
            competition__isnull=False,
        )
        .select_related("engagement", "competition")
        .distinct()
        .order_by("due_at", "id")
    )


def get_competition_for_client(user, pk) -> Subtask:
    return _first_or_404(competitions_for_client(user=user).filter(pk=pk))


def shortlist(subtask: Subtask) -> QuerySet[CompetitionEntry]:
    return (
        subtask.entries.filter(shortlisted=True)
        .select_related("worker")
        .prefetch_related(
            Prefetch("files", queryset=EntryFile.objects.filter(deleted_at=None))
        )
    )


def get_entry_file_for_user(user, pk) -> EntryFile:
    """A stored file: its worker, the competition's director, or the
    client's contact when the entry is on the shortlist."""
    record = _first_or_404(
        EntryFile.objects.filter(pk=pk, deleted_at=None).select_related(
            "entry__subtask__engagement"
        )
    )
    entry = record.entry
    engagement = entry.subtask.engagement
    if user.is_superuser or entry.worker_id == user.pk:
        return record
    if engagement.director_id == user.pk:
        return record
    is_contact = engagement.client.contacts.filter(user=user).exists()
    if is_contact and entry.shortlisted:
        return record
    raise Http404


def competition_settings(subtask: Subtask) -> CompetitionSettings | None:
    return CompetitionSettings.objects.filter(subtask=subtask).first()


# --- Hourly -------------------------------------------------------------------


def timesheets_for_director(*, user, waiting_only: bool = True):
    sheets = WeeklyTimesheet.objects.filter(_directed(user, "subtask__"))
    if waiting_only:
        sheets = sheets.exclude(state=WeeklyTimesheet.State.APPROVED)
    return sheets.select_related(
        "subtask__engagement", "worker__worker_profile"
    ).order_by("week_start", "id")


def get_timesheet_for_director(user, pk) -> WeeklyTimesheet:
    return _first_or_404(
        WeeklyTimesheet.objects.filter(_directed(user, "subtask__"), pk=pk)
        .select_related("subtask__engagement", "worker__worker_profile")
        .prefetch_related("entries")
    )


def hourly_subtasks_for_worker(*, user) -> QuerySet[Subtask]:
    return Subtask.objects.filter(
        assignee=user, hourly_terms__isnull=False
    ).select_related("engagement", "hourly_terms")


def hourly_subtasks_for_director(*, user) -> QuerySet[Subtask]:
    return Subtask.objects.filter(
        _directed(user, ""),
        work_format=Subtask.Format.PROJECT,
        state=Subtask.State.OPEN,
    ).select_related("engagement", "hourly_terms")


def first_rows(queryset: QuerySet, n: int) -> QuerySet:
    """The first ``n`` rows of ``queryset``, in its order, picked by id first.

    A director's open project subtasks are a few among thousands open: the
    ids come from a small partial index (subtask_open_project_idx), then only
    those rows are read, where a plain LIMIT read every subtask in hand."""
    return queryset.filter(pk__in=queryset.values("pk")[:n])


def get_hourly_subtask_for_worker(user, pk) -> Subtask:
    return _first_or_404(hourly_subtasks_for_worker(user=user).filter(pk=pk))


def worker_timesheets(*, user, subtask: Subtask):
    return (
        WeeklyTimesheet.objects.filter(subtask=subtask, worker=user)
        .prefetch_related("entries")
        .order_by("-week_start")
    )
