"""What leaves the building: the bank's transfer file and the payout journal.

Zengin 総合振込 (japan.md §5): one data record per worker for a pay date,
the sum of their unpaid statements, into the account the worker registered.
A worker without a usable account is left out and their statements held
with the reason; the file pays everyone else (a file the bank rejects
halfway helps nobody, and one bad account must not stop every worker).

Yayoi journal (japan.md §6.1): one multi-line voucher per statement,
外注費 (the gross, with the input tax the operator may credit) against
普通預金 (the transfer), 預り金・源泉所得税 (the withholding) and the fee the
operator kept (売上高・システム利用料, tax included).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprise.audit import log_action
from enterprise.models import OperatorProfile
from enterprise.money import Rounding, tax_on
from enterprise.rates import TaxRate, covering, rate_on
from workers.services.profiles import bank_details

from ...models import PayoutLine, PayoutStatement
from ...yayoi import (
    OUT_OF_SCOPE,
    PURCHASE_TAX,
    SALES_TAX,
    JournalEntry,
    JournalLine,
)
from ...zengin import (
    ZenginError,
    ZenginHeader,
    ZenginTransfer,
    build_transfer_file,
)
from ._base import PayoutError, require, require_finance_or_system
from .policy import worker_profile

# Yayoi account names (must match the customer's Yayoi set-up).
EXPENSE_ACCOUNT = "外注費"
BANK_ACCOUNT = "普通預金"
WITHHOLDING_ACCOUNT, WITHHOLDING_SUB = "預り金", "源泉所得税"
FEE_ACCOUNT, FEE_SUB = "売上高", "システム利用料"
# Purchases from unregistered workers under the transitional measure: Yayoi
# writes the creditable share after 区 (課対仕入内10%区80). UNCONFIRMED
# wording (japan.md §6.1): compare with the customer's Yayoi edition.
TRANSITIONAL_TAX = "課対仕入内10%区{percent}"


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


# --- the payout journal ---------------------------------------------------------------


def _expense_category(share: str) -> str:
    if share == "1":
        return PURCHASE_TAX[Decimal("0.10")]
    percent = int(Decimal(share) * 100)
    return TRANSITIONAL_TAX.format(percent=percent) if percent else OUT_OF_SCOPE


def payout_journal_entry(statement: PayoutStatement, rates=None) -> JournalEntry:
    """One voucher for one statement, dated its pay date; debits = credits.
    ``rates``: the standard tax rates, read once by a caller writing many."""
    name = statement.worker_name
    # Books are kept in Japanese whatever the screen's language.
    memo = f"{name} {statement.pay_date.month}月支払 報酬 {statement.number}"
    debits = []
    for row in statement.credit_breakdown:
        text = memo
        if row["rate"] != "1":
            text += f"（経過措置{int(Decimal(row['rate']) * 100)}%）"
        debits.append(
            {
                "debit_account": EXPENSE_ACCOUNT,
                "debit_tax_category": _expense_category(row["rate"]),
                "debit_amount": row["amount"],
                "debit_tax": row["credit"],
                "memo": text,
            }
        )
    credits = [
        {
            "credit_account": BANK_ACCOUNT,
            "credit_tax_category": OUT_OF_SCOPE,
            "credit_amount": statement.net,
        }
    ]
    if statement.withholding:
        credits.append(
            {
                "credit_account": WITHHOLDING_ACCOUNT,
                "credit_sub": WITHHOLDING_SUB,
                "credit_tax_category": OUT_OF_SCOPE,
                "credit_amount": statement.withholding,
                "memo": f"{name} {WITHHOLDING_SUB}",
            }
        )
    if statement.fee:
        credits.append(_fee_credit(statement, name, rates))
    return JournalEntry(statement.pay_date, _pair(debits, credits))


def _fee_credit(statement: PayoutStatement, name: str, rates) -> dict:
    if rates is None:
        rate = rate_on(TaxRate.Code.STANDARD, statement.pay_date)
    else:
        rate = covering(rates, statement.pay_date, "standard tax rate", TaxRate).rate
    tax = tax_on(statement.fee, rate, rounding=Rounding.DOWN, inclusive=True).tax
    return {
        "credit_account": FEE_ACCOUNT,
        "credit_sub": FEE_SUB,
        "credit_tax_category": SALES_TAX[Decimal("0.10")],
        "credit_amount": statement.fee,
        "credit_tax": tax,
        "memo": f"{name} {FEE_SUB}",
    }


def _pair(debits: list[dict], credits: list[dict]) -> list[JournalLine]:
    """Debit and credit sides side by side, line by line (the first line has
    the expense and the bank transfer, as Yayoi's own vouchers do)."""
    lines = []
    for index in range(max(len(debits), len(credits))):
        debit = debits[index] if index < len(debits) else {}
        credit = credits[index] if index < len(credits) else {}
        memo = debit.get("memo") or credit.get("memo", "")
        fields = {k: v for k, v in (debit | credit).items() if k != "memo"}
        lines.append(JournalLine(**fields, memo=memo))
    return lines


JOURNAL_FIELDS = (
    "worker_name",
    "pay_date",
    "number",
    "credit_breakdown",
    "net",
    "withholding",
    "fee",
)


def payout_journal_entries(
    *, first: datetime.date, last: datetime.date
) -> Iterator[JournalEntry]:
    """The payout vouchers of the statements paid (or to be paid) between
    ``first`` and ``last``: the source ``export_journal`` registers.

    A generator over a server-side cursor, with the tax rates read once: a
    month of 50,000 statements is written without holding them, and costs
    two queries, not one per statement."""
    rates = list(TaxRate.objects.filter(code=TaxRate.Code.STANDARD))
    statements = (
        PayoutStatement.objects.filter(pay_date__gte=first, pay_date__lte=last)
        .order_by("pay_date", "number")
        .only(*JOURNAL_FIELDS)
    )
    for statement in statements.iterator(chunk_size=2000):
        yield payout_journal_entry(statement, rates)
