"""Demo payouts: fee policies, one paid payout, one issued for the next pay
date (its Zengin file ready to download), the rest scheduled.

Runs after the engagements demo, whose approved subtasks already have their
worker orders and payout lines (the receivers made them). The engagements
demo moves last month's work back in time after the fact, so the lines'
receipt and pay dates are moved with it here (demo only). Safe to run twice:
the policies are updated in place and the payouts are made once.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from enterprise.calendar import previous_business_day
from enterprise.models import WorkCategory

from .models import PayoutLine, PayoutStatement, WorkerFeePolicy
from .services import payouts
from .services.payouts._base import local_date
from .services.payouts.schedule import _received_on, pay_date_for

TIERS = [[100_000, "0.20"], [200_000, "0.10"], [None, "0.05"]]


def seed(*, stdout) -> None:
    _fee_policies()
    moved = _follow_moved_dates()
    finance = get_user_model().objects.filter(username="finance").first()
    if finance is None or PayoutStatement.objects.exists():
        stdout.write(f"  payouts: {moved} lines re-dated, statements already made")
        return
    payouts.payout_lines_collect_reviews()
    paid = _paid_payout(finance)
    issued = _next_payout(finance)
    waiting = PayoutLine.objects.filter(state=PayoutLine.State.SCHEDULED).count()
    stdout.write(
        f"  payouts: {len(paid)} paid, {len(issued)} issued, {waiting} lines scheduled"
    )


def _fee_policies() -> None:
    """Flat 10% by default, marginal tiers for design, none for task batches
    (they apply to the orders made from now on)."""
    design = WorkCategory.objects.filter(code="design").first()
    rows = [
        (None, "", {"kind": "flat", "rate": Decimal("0.10"), "tiers": []}),
        (None, "task", {"kind": "none", "rate": None, "tiers": []}),
    ]
    if design is not None:
        rows.append((design, "", {"kind": "tiered", "rate": None, "tiers": TIERS}))
    for category, work_format, values in rows:
        WorkerFeePolicy.objects.update_or_create(
            category=category, work_format=work_format, defaults=values
        )


def _follow_moved_dates() -> int:
    """Lines of work the engagements demo moved back: receipt and pay date as
    they would have been scheduled on the (moved) approval day."""
    moved = 0
    lines = PayoutLine.objects.filter(
        kind=PayoutLine.Kind.REWARD,
        state__in=[PayoutLine.State.SCHEDULED, PayoutLine.State.HELD],
    ).select_related("subtask")
    for line in lines:
        received = _received_on(line.subtask)
        if received == line.received_on:
            continue
        approved = line.subtask.approved_at or timezone.now()
        check = pay_date_for(received_on=received, today=local_date(approved))
        flags = sorted(check.flags)
        PayoutLine.objects.filter(pk=line.pk).update(
            received_on=received,
            pay_date=check.pay_on,
            latest_legal_date=check.latest,
            flags=flags,
            state=PayoutLine.State.HELD if flags else PayoutLine.State.SCHEDULED,
        )
        moved += 1
    return moved


def _paid_payout(finance) -> list[PayoutStatement]:
    """The worker with the oldest work is paid on the last business day
    before today (their lines moved to it), and the transfer confirmed."""
    oldest = (
        PayoutLine.objects.filter(state=PayoutLine.State.SCHEDULED)
        .order_by("received_on", "id")
        .first()
    )
    if oldest is None:
        return []
    day = previous_business_day(timezone.localdate())
    for line in PayoutLine.objects.filter(
        worker_id=oldest.worker_id,
        state=PayoutLine.State.SCHEDULED,
        received_on__lt=day,
    ):
        payouts.payout_line_reschedule(
            line=line, by=finance, pay_date=day, reason="デモ：前倒しで支払済み"
        )
    # Issued three business days before the transfer, as finance would.
    issued = previous_business_day(previous_business_day(previous_business_day(day)))
    statements = payouts.payout_run(pay_date=day, by=finance, issued_on=issued)
    for statement in statements:
        payouts.payout_confirm_transfer(statement=statement, by=finance)
    return statements


def _next_payout(finance) -> list[PayoutStatement]:
    """Statements for the next pay date, issued and not yet paid."""
    first = (
        PayoutLine.objects.filter(state=PayoutLine.State.SCHEDULED)
        .order_by("pay_date")
        .first()
    )
    if first is None:
        return []
    return payouts.payout_run(pay_date=first.pay_date, by=finance)
