"""The figures of one payout statement (pure but for the rate tables): the
tax once on the subtotal, the withholding, the net, the input tax the
operator may credit. The run (``run.py``) issues statements with them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from enterprise.money import (
    Rounding,
    WithholdingLine,
    round_yen,
    tax_on,
    withholding_for_lines,
)
from enterprise.rates import TaxRate, rate_on, transitional_credit_rate_on

from ...models import TaxTreatment
from ._base import require


@dataclass(frozen=True)
class LineInput:
    """One line as the figures need it: amount without tax, whether its kind
    of work is subject to withholding, the day it was received, the fee."""

    amount: int
    subject: bool
    received_on: datetime.date
    fee: int = 0


@dataclass(frozen=True)
class StatementFigures:
    subtotal: int
    tax_rate: object  # Decimal
    consumption_tax: int
    gross: int
    fee: int
    withholding_base: int
    withholding: int
    transfer_fee: int
    net: int
    credit_breakdown: tuple[dict, ...]


def statement_figures(
    *,
    lines: list[LineInput],
    treatment: str,
    individual: bool,
    pay_date: datetime.date,
    tax_separated: bool = True,
    rounding: str = Rounding.DOWN,
) -> StatementFigures:
    """The figures of one payment to one worker (pure but for the rate tables).

    Tax: once on the subtotal at the standard rate of the last purchase date,
    nothing for an unregistered worker when the operator adds none.
    Withholding: ``enterprise.money.withholding_for_lines`` over the subject
    and the other lines, on the rule in force on ``pay_date``.
    """
    require(bool(lines), _("There is nothing to pay."))
    subtotal = sum(line.amount for line in lines)
    rate = rate_on(TaxRate.Code.STANDARD, max(line.received_on for line in lines))
    tax = 0
    if treatment != TaxTreatment.UNREGISTERED_NONE:
        tax = tax_on(subtotal, rate, rounding=rounding).tax
    subject = sum(line.amount for line in lines if line.subject)
    subject_tax = tax
    if subject != subtotal:
        subject_tax = tax_on(subject, rate, rounding=rounding).tax if tax else 0
    withholding = withholding_for_lines(
        [
            WithholdingLine(subject, subject_tax, True),
            WithholdingLine(subtotal - subject, tax - subject_tax, False),
        ],
        payee_is_individual=individual,
        tax_separated=tax_separated,
        on=pay_date,
    )
    fee = sum(line.fee for line in lines)
    net = withholding.transfer - fee
    require(net > 0, _("The fee and withholding leave nothing to transfer."))
    return StatementFigures(
        subtotal=subtotal,
        tax_rate=rate,
        consumption_tax=tax,
        gross=withholding.gross,
        fee=fee,
        withholding_base=withholding.base,
        withholding=withholding.withheld,
        transfer_fee=0,
        net=net,
        credit_breakdown=tuple(_credits(lines, treatment, rate, tax, rounding)),
    )


def _credits(lines, treatment, rate, tax, rounding) -> list[dict]:
    """The input tax the operator may credit, per transitional-credit rate of
    the purchase dates (japan.md §1.6): all of it from a registered worker;
    80% / 70% / 50%... of it from an unregistered one, by the day received."""
    subtotal = sum(line.amount for line in lines)
    if treatment == TaxTreatment.REGISTERED:
        return [{"rate": "1", "amount": subtotal + tax, "tax": tax, "credit": tax}]
    groups: dict = {}
    for line in lines:
        share = transitional_credit_rate_on(line.received_on)
        groups[share] = groups.get(share, 0) + line.amount
    rows, left = [], tax
    for index, share in enumerate(sorted(groups, reverse=True)):
        amount = groups[share]
        if treatment == TaxTreatment.UNREGISTERED_NONE:
            # No tax is added, but the price contains it (税込経理).
            group_tax = tax_on(amount, rate, rounding=rounding, inclusive=True).tax
            gross = amount
        else:
            last = index == len(groups) - 1
            group_tax = left if last else tax_on(amount, rate, rounding=rounding).tax
            left -= group_tax
            gross = amount + group_tax
        credit = round_yen(group_tax * share, Rounding.DOWN)
        rows.append(
            {"rate": str(share), "amount": gross, "tax": group_tax, "credit": credit}
        )
    return rows
