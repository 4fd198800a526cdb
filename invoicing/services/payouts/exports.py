"""What leaves the building: the bank's transfer file and the payout journal.

Zengin 総合振込 (japan.md §5): one data record per worker for a pay date,
the sum of their unpaid statements, into the account the worker registered.
A worker without a usable account is left out and their statements held
with the reason; the file pays everyone else (a file the bank rejects
halfway helps nobody, and one bad account must not stop every worker).

The payout journal (cost on receipt, payment on the pay date) lives in
journal.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action
from enterprise.models import OperatorProfile
from workers.services.profiles import bank_details

from ...models import PayoutLine, PayoutStatement
from ...zengin import (
    ZenginError,
    ZenginHeader,
    ZenginTransfer,
    build_transfer_file,
)
from ._base import PayoutError, require, require_finance_or_system
from .policy import worker_profile


def payout_dates() -> list[dict]:
    """Every pay date with payouts: statements (unpaid, paid, net total) and
    lines still waiting (scheduled, held), newest first."""
    rows: dict[datetime.date, dict] = {}

    def row(day):
        return rows.setdefault(
            day,
            {
                "pay_date": day,
                "statements": 0,
                "unpaid": 0,
                "net": 0,
                "scheduled": 0,
                "held": 0,
                "waiting_amount": 0,
            },
        )

    statements = PayoutStatement.objects.values("pay_date").annotate(
        count=Count("id"),
        unpaid=Count("id", filter=Q(state=PayoutStatement.State.ISSUED)),
        net=Sum("net"),
    )
    for found in statements:
        row(found["pay_date"]).update(
            statements=found["count"], unpaid=found["unpaid"], net=found["net"]
        )
    waiting = (
        PayoutLine.objects.filter(
            state__in=[PayoutLine.State.SCHEDULED, PayoutLine.State.HELD]
        )
        .values("pay_date")
        .annotate(
            scheduled=Count("id", filter=Q(state=PayoutLine.State.SCHEDULED)),
            held=Count("id", filter=Q(state=PayoutLine.State.HELD)),
            amount=Sum("amount"),
        )
    )
    for found in waiting:
        row(found["pay_date"]).update(
            scheduled=found["scheduled"],
            held=found["held"],
            waiting_amount=found["amount"],
        )
    return sorted(rows.values(), key=lambda r: r["pay_date"], reverse=True)


# --- Zengin -------------------------------------------------------------------------


def _header(operator: OperatorProfile, pay_date: datetime.date) -> ZenginHeader:
    return ZenginHeader(
        sender_code=operator.zengin_sender_code,
        sender_name=operator.zengin_sender_name,
        transfer_date=pay_date,
        bank_code=operator.paying_bank_code,
        bank_name=operator.paying_bank_name,
        branch_code=operator.paying_branch_code,
        branch_name=operator.paying_branch_name,
        account_type=operator.paying_account_type,
        account_number=operator.paying_account_number,
    )


def _who(statement: PayoutStatement) -> str:
    return f"{statement.worker_name} (W-{statement.worker_id:06d})"


def _account_check(statement: PayoutStatement) -> tuple[dict | None, str]:
    """The worker's bank details as the file needs them, or why they cannot
    be paid. The same check the worker's form makes (legacy rows, typed
    before it existed, may still fail it)."""
    profile = worker_profile(statement.worker)
    account = getattr(profile, "bank_account", None) if profile else None
    if account is None:
        return None, _("No bank account is registered.")
    try:
        # The file's own needs; a code missing from today's bank list is the
        # bank's to refuse, not a reason to hold a worker paid there before.
        return bank_details(**account.bank_fields(), known_codes=False), ""
    except ValidationError as error:
        return None, " ".join(error.messages)


def _transfer(statements: list[PayoutStatement], details: dict) -> ZenginTransfer:
    return ZenginTransfer(
        bank_code=details["bank_code"],
        bank_name="",  # optional at most banks, left blank as in japan.md §5.3
        branch_code=details["branch_code"],
        branch_name="",
        account_type=str(details["account_type"]),
        account_number=details["account_number"],
        recipient_name=details["holder_name"],
        amount=sum(statement.net for statement in statements),
    )


@dataclass
class ZenginExport:
    content: bytes  # empty when nobody could be paid
    held: list[tuple[str, str]] = field(default_factory=list)  # (who, reason)


def _build(header, payable: list[tuple[list, dict]], held: dict) -> bytes:
    """The file of ``payable``; a record the format refuses moves its worker
    to ``held`` and the file is written again without them."""
    while payable:
        try:
            return build_transfer_file(
                header, [_transfer(group, details) for group, details in payable]
            )
        except ZenginError as error:
            if error.record != "data" or not error.index:
                raise PayoutError(str(error), code="zengin") from error
            group, _details = payable.pop(error.index - 1)
            held[group[0].worker_id] = (group, str(error))
    return b""


def _record_holds(statements, held: dict, by) -> None:
    """Hold (or release) each statement, with the reason, audited."""
    reasons = {
        statement.pk: reason for group, reason in held.values() for statement in group
    }
    for statement in statements:
        reason = reasons.get(statement.pk, "")
        if reason == statement.bank_hold_reason:
            continue
        statement.bank_hold_reason = reason
        statement.bank_held_at = timezone.now() if reason else None
        statement.save(update_fields=["bank_hold_reason", "bank_held_at"])
        log_action(
            target=statement,
            action="invoicing.payoutstatement."
            + ("bank_held" if reason else "bank_released"),
            by=by,
            reason=reason,
        )


def zengin_export(*, pay_date: datetime.date, by) -> ZenginExport:
    """The 総合振込 file for the unpaid statements of ``pay_date``, and who
    it holds back.

    One data record per worker (their statements of the day added up). A
    worker whose bank account is missing or fails the checks is left out and
    their statements are put on hold with the reason (audited, shown on the
    pay date's page); everyone else is paid. A held worker whose account has
    since been mended is released and paid. PayoutError when there is
    nothing unpaid, or nobody can be paid (the holds are still recorded).
    Finance only (``by=None``: the command line).
    """
    require_finance_or_system(by)
    with transaction.atomic():
        statements = list(
            PayoutStatement.objects.select_for_update(of=("self",))
            .filter(pay_date=pay_date, state=PayoutStatement.State.ISSUED)
            .select_related("worker__worker_profile__bank_account")
            .order_by("worker_id", "number")
        )
        require(
            bool(statements),
            _("There are no unpaid payout statements for %(date)s.")
            % {"date": f"{pay_date:%Y/%m/%d}"},
        )
        payable, held = [], {}
        for _id, group in groupby(statements, key=lambda s: s.worker_id):
            group = list(group)
            details, reason = _account_check(group[0])
            if details is None:
                held[group[0].worker_id] = (group, reason)
            else:
                payable.append((group, details))
        content = _build(_header(OperatorProfile.get(), pay_date), payable, held)
        _record_holds(statements, held, by)
    found = [(_who(group[0]), reason) for group, reason in held.values()]
    if not content:
        raise PayoutError(
            _("Nobody on this date can be paid: %(held)s")
            % {"held": "; ".join(f"{who}: {reason}" for who, reason in found)},
            code="bank_account_invalid",
        )
    return ZenginExport(content=content, held=found)


def zengin_file(*, pay_date: datetime.date, by) -> bytes:
    """The file of ``zengin_export`` alone (statements it cannot pay held)."""
    return zengin_export(pay_date=pay_date, by=by).content
