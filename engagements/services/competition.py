"""Competitions (コンペ形式): a call to certified workers, entries until the
deadline, a shortlist, one winner paid the prize, the others closed.

Only the winning entry's rights pass to the client; the other entries'
files are deleted after ``loser_file_days`` (``competition_files_purge``),
their SHA-256 kept so a later copy is still recognised.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action, update_logged
from enterprise.fsm import apply_transition
from enterprise.notify import notify

from .. import rules
from ..models import (
    Assignment,
    CompetitionEntry,
    CompetitionSettings,
    EntryFile,
    ParticipationAward,
    Subtask,
)
from ..signals import assignment_accepted, subtask_approved
from . import track_record
from ._base import lock, require
from .assignment import OFFERABLE_ENGAGEMENT_STATES
from .formats import eligible_workers, format_setting, level_by_code, store_upload
from .work import validate_upload

MAIL = "engagements/formats/mail/"


def competition_workers(subtask: Subtask):
    """Certified workers of the engagement's category whose skills match:
    the required skill when named, else any skill of the category; at least
    the required certification when named. Never the director."""
    engagement = subtask.engagement
    return eligible_workers(
        category=engagement.category,
        skill=subtask.required_skill,
        any_skill_in_category=True,
        level=level_by_code(subtask.required_level) or True,
    ).exclude(pk=engagement.director_id)


def _director_lock(subtask: Subtask, by) -> Subtask:
    subtask = lock(Subtask, subtask.pk)
    if not rules.is_director(subtask, by):
        raise PermissionDenied
    return subtask


@transaction.atomic
def competition_open(
    *,
    subtask: Subtask,
    by,
    participation_reward: int = 0,
    loser_file_days: int | None = None,
) -> CompetitionSettings:
    """Open an open competition subtask to entries and mail the workers invited.

    The prize is the subtask's reward; entries are taken until ``due_at``.
    Raises EngagementError when the subtask is not a competition, is not open,
    its deadline has passed, or it was opened already.
    """
    subtask = _director_lock(subtask, by)
    require(
        subtask.work_format == Subtask.Format.COMPETITION,
        _("Only a competition subtask takes entries."),
    )
    require(
        subtask.state == Subtask.State.OPEN
        and subtask.engagement.state in OFFERABLE_ENGAGEMENT_STATES,
        _("A competition opens once planning has started, while it is open."),
    )
    require(subtask.due_at > timezone.now(), _("The deadline has already passed."))
    require(
        not CompetitionSettings.objects.filter(subtask=subtask).exists(),
        _("This competition is already open."),
    )
    require(participation_reward >= 0, _("Enter an amount of 0 or more."))
    workers = list(competition_workers(subtask))
    competition = CompetitionSettings.objects.create(
        subtask=subtask,
        participation_reward=participation_reward,
        loser_file_days=(
            format_setting("COMPETITION_LOSER_FILE_DAYS")
            if loser_file_days is None
            else loser_file_days
        ),
        opened_by=by,
        invited_count=len(workers),
    )
    log_action(
        target=subtask,
        action="engagements.competition.opened",
        by=by,
        data={"invited": len(workers), "participation_reward": participation_reward},
    )
    # One mail each: the workers must not see one another's addresses.
    for worker in workers:
        notify(
            [worker],
            MAIL + "competition_call",
            {"subtask": subtask, "competition": competition},
        )
    return competition


def _open_competition(subtask: Subtask) -> CompetitionSettings:
    competition = CompetitionSettings.objects.filter(subtask=subtask).first()
    require(
        competition is not None and not competition.awarded,
        _("This competition is not taking entries."),
    )
    return competition


@transaction.atomic
def entry_submit(*, subtask: Subtask, by, note: str, files) -> CompetitionEntry:
    """An invited worker sends an entry (files plus a note) before the deadline.

    A worker may send several entries. A file identical (same SHA-256) to a
    file of another worker's earlier entry flags the entry as a possible copy
    and tells the director.
    """
    files = list(files)
    require(bool(files), _("Attach at least one file."))
    for upload in files:
        validate_upload(upload)
    subtask = lock(Subtask, subtask.pk)
    _open_competition(subtask)
    require(timezone.now() < subtask.due_at, _("The deadline for entries has passed."))
    if not competition_workers(subtask).filter(pk=by.pk).exists():
        raise PermissionDenied
    entry = CompetitionEntry.objects.create(
        subtask=subtask, worker=by, note=(note or "").strip()
    )
    hashes = []
    for upload in files:
        record = EntryFile(entry=entry)
        store_upload(record, upload)
        hashes.append(record.sha256)
    original = (
        EntryFile.objects.filter(sha256__in=hashes)
        .exclude(entry__worker=by)
        .select_related("entry")
        .order_by("entry__submitted_at", "entry_id")
        .first()
    )
    log_action(
        target=entry,
        action="engagements.competition.entry_submitted",
        by=by,
        data={"files": hashes},
    )
    if original is not None:
        entry.possible_copy_of = original.entry
        entry.save(update_fields=["possible_copy_of"])
        log_action(
            target=entry,
            action="engagements.competition.possible_copy",
            data={"of_entry": original.entry_id, "sha256": original.sha256},
        )
        notify(
            [subtask.engagement.director],
            MAIL + "competition_copy",
            {"subtask": subtask, "entry": entry, "original": original.entry},
        )
    return entry


@transaction.atomic
def entry_shortlist(
    *, entry: CompetitionEntry, by, shortlisted: bool = True
) -> CompetitionEntry:
    """The director puts an entry on the shortlist the client chooses from
    (or takes it off) while no winner is chosen."""
    subtask = _director_lock(entry.subtask, by)
    _open_competition(subtask)
    entry = CompetitionEntry.objects.get(pk=entry.pk)
    entry.shortlisted = shortlisted
    entry.save(update_fields=["shortlisted"])
    log_action(
        target=entry,
        action=(
            "engagements.competition.shortlisted"
            if shortlisted
            else "engagements.competition.unshortlisted"
        ),
        by=by,
    )
    return entry


@transaction.atomic
def competition_send_shortlist(*, subtask: Subtask, by) -> int:
    """Tell the client's contacts the shortlist is ready for their choice."""
    subtask = _director_lock(subtask, by)
    _open_competition(subtask)
    count = subtask.entries.filter(shortlisted=True).count()
    require(count > 0, _("Shortlist at least one entry first."))
    contacts = [c.user for c in subtask.engagement.client.contacts.all()]
    notify(contacts, MAIL + "competition_shortlist", {"subtask": subtask})
    log_action(
        target=subtask,
        action="engagements.competition.shortlist_sent",
        by=by,
        data={"entries": count},
    )
    return count


