"""Pay dates and payout lines: what each worker is owed, and when.

Every approved subtask becomes a payout line dated by the operator's payout
calendar (e.g. 月末締め翌月末払い), moved off bank holidays by its holiday
rule (前営業日 by default, japan.md §7.2). The date is checked against the
Freelance Act (法4条, japan.md §3.3): within 60 days of receipt counting the
day of receipt as day 1, with the JFTC's "two months" reading for a monthly
close. A line whose date the law does not allow is HELD, shown to finance,
and paid only once finance records why.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enterprise.audit import log_action
from enterprise.calendar import (
    HolidayRule,
    add_months,
    closing_date_for,
    day_in_month,
    nominal_payment_date,
    shift,
)
from enterprise.freelance import DueDateCheck, check_due_date
from enterprise.models import OperatorProfile
from enterprise.money import Rounding, round_yen
from enterprise.notify import notify
from enterprise.roles import FINANCE, WORKER

from ...models import PayoutLine, WorkerOrder
from ...models.payouts import due_date_flag_labels
from ._base import (
    PayoutError,
    local_date,
    lock,
    require,
    require_finance,
    site_url,
)
from ._base import require_reason as _reason
from .policy import DIRECTION_CODE, withholding_for, worker_profile

Kind, State = PayoutLine.Kind, PayoutLine.State
OPEN_STATES = (State.HELD, State.SCHEDULED)


# --- the calendar ---------------------------------------------------------------


def _postponement_agreed(operator: OperatorProfile) -> bool:
    # Paying after a holiday is printed on every worker order, so it is agreed
    # in writing beforehand exactly when the operator's rule says so.
    return operator.payout_holiday_rule == HolidayRule.NEXT


def calendar_pay_date(
    received_on: datetime.date,
    operator: OperatorProfile,
    not_before: datetime.date | None = None,
) -> datetime.date:
    """The nominal pay date the calendar gives work received on that day;
    with ``not_before``, the first one that can still be paid on or after it
    (work approved after its own pay date waits for the next one)."""
    closing = closing_date_for(received_on, operator.payout_closing_day)
    while True:
        nominal = nominal_payment_date(
            closing, operator.payout_month_offset, operator.payout_pay_day
        )
        if not_before is None or shift(nominal, operator.payout_holiday_rule) >= (
            not_before
        ):
            return nominal
        year, month = add_months(closing.year, closing.month, 1)
        closing = day_in_month(year, month, operator.payout_closing_day)


def pay_date_for(
    *,
    received_on: datetime.date,
    today: datetime.date | None = None,
    operator: OperatorProfile | None = None,
    redelegation_due: datetime.date | None = None,
) -> DueDateCheck:
    """The pay date of work received on ``received_on`` and what is wrong with it.

    ``pay_on`` is the calendar's date moved off bank holidays; ``latest`` the
    latest date the Act allows; ``flags`` empty when it complies. Work whose
    calendar date has already passed (approved late) takes the next date the
    calendar gives, which the check then usually flags.
    """
    operator = operator or OperatorProfile.get()
    nominal = calendar_pay_date(
        received_on, operator, not_before=today or timezone.localdate()
    )
    return check_due_date(
        received_on=received_on,
        due_on=nominal,
        holiday_rule=operator.payout_holiday_rule,
        postponement_agreed=_postponement_agreed(operator),
        closing_day=operator.payout_closing_day,
        redelegation_due=redelegation_due,
    )


# --- making lines ---------------------------------------------------------------


def _finance_people():
    return get_user_model().objects.filter(groups__name=FINANCE, is_active=True)


def _create_line(*, redelegation_due=None, **fields) -> PayoutLine:
    check = pay_date_for(
        received_on=fields["received_on"], redelegation_due=redelegation_due
    )
    flags = sorted(check.flags)
    line = PayoutLine.objects.create(
        **fields,
        pay_date=check.pay_on,
        latest_legal_date=check.latest,
        flags=flags,
        state=State.HELD if flags else State.SCHEDULED,
    )
    log_action(
        target=line,
        action="invoicing.payout_line.held"
        if flags
        else "invoicing.payout_line.scheduled",
        to_state=line.state,
        data={"pay_date": f"{line.pay_date:%Y-%m-%d}", "flags": flags},
    )
    if flags:
        url = site_url("invoicing:payout_date", line.pay_date.isoformat())
        notify(
            _finance_people(),
            "invoicing/payouts/mail/line_held",
            {"line": line, "url": url},
        )
    return line


def _current_order(subtask) -> WorkerOrder:
    order = WorkerOrder.objects.filter(
        subtask=subtask, worker_id=subtask.assignee_id, state=WorkerOrder.State.ISSUED
    ).first()
    if order is not None:
        return order
    from .orders import worker_order_for_assignment

    assignment = subtask.assignments.filter(
        worker_id=subtask.assignee_id, active=True
    ).first()
    require(
        assignment is not None,
        _("“%(subtask)s” has no accepted terms to pay against.") % {"subtask": subtask},
    )
    order = worker_order_for_assignment(assignment=assignment, by=None)
    require(
        order.state == WorkerOrder.State.ISSUED,
        _("The worker order for “%(subtask)s” has not been issued.")
        % {"subtask": subtask},
    )
    return order


def _received_on(subtask) -> datetime.date:
    """The day the accepted deliverable was received (uploaded): day 1 of the
    Act's 60 days and the purchase date for the transitional credit. A
    competition's deliverable is the winning entry, received when sent."""
    if subtask.work_format == subtask.Format.COMPETITION:
        entry = subtask.entries.filter(state="won").first()
        if entry is not None:
            return local_date(entry.submitted_at)
    submissions = subtask.submissions.order_by("-version")
    submission = (
        submissions.filter(review__decision="approved").first() or submissions.first()
    )
    moment = submission.submitted_at if submission else subtask.approved_at
    return local_date(moment or timezone.now())


