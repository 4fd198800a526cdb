import hashlib
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action
from enterprise.downloads import upload_content_type
from enterprise.fsm import apply_transition
from enterprise.notify import notify

from .. import rules
from ..models import Message, Review, Submission, SubmissionFile, Subtask
from ..signals import subtask_approved
from . import track_record
from ._base import (
    EngagementError,
    lock,
    require,
    require_reason,
    setting,
    site_url,
)


@transaction.atomic
def message_post(*, subtask: Subtask, by, body: str) -> Message:
    """Post to a subtask's thread. A worker's message is a question the
    director must answer; a director's message closes the open questions.
    Answers the other side's open messages (recorded for the worker's
    response rate)."""
    body = (body or "").strip()
    require(bool(body), _("Please write a message."))
    subtask = lock(Subtask, subtask.pk)
    is_worker = by.pk in (subtask.assignee_id, subtask.offered_to_id)
    if not (is_worker or rules.is_director(subtask, by)):
        raise PermissionDenied
    now = timezone.now()
    waiting = subtask.messages.filter(answered_at__isnull=True).exclude(author=by)
    if is_worker:
        for question in waiting:
            track_record.message_answered(
                worker=by,
                asked_at=question.created_at,
                answered_at=now,
                message=question,
            )
    waiting.update(answered_at=now)
    message = Message.objects.create(
        subtask=subtask, author=by, body=body, is_question=is_worker
    )
    if is_worker:  # the director answers on the subtask's review page
        other = subtask.engagement.director
        url = site_url("directors:review", subtask.pk)
    else:
        other = subtask.assignee
        url = site_url("engagements:worker_subtask", subtask.pk)
    notify(
        [other],
        "engagements/mail/message",
        {"subtask": subtask, "message": message, "url": url},
    )
    return message


def validate_upload(upload) -> None:
    """Refuse a file over the size limit or of a type not allowed."""
    suffix = PurePath(upload.name).suffix.lower()
    allowed = setting("UPLOAD_EXTENSIONS")
    if suffix not in allowed:
        raise EngagementError(
            _("“%(name)s”: files of this type cannot be submitted (allowed: %(ok)s).")
            % {"name": upload.name, "ok": " ".join(sorted(allowed))}
        )
    if upload.size > setting("UPLOAD_MAX_BYTES"):
        raise EngagementError(
            _("“%(name)s” is too large (%(size)s; the limit is %(limit)s).")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(setting("UPLOAD_MAX_BYTES")),
            }
        )


@transaction.atomic
def submission_create(*, subtask: Subtask, by, note: str, files) -> Submission:
    """The assignee submits a version of the deliverable (files plus a note).

    Every file is checked before anything is stored: one bad file refuses the
    whole submission. Every version is kept.
    """
    files = list(files)
    require(bool(files) or bool(note.strip()), _("Attach a file or write a note."))
    for upload in files:
        validate_upload(upload)
    subtask = lock(Subtask, subtask.pk)
    apply_transition(subtask, "submit", by=by, action="engagements.subtask.submitted")
    submission = Submission.objects.create(
        subtask=subtask,
        worker=by,
        note=note,
        version=subtask.submissions.count() + 1,
    )
    for upload in files:
        _store_file(submission, upload)
    notify(
        [subtask.engagement.director],
        "engagements/mail/submitted",
        {"subtask": subtask, "submission": submission},
    )
    return submission


def _store_file(submission: Submission, upload) -> SubmissionFile:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = PurePath(upload.name).name
    record = SubmissionFile(
        submission=submission,
        original_name=name,
        size=upload.size,
        content_type=upload_content_type(name),
        sha256=digest.hexdigest(),
    )
    record.file.save(name, upload, save=False)
    record.save()
    return record


def _latest_unreviewed(submission: Submission, by) -> tuple[Submission, Subtask]:
    subtask = lock(Subtask, submission.subtask_id)
    if not rules.is_director(subtask, by):
        raise PermissionDenied
    submission = Submission.objects.get(pk=submission.pk)
    require(
        subtask.state == Subtask.State.SUBMITTED
        and not Review.objects.filter(submission=submission).exists(),
        _("This submission has already been reviewed."),
    )
    return submission, subtask


def _rating(value) -> int | None:
    if value in (None, ""):
        return None
    value = int(value)
    require(1 <= value <= 5, _("The rating is from 1 to 5."))
    return value