@transaction.atomic
def competition_award(
    *, entry: CompetitionEntry, by, message: str = ""
) -> CompetitionSettings:
    """Adopt the winning entry once the deadline has passed.

    The client's contact chooses among the shortlisted entries; the director
    may choose any entry on the client's behalf (recorded as such). The
    subtask is approved with the winner as assignee at the prize (its
    reward): invoicing hears ``assignment_accepted`` (worker order) and
    ``subtask_approved`` (pay). The other entries are closed with
    ``message``; shortlisted ones of other workers get a ParticipationAward
    when the competition promised a participation reward.
    """
    subtask = lock(Subtask, entry.subtask_id)
    if not rules.is_director_or_client_contact(subtask, by):
        raise PermissionDenied
    competition = _open_competition(subtask)
    competition = CompetitionSettings.objects.select_for_update().get(pk=competition.pk)
    entry = CompetitionEntry.objects.select_related("worker").get(pk=entry.pk)
    on_behalf = rules.is_director(subtask, by)
    if not on_behalf:
        require(entry.shortlisted, _("Choose one of the shortlisted entries."))
    now = timezone.now()
    require(now >= subtask.due_at, _("The winner is chosen after the entry deadline."))
    winner = entry.worker
    apply_transition(
        subtask,
        "award",
        by=by,
        action="engagements.competition.awarded",
        data={"entry": entry.pk, "on_behalf_of_client": on_behalf},
        update_fields=("assignee", "approved_at"),
        winner=winner,
        at=now,
    )
    entry.state = CompetitionEntry.State.WON
    entry.save(update_fields=["state"])
    losers = subtask.entries.exclude(pk=entry.pk)
    update_logged(
        losers,
        {"state": CompetitionEntry.State.NOT_SELECTED},
        action="engagements.competitionentry.not_selected",
        by=by,
        data={"winner_entry": entry.pk},
    )
    competition.winner = entry
    competition.awarded_by, competition.awarded_at = by, now
    competition.awarded_on_behalf = on_behalf
    competition.closing_message = (message or "").strip()
    competition.files_purge_after = now + datetime.timedelta(
        days=competition.loser_file_days
    )
    competition.save()
    awards = _participation_awards(subtask, competition, winner)
    _record_winner(subtask, winner, now)
    _notify_entrants(subtask, competition, winner, awards)
    return competition