def _paid_by_the_piece(subtask) -> bool:
    """Task batches are paid per approved unit and hourly work per approved
    week (engagements' TaskUnit and WeeklyTimesheet), not by the subtask's
    fixed reward."""
    if subtask.work_format == subtask.Format.TASK:
        return True
    return (
        type(subtask).objects.filter(pk=subtask.pk, hourly_terms__isnull=False).exists()
    )


@transaction.atomic
def payout_line_schedule_reward(*, subtask) -> PayoutLine | None:
    """Schedule the reward of an approved subtask (called on subtask_approved).

    The amount, fee and withholding decision come from the worker order in
    force. Running it twice returns the line made the first time. None for
    work paid by the piece (task units, hourly weeks).
    """
    from engagements.models import Subtask

    subtask = lock(Subtask, subtask.pk)
    if _paid_by_the_piece(subtask):
        return None
    existing = PayoutLine.objects.filter(subtask=subtask, kind=Kind.REWARD).first()
    if existing is not None:
        return existing
    order = _current_order(subtask)
    return _create_line(
        worker_id=order.worker_id,
        kind=Kind.REWARD,
        subtask=subtask,
        order=order,
        engagement_id=subtask.engagement_id,
        description=order.title,
        category_code=subtask.engagement.category.code,
        amount=order.reward,
        fee=order.fee,
        withholding_subject=order.withholding_subject,
        withholding_basis=order.withholding_basis,
        received_on=_received_on(subtask),
        redelegation_due=order.original_due_date if order.is_redelegation else None,
    )


# --- directors who are veteran workers -----------------------------------------------


def _paid_director(user) -> bool:
    """Staff directors are employees; a director who is also a registered
    worker is paid for directing on their payout statement."""
    return (
        user is not None and user.has_role(WORKER) and worker_profile(user) is not None
    )


def _direction_withholding() -> dict:
    subject, basis = withholding_for(category_code=DIRECTION_CODE)
    return {"withholding_subject": subject, "withholding_basis": basis}


def payout_lines_collect_reviews(*, today: datetime.date | None = None) -> int:
    """Schedule a review fee for each submission a paid director reviewed
    (operator setting: review fee per submission). Safe to run any number of
    times: a review is paid once (one line per review)."""
    from engagements.models import Review

    operator = OperatorProfile.get()
    if (
        operator.director_pay_mode != OperatorProfile.DirectorPay.REVIEW_FEE
        or not operator.director_review_fee
    ):
        return 0
    reviews = (
        Review.objects.filter(
            payout_line__isnull=True,
            reviewer__worker_profile__isnull=False,
            reviewer__groups__name=WORKER,
        )
        .select_related("submission__subtask__engagement", "reviewer")
        .distinct()
    )
    made = 0
    for review in reviews:
        try:
            made += _review_fee_line(review, operator)
        except IntegrityError:
            continue  # a concurrent run scheduled this review first
    return made


@transaction.atomic
def _review_fee_line(review, operator) -> int:
    if PayoutLine.objects.filter(review_id=review.pk).exists():
        return 0
    subtask = review.submission.subtask
    with translation.override("ja"):
        description = _("Review: %(title)s (version %(version)d)") % {
            "title": subtask.title,
            "version": review.submission.version,
        }
    _create_line(
        worker=review.reviewer,
        kind=Kind.REVIEW_FEE,
        subtask=subtask,
        engagement=subtask.engagement,
        review=review,
        description=description,
        category_code=DIRECTION_CODE,
        amount=operator.director_review_fee,
        received_on=local_date(review.reviewed_at),
        **_direction_withholding(),
    )
    return 1