@transaction.atomic
def review_approve(
    *, submission: Submission, by, rating, checklist: dict | None = None
) -> Review:
    """Approve the latest submission: the subtask is done and can be paid.

    Two directors approving at once: the second waits for the lock, then finds
    the subtask approved and gets EngagementError; one approval is logged.
    """
    submission, subtask = _latest_unreviewed(submission, by)
    rating = _rating(rating)
    require(rating is not None, _("Give a rating from 1 to 5."))
    apply_transition(
        subtask,
        "approve",
        by=by,
        action="engagements.subtask.approved",
        data={"submission": submission.pk, "rating": rating},
        update_fields=("approved_at",),
        at=timezone.now(),
    )
    review = Review.objects.create(
        submission=submission,
        reviewer=by,
        decision=Review.Decision.APPROVED,
        rating=rating,
        checklist=checklist or {},
    )
    track_record.assignment_ended(worker=subtask.assignee)
    track_record.work_finished(
        subtask=subtask, worker=subtask.assignee, outcome="approved", rating=rating
    )
    subtask_approved.send(sender=Subtask, subtask=subtask)
    notify([subtask.assignee], "engagements/mail/approved", {"subtask": subtask})
    return review


@transaction.atomic
def review_request_revision(
    *, submission: Submission, by, reason: str, rating=None, checklist=None
) -> Review:
    """Ask for another version, counted against the rounds included.

    Past the included rounds (plus any the client agreed to pay) this is
    refused: the director escalates or records a paid extra round instead.
    """
    reason = require_reason(reason)
    submission, subtask = _latest_unreviewed(submission, by)
    require(
        subtask.revisions_left > 0,
        _(
            "All %(n)s revision rounds are used. Escalate, or record an extra "
            "round the client agreed to pay."
        )
        % {"n": subtask.revisions_included + subtask.extra_rounds_billable},
    )
    apply_transition(
        subtask,
        "request_revision",
        by=by,
        reason=reason,
        action="engagements.subtask.revision_requested",
        update_fields=("revisions_used",),
    )
    review = Review.objects.create(
        submission=submission,
        reviewer=by,
        rating=_rating(rating),
        reason=reason,
        decision=Review.Decision.REVISION_REQUESTED,
        checklist=checklist or {},
    )
    notify(
        [subtask.assignee],
        "engagements/mail/revision_requested",
        {"subtask": subtask, "reason": reason},
    )
    return review


@transaction.atomic
def review_reject(
    *, submission: Submission, by, reason_code: str, reason: str
) -> Review:
    """Reject the work: the subtask reopens for another worker."""
    reason = require_reason(reason)
    require(reason_code in Review.RejectReason.values, _("Choose a reason code."))
    submission, subtask = _latest_unreviewed(submission, by)
    worker = subtask.assignee
    apply_transition(
        subtask,
        "reject",
        by=by,
        reason=reason,
        data={"code": reason_code},
        action="engagements.subtask.rejected",
        update_fields=("assignee",),
    )
    review = Review.objects.create(
        submission=submission,
        reviewer=by,
        decision=Review.Decision.REJECTED,
        reason=reason,
        reason_code=reason_code,
    )
    subtask.assignments.filter(worker=worker, active=True).update(active=False)
    track_record.assignment_ended(worker=worker)
    track_record.work_finished(subtask=subtask, worker=worker, outcome="rejected")
    notify(
        [worker], "engagements/mail/rejected", {"subtask": subtask, "reason": reason}
    )
    return review


@transaction.atomic
def subtask_add_paid_round(*, subtask: Subtask, by, price: int, note: str) -> Subtask:
    """Record one more revision round that the client agreed to pay for.

    Billing adds ``price`` to the client's invoice for each such round.
    """
    note = require_reason(note)
    subtask = lock(Subtask, subtask.pk)
    if not rules.is_director(subtask, by):
        raise PermissionDenied
    require(price > 0, _("Enter the price the client agreed to."))
    subtask.extra_rounds_billable += 1
    subtask.extra_round_price = price
    subtask.save(update_fields=["extra_rounds_billable", "extra_round_price"])
    log_action(
        target=subtask,
        action="engagements.subtask.paid_round_added",
        by=by,
        reason=note,
        data={"price": price},
    )
    return subtask


@transaction.atomic
def subtask_escalate(*, subtask: Subtask, by, note: str) -> Subtask:
    """Flag a subtask to sales and the operator (revision limit, dispute)."""
    note = require_reason(note)
    subtask = lock(Subtask, subtask.pk)
    if not rules.is_director(subtask, by):
        raise PermissionDenied
    subtask.escalated = True
    subtask.save(update_fields=["escalated"])
    log_action(
        target=subtask, action="engagements.subtask.escalated", by=by, reason=note
    )
    notify(
        [subtask.engagement.sales_owner],
        "engagements/mail/escalated",
        {"subtask": subtask, "note": note},
    )
    return subtask