def _participation_awards(subtask, competition, winner) -> list[ParticipationAward]:
    if not competition.participation_reward:
        return []
    shortlisted = subtask.entries.filter(
        shortlisted=True, state=CompetitionEntry.State.NOT_SELECTED
    ).exclude(worker=winner)
    return ParticipationAward.objects.bulk_create(
        ParticipationAward(
            entry=entry,
            subtask=subtask,
            worker_id=entry.worker_id,
            amount=competition.participation_reward,
        )
        for entry in shortlisted
    )


def _record_winner(subtask: Subtask, winner, now) -> None:
    """The terms the winner is paid by (the worker order), then the approval."""
    assignment = Assignment.objects.create(
        subtask=subtask,
        worker=winner,
        accepted_at=now,
        reward=subtask.reward,
        due_at=subtask.due_at,
        description=f"{subtask.title}\n{subtask.instructions}",
        deliverable_spec=subtask.deliverable_spec,
        active=False,
    )
    assignment_accepted.send(sender=Assignment, assignment=assignment)
    track_record.work_finished(subtask=subtask, worker=winner, outcome="approved")
    subtask_approved.send(sender=Subtask, subtask=subtask)


def _notify_entrants(subtask, competition, winner, awards) -> None:
    notify([winner], MAIL + "competition_won", {"subtask": subtask})
    paid = {award.worker_id: award for award in awards}
    others = (
        subtask.entries.exclude(worker=winner)
        .select_related("worker")
        .order_by("worker_id")
    )
    seen = set()
    for entry in others:
        if entry.worker_id in seen:
            continue
        seen.add(entry.worker_id)
        notify(
            [entry.worker],
            MAIL + "competition_closed",
            {
                "subtask": subtask,
                "competition": competition,
                "award": paid.get(entry.worker_id),
            },
        )


def competition_files_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of entries that were not adopted, once their time is up.

    The rows stay (with their SHA-256) so copies are still recognised; only
    the stored files go. Safe to run twice: a deleted file is skipped.
    """
    now = now or timezone.now()
    files = EntryFile.objects.filter(
        deleted_at__isnull=True,
        entry__state=CompetitionEntry.State.NOT_SELECTED,
        entry__subtask__competition__files_purge_after__lte=now,
    )
    ids, entry_ids = [], set()
    for record in files.only("id", "file", "entry_id"):
        if record.file:
            record.file.delete(save=False)
        ids.append(record.pk)
        entry_ids.add(record.entry_id)
    EntryFile.objects.filter(pk__in=ids).update(file="", deleted_at=now)
    CompetitionEntry.objects.filter(pk__in=entry_ids).update(files_deleted_at=now)
    return len(ids)