@transaction.atomic
def payout_line_schedule_direction_share(*, engagement) -> PayoutLine | None:
    """The director's share of the direction fee (進行管理費) of a completed
    engagement (operator setting: share of the direction fee), floored to
    the yen. None when the setting, the director or the quote gives nothing."""
    from engagements.selectors import accepted_quote

    operator = OperatorProfile.get()
    director = engagement.director
    if (
        operator.director_pay_mode != OperatorProfile.DirectorPay.FEE_SHARE
        or not _paid_director(director)
    ):
        return None
    existing = PayoutLine.objects.filter(
        engagement=engagement, worker=director, kind=Kind.DIRECTION_SHARE
    ).first()
    if existing is not None:
        return existing
    quote = accepted_quote(engagement)
    amount = 0
    if quote is not None:
        amount = round_yen(
            quote.direction_fee * operator.director_fee_share, Rounding.DOWN
        )
    if not amount:
        return None
    with translation.override("ja"):
        description = _("Direction: %(title)s") % {"title": engagement.title}
    return _create_line(
        worker=director,
        kind=Kind.DIRECTION_SHARE,
        engagement=engagement,
        description=description,
        category_code=DIRECTION_CODE,
        amount=amount,
        received_on=local_date(engagement.completed_at or timezone.now()),
        **_direction_withholding(),
    )


# --- finance decides ------------------------------------------------------------------


def _open_line(line: PayoutLine, by) -> PayoutLine:
    require_finance(by)
    line = lock(PayoutLine, line.pk)
    require(
        line.state in OPEN_STATES,
        _("This payout line is already on a statement and cannot be changed."),
    )
    return line


@transaction.atomic
def payout_line_release(*, line: PayoutLine, by, reason: str) -> PayoutLine:
    """Record why a flagged line is paid on its date anyway; it is then
    scheduled. Finance only."""
    reason = _reason(reason)
    line = _open_line(line, by)
    require(line.state == State.HELD, _("This payout line is not held."))
    line.late_reason, line.state = reason, State.SCHEDULED
    line.save(update_fields=["late_reason", "state"])
    log_action(
        target=line,
        action="invoicing.payout_line.released",
        by=by,
        from_state=State.HELD,
        to_state=State.SCHEDULED,
        reason=reason,
        data={"flags": line.flags},
    )
    return line


@transaction.atomic
def payout_line_reschedule(
    *, line: PayoutLine, by, pay_date: datetime.date, reason: str = ""
) -> PayoutLine:
    """Move a line to another pay date (a specific date, moved off bank
    holidays by the operator's rule). A date the Act does not allow is
    refused unless a reason is given, which is recorded. Finance only."""
    line = _open_line(line, by)
    operator = OperatorProfile.get()
    order = line.order
    check = check_due_date(
        received_on=line.received_on,
        due_on=pay_date,
        holiday_rule=operator.payout_holiday_rule,
        postponement_agreed=_postponement_agreed(operator),
        redelegation_due=order.original_due_date
        if order and order.is_redelegation
        else None,
    )
    flags = sorted(check.flags)
    reason = (reason or "").strip()
    if flags and not reason:
        raise PayoutError(
            _("This pay date needs a reason: %(flags)s")
            % {"flags": " ".join(due_date_flag_labels(flags))},
            code="reason_required",
        )
    before = f"{line.pay_date:%Y-%m-%d}"
    line.pay_date, line.latest_legal_date = check.pay_on, check.latest
    line.flags, line.late_reason = flags, reason if flags else ""
    line.state = State.SCHEDULED
    line.save(
        update_fields=["pay_date", "latest_legal_date", "flags", "late_reason", "state"]
    )
    log_action(
        target=line,
        action="invoicing.payout_line.rescheduled",
        by=by,
        to_state=line.state,
        reason=reason,
        data={"from": before, "to": f"{line.pay_date:%Y-%m-%d}", "flags": flags},
    )
    return line


@transaction.atomic
def payout_line_override_withholding(
    *, line: PayoutLine, by, subject: bool, reason: str
) -> PayoutLine:
    """Decide withholding for one line against its category's default (a
    borderline job: web design that is mostly coding, photos for print).
    The reason is recorded. Finance only."""
    reason = _reason(reason)
    line = _open_line(line, by)
    before = line.withholding_subject
    line.withholding_subject = bool(subject)
    line.withholding_override_reason = reason
    line.save(update_fields=["withholding_subject", "withholding_override_reason"])
    log_action(
        target=line,
        action="invoicing.payout_line.withholding_overridden",
        by=by,
        reason=reason,
        data={"from": before, "to": line.withholding_subject},
    )
    return line
