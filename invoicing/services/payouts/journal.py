"""The payout half of the accrual journal (japan.md §6.1; issue 18).

Worker cost is booked when the work was received, not when it is paid, so
cost lands in the month of the revenue it made:

- on receipt: 外注費 (tax included, with the input tax the operator may
  credit, per transitional-credit rate) / 未払金 (the worker, as a
  sub-account) and 預り金・源泉所得税 (the tax withheld from the payment);
- on the pay date: 未払金 / 普通預金 (the transfer), 売上高・システム利用料
  (the fee the operator kept, tax included) and 支払手数料 (a transfer fee
  the worker bore, recovering the operator's own bank charge).

Both come from the issued payout statement, whose tax and withholding are
computed once per payment (所得税法204条: the threshold is per payment), so
the journal is exported once the pay run has issued the statements. A
statement paying work received in two months is split between them in
proportion to the amounts received, each transitional-credit row among the
months its lines were received in, the last month taking the remainder, so
the parts add up to the statement to the yen and 未払金 clears on payment.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch

from enterprise.money import Rounding, tax_on
from enterprise.rates import TaxRate, covering, rate_on, transitional_credit_rate_on

from ...models import PayoutLine, PayoutStatement, TaxTreatment
from ...yayoi import OUT_OF_SCOPE, PURCHASE_TAX, SALES_TAX, JournalEntry, JournalLine

# Account names (must match the customer's set-up in the accounting software).
EXPENSE_ACCOUNT = "外注費"
PAYABLE_ACCOUNT = "未払金"
BANK_ACCOUNT = "普通預金"
WITHHOLDING_ACCOUNT, WITHHOLDING_SUB = "預り金", "源泉所得税"
FEE_ACCOUNT, FEE_SUB = "売上高", "システム利用料"
TRANSFER_FEE_ACCOUNT = "支払手数料"
# Purchases from unregistered workers under the transitional measure: Yayoi
# writes the creditable share after 区 (課対仕入内10%区80). UNCONFIRMED
# wording (japan.md §6.1): compare with the customer's Yayoi edition.
TRANSITIONAL_TAX = "課対仕入内10%区{percent}"


def _expense_category(share: str) -> str:
    if share == "1":
        return PURCHASE_TAX[Decimal("0.10")]
    percent = int(Decimal(share) * 100)
    return TRANSITIONAL_TAX.format(percent=percent) if percent else OUT_OF_SCOPE


def split_yen(total: int, weights: list[int]) -> list[int]:
    """``total`` shared in proportion to ``weights``, floored, the last part
    taking what is left, so the parts always add up to ``total``."""
    whole = sum(weights)
    if not whole:
        return [0] * (len(weights) - 1) + [total]
    parts = [total * weight // whole for weight in weights[:-1]]
    return [*parts, total - sum(parts)]


def _share(statement: PayoutStatement, line: PayoutLine) -> str:
    if statement.tax_treatment == TaxTreatment.REGISTERED:
        return "1"
    return str(transitional_credit_rate_on(line.received_on))


def _pair(debits: list[dict], credits: list[dict]) -> list[JournalLine]:
    """Debit and credit sides side by side, line by line (the first line has
    the expense and the payable, as Yayoi's own vouchers do)."""
    lines = []
    for index in range(max(len(debits), len(credits))):
        debit = debits[index] if index < len(debits) else {}
        credit = credits[index] if index < len(credits) else {}
        memo = debit.get("memo") or credit.get("memo", "")
        fields = {k: v for k, v in (debit | credit).items() if k != "memo"}
        lines.append(JournalLine(**fields, memo=memo))
    return lines


def worker_cost_entries_of(
    statement: PayoutStatement, lines: list[PayoutLine]
) -> list[JournalEntry]:
    """The cost vouchers of one statement, one per month its work was
    received in, each dated the last day of receipt in that month."""
    months = sorted({(line.received_on.year, line.received_on.month) for line in lines})
    received = {m: [x for x in lines if (x.received_on.year, x.received_on.month) == m]
                for m in months}  # fmt: skip
    weights = [sum(line.amount for line in received[m]) for m in months]
    withheld = split_yen(statement.withholding, weights)
    name = statement.worker_name
    debits: dict = {m: [] for m in months}
    for row in statement.credit_breakdown:
        row_weights = [
            sum(x.amount for x in received[m] if _share(statement, x) == row["rate"])
            for m in months
        ]
        if not sum(row_weights):
            row_weights = weights
        amounts = split_yen(row["amount"], row_weights)
        credits = split_yen(row["credit"], row_weights)
        for month, amount, credit in zip(months, amounts, credits, strict=True):
            memo = f"{name} {month[1]}月受領 報酬 {statement.number}"
            if row["rate"] != "1":
                memo += f"（経過措置{int(Decimal(row['rate']) * 100)}%）"
            if amount:
                debits[month].append(
                    {
                        "debit_account": EXPENSE_ACCOUNT,
                        "debit_tax_category": _expense_category(row["rate"]),
                        "debit_amount": amount,
                        "debit_tax": credit,
                        "memo": memo,
                    }
                )
    entries = []
    for month, withholding in zip(months, withheld, strict=True):
        total = sum(debit["debit_amount"] for debit in debits[month])
        credits = [
            {
                "credit_account": PAYABLE_ACCOUNT,
                "credit_sub": name,
                "credit_tax_category": OUT_OF_SCOPE,
                "credit_amount": total - withholding,
            }
        ]
        if withholding:
            credits.append(
                {
                    "credit_account": WITHHOLDING_ACCOUNT,
                    "credit_sub": WITHHOLDING_SUB,
                    "credit_tax_category": OUT_OF_SCOPE,
                    "credit_amount": withholding,
                    "memo": f"{name} {WITHHOLDING_SUB}",
                }
            )
        day = max(line.received_on for line in received[month])
        entries.append(JournalEntry(day, _pair(debits[month], credits)))
    return entries


def payout_journal_entry(statement: PayoutStatement, rates=None) -> JournalEntry:
    """The payment of one statement, dated its pay date: 未払金 (what the
    cost entries left owing, gross less withholding) / 普通預金, the fee
    kept and a transfer fee the worker bore. ``rates``: the standard tax
    rates, read once by a caller writing many."""
    name = statement.worker_name
    # Books are kept in Japanese whatever the screen's language.
    memo = f"{name} {statement.pay_date.month}月支払 報酬 {statement.number}"
    debits = [
        {
            "debit_account": PAYABLE_ACCOUNT,
            "debit_sub": name,
            "debit_tax_category": OUT_OF_SCOPE,
            "debit_amount": statement.gross - statement.withholding,
            "memo": memo,
        }
    ]
    credits = [
        {
            "credit_account": BANK_ACCOUNT,
            "credit_tax_category": OUT_OF_SCOPE,
            "credit_amount": statement.net,
        }
    ]
    if statement.fee:
        credits.append(_fee_credit(statement, name, rates))
    if statement.transfer_fee:
        credits.append(
            {
                "credit_account": TRANSFER_FEE_ACCOUNT,
                "credit_tax_category": OUT_OF_SCOPE,
                "credit_amount": statement.transfer_fee,
                "memo": f"{name} 振込手数料",
            }
        )
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


JOURNAL_FIELDS = (
    "worker_name",
    "pay_date",
    "number",
    "credit_breakdown",
    "gross",
    "net",
    "withholding",
    "fee",
    "transfer_fee",
    "tax_treatment",
)


def payout_journal_entries(
    *, first: datetime.date, last: datetime.date
) -> Iterator[JournalEntry]:
    """The payments of the statements paid (or to be paid) between
    ``first`` and ``last``: a generator over a server-side cursor, with the
    tax rates read once (two queries, not one per statement)."""
    rates = list(TaxRate.objects.filter(code=TaxRate.Code.STANDARD))
    statements = (
        PayoutStatement.objects.filter(pay_date__gte=first, pay_date__lte=last)
        .order_by("pay_date", "number")
        .only(*JOURNAL_FIELDS)
    )
    for statement in statements.iterator(chunk_size=2000):
        yield payout_journal_entry(statement, rates)


def worker_cost_entries(
    *, first: datetime.date, last: datetime.date
) -> Iterator[JournalEntry]:
    """The cost of the work received between ``first`` and ``last`` (on an
    issued statement), one voucher per statement and month of receipt."""
    received = PayoutLine.objects.only("statement_id", "received_on", "amount")
    statements = (
        PayoutStatement.objects.filter(lines__received_on__range=(first, last))
        .distinct()
        .order_by("number")
        .only(*JOURNAL_FIELDS)
        .prefetch_related(Prefetch("lines", queryset=received))
    )
    for statement in statements.iterator(chunk_size=500):
        for entry in worker_cost_entries_of(statement, list(statement.lines.all())):
            if first <= entry.date <= last:
                yield entry
