"""Fee, tax and rounding arithmetic shared by quotes, invoices and payouts.

Amounts are integer yen, rates are ``Decimal`` (0.10 for 10%), never float.
Everything here is a pure function except the few that look a rate or a
threshold up for a date (``withholding_tax``, ``credit_note_required``,
``payment_report_required``); those read the effective-dated tables through
``enterprise.rates``. The worked examples of the domain notes are the tests
(tests/enterprise/test_money*.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, localcontext

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rounding(models.TextChoices):
    """How a fraction of a yen is treated: the issuer's choice (NTA No.6371)."""

    DOWN = "down", _("Round down")
    UP = "up", _("Round up")
    HALF_UP = "half_up", _("Round half up")


class DirectionFeeKind(models.TextChoices):
    """進行管理費: a rate of the work subtotal, or a fixed amount (per client)."""

    RATE = "rate", _("Rate of the work subtotal")
    FIXED = "fixed", _("Fixed amount")


class FeeKind(models.TextChoices):
    """The worker fee (システム利用料) the operator keeps from a reward."""

    FLAT = "flat", _("Flat rate")
    TIERED = "tiered", _("Marginal tiers")
    NONE = "none", _("No fee")


_DECIMAL_ROUNDING = {
    Rounding.DOWN: ROUND_DOWN,
    Rounding.UP: ROUND_UP,
    Rounding.HALF_UP: ROUND_HALF_UP,
}


def _yen(value, name: str = "amount") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be integer yen, not {type(value).__name__}")
    return value


def _rate(value, name: str = "rate") -> Decimal:
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    return value


def round_yen(value: Decimal | int, mode: str) -> int:
    """The one rounding helper: a Decimal amount to whole yen.

    ``mode`` is ``"down"`` (切捨て), ``"up"`` (切上げ) or ``"half_up"``
    (四捨五入). Rounding works on the magnitude, so a negative amount (a
    refund) rounds to the mirror image of the positive one.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    value = _rate(value, "value")
    try:
        rounding = _DECIMAL_ROUNDING[mode]
    except KeyError:
        raise ValueError(f"unknown rounding mode {mode!r}") from None
    return int(value.to_integral_value(rounding=rounding))


def _exact(numerator: Decimal, denominator: Decimal) -> Decimal:
    # 40 digits: far beyond any yen amount, so a quotient that is not a whole
    # number can never be rounded into one before round_yen sees it.
    with localcontext() as ctx:
        ctx.prec = 40
        return numerator / denominator


# --- Consumption tax -------------------------------------------------------


@dataclass(frozen=True)
class TaxBucket:
    """One tax rate's figures on a document: base + tax = total.

    ``base`` is the tax-exclusive amount, ``total`` the tax-inclusive one.
    """

    rate: Decimal
    base: int
    tax: int
    total: int


def tax_on(
    amount: int, rate: Decimal, *, rounding: str, inclusive: bool = False
) -> TaxBucket:
    """One bucket from one amount: tax rounded once (消費税法57条の4).

    Tax-exclusive: tax = amount × rate. Tax-inclusive: tax = amount × rate /
    (1 + rate), and the tax-exclusive figure is derived as inclusive − tax so
    the three printed figures always add up (japan.md §4).
    """
    amount, rate = _yen(amount), _rate(rate)
    if inclusive:
        tax = round_yen(_exact(amount * rate, 1 + rate), rounding)
        return TaxBucket(rate=rate, base=amount - tax, tax=tax, total=amount)
    tax = round_yen(amount * rate, rounding)
    return TaxBucket(rate=rate, base=amount, tax=tax, total=amount + tax)


def tax_by_rate(
    lines: Iterable[tuple[int, Decimal]], *, rounding: str, inclusive: bool = False
) -> dict[Decimal, TaxBucket]:
    """Consumption tax per rate for one document, rounded once per rate.

    ``lines`` are ``(amount, rate)`` pairs, all tax-exclusive or all
    tax-inclusive (``inclusive=True``). Amounts of one rate are added up first
    and the tax is rounded once on that sum: rounding each line and adding the
    results up is not allowed (消費税法施行令70条の10, 消基通1-8-15, NTA Q&A
    問57). Credit notes and invoices that net a discount follow the same rule.
    Buckets come highest rate first (10% before 8%), as documents show them.
    """
    sums: dict[Decimal, int] = {}
    for amount, rate in lines:
        rate = _rate(rate)
        sums[rate] = sums.get(rate, 0) + _yen(amount)
    return {
        rate: tax_on(sums[rate], rate, rounding=rounding, inclusive=inclusive)
        for rate in sorted(sums, reverse=True)
    }


def tax_totals(buckets: dict[Decimal, TaxBucket]) -> tuple[int, int, int]:
    """(base, tax, total) over every rate of a document."""
    values = list(buckets.values())
    return (
        sum(b.base for b in values),
        sum(b.tax for b in values),
        sum(b.total for b in values),
    )


def credit_note_required(refund_inclusive: int, *, on: date | None = None) -> bool:
    """Whether a refund or discount needs a 適格返還請求書.

    Not needed when the tax-inclusive refund is under the threshold (¥10,000:
    消費税法57条の4第3項, 消費税法施行令70条の9第3項二), e.g. a client deducting
    the bank transfer fee. The threshold comes from the Threshold table.
    """
    from django.utils import timezone

    from .rates import Threshold, threshold_on

    limit = threshold_on(Threshold.Code.CREDIT_NOTE, on or timezone.localdate())
    return _yen(refund_inclusive) >= limit


# --- Direction fee and worker fee -------------------------------------------


def direction_fee(
    *,
    work_subtotal: int,
    kind: str,
    rate: Decimal | None = None,
    amount: int | None = None,
    rounding: str,
) -> int:
    """進行管理費 on a quote or invoice: a rate of the work subtotal or a fixed sum.

    The fee is a taxable line at the standard rate (japan.md §4): it joins
    the 10% bucket before tax is computed, it is never taxed on its own.
    """
    _yen(work_subtotal, "work_subtotal")
    if kind == DirectionFeeKind.RATE:
        if rate is None:
            raise ValueError("a rate direction fee needs a rate")
        return round_yen(work_subtotal * _rate(rate), rounding)
    if kind == DirectionFeeKind.FIXED:
        if amount is None:
            raise ValueError("a fixed direction fee needs an amount")
        return _yen(amount)
    raise ValueError(f"unknown direction fee kind {kind!r}")


@dataclass(frozen=True)
class FeePolicy:
    """How much of a reward the operator keeps as システム利用料.

    ``kind`` "flat": ``rate`` of the whole amount. "tiered": marginal tiers,
    ``tiers`` = ((upper_bound, rate), ..., (None, rate)) with bounds rising,
    each rate applying only to the part of the amount inside its tier (like an
    income-tax table). "none": nothing. The fee is rounded once, on its total.
    """

    kind: str
    rate: Decimal | None = None
    tiers: tuple[tuple[int | None, Decimal], ...] = ()
    rounding: str = Rounding.DOWN

    def __post_init__(self):
        object.__setattr__(self, "tiers", tuple(tuple(t) for t in self.tiers))
        if self.kind == FeeKind.FLAT:
            _rate(self.rate)
        elif self.kind == FeeKind.TIERED:
            self._check_tiers()
        elif self.kind != FeeKind.NONE:
            raise ValueError(f"unknown fee kind {self.kind!r}")
        if self.rounding not in _DECIMAL_ROUNDING:
            raise ValueError(f"unknown rounding mode {self.rounding!r}")

    def _check_tiers(self):
        if not self.tiers or self.tiers[-1][0] is not None:
            raise ValueError("the last tier must be open-ended (upper bound None)")
        bounds = [bound for bound, _rate_ in self.tiers[:-1]]
        if any(b is None for b in bounds) or bounds != sorted(set(bounds)):
            raise ValueError("tier upper bounds must rise strictly")
        for _bound, rate in self.tiers:
            _rate(rate)


def worker_fee(amount: int, policy: FeePolicy) -> int:
    """The operator's fee on a reward under ``policy`` (see FeePolicy)."""
    amount = _yen(amount)
    if policy.kind == FeeKind.NONE:
        return 0
    if policy.kind == FeeKind.FLAT:
        return round_yen(amount * policy.rate, policy.rounding)
    fee, lower = Decimal(0), 0
    for upper, rate in policy.tiers:
        top = amount if upper is None else min(amount, upper)
        if top <= lower:
            break
        fee += (top - lower) * rate
        lower = top
    return round_yen(fee, policy.rounding)


# --- Withholding income tax ---------------------------------------------------


def withholding_for_amount(amount: int, rule) -> int:
    """源泉徴収 on one payment under ``rule`` (a WithholdingRule row).

    A ≤ threshold: A × base_rate; above: (A − threshold) × upper_rate +
    upper_base; fractions of a yen cut off (所得税法204条1項1号, NTA No.2795:
    10.21% up to ¥1,000,000, then 20.42% + ¥102,100). The threshold applies
    per payment, never per year. Callers paying many people fetch the rule
    once with ``rates.withholding_rule_on`` and call this in the loop.
    """
    amount = _yen(amount)
    if amount <= 0:
        return 0
    if amount <= rule.threshold:
        return round_yen(amount * rule.base_rate, Rounding.DOWN)
    over = (amount - rule.threshold) * rule.upper_rate
    return round_yen(over + rule.upper_base, Rounding.DOWN)


def withholding_tax(amount: int, *, on: date) -> int:
    """源泉徴収 on one payment made on ``on``, with the rule in force that day."""
    from .rates import withholding_rule_on

    return withholding_for_amount(amount, withholding_rule_on(on))


@dataclass(frozen=True)
class WithholdingLine:
    """One line of a worker's invoice or payout statement.

    ``amount`` is the fee without consumption tax, ``tax`` the consumption tax
    on it as the document shows it (0 when none is charged), ``subject``
    whether the line's category is one the law names (writing, design,
    illustration, translation...: 所得税法204条1項1号, 施行令320条).
    """

    amount: int
    tax: int
    subject: bool


@dataclass(frozen=True)
class Withholding:
    """What one payment to a worker comes to.

    ``gross`` = fees + consumption tax of every line; ``withheld`` the income
    tax kept back; ``transfer`` = gross − withheld, what the bank sends;
    ``base`` the subject amount the tax is computed on, which is also what
    counts toward the yearly 支払調書 total (even for a company, from which
    nothing is withheld).
    """

    base: int
    withheld: int
    gross: int
    transfer: int


def withholding_for_lines(
    lines: Iterable[WithholdingLine | tuple[int, int, bool]],
    *,
    payee_is_individual: bool,
    tax_separated: bool,
    on: date,
) -> Withholding:
    """源泉徴収 for one payment, decided per line (per category), not per worker.

    Only subject lines make up the base. The base includes consumption tax,
    unless the document shows fee and tax separately (NTA No.2792; the same
    holds for unregistered workers). Nothing is withheld from a corporation
    (法人), but its subject fees still count toward the 支払調書.
    """
    lines = [
        WithholdingLine(*line) if isinstance(line, tuple) else line for line in lines
    ]
    gross = sum(_yen(line.amount) + _yen(line.tax, "tax") for line in lines)
    base = sum(
        line.amount + (0 if tax_separated else line.tax)
        for line in lines
        if line.subject
    )
    withheld = withholding_tax(base, on=on) if payee_is_individual else 0
    return Withholding(
        base=base, withheld=withheld, gross=gross, transfer=gross - withheld
    )


def payment_report_required(year_total: int, *, year: int) -> bool:
    """Whether one payee's 1号 fees in a calendar year need a 支払調書.

    Required when the year's total is more than the threshold (¥50,000),
    whether or not anything was withheld; due by January 31 (NTA No.7431).
    """
    from .rates import Threshold, threshold_on

    limit = threshold_on(Threshold.Code.PAYMENT_REPORT, date(year, 12, 31))
    return _yen(year_total) > limit


# --- Margin -------------------------------------------------------------------

_RATE_PLACES = Decimal("0.0001")


def margin(*, client_price: int, worker_cost: int) -> tuple[int, Decimal]:
    """The operator's margin: (client price − worker cost, that as a share).

    The share is of the client price, to four places (0.2345 = 23.45%),
    half-up; 0 when the price is 0. Shown to sales, directors and finance
    only, never to workers or clients.
    """
    amount = _yen(client_price, "client_price") - _yen(worker_cost, "worker_cost")
    if client_price == 0:
        return amount, Decimal("0.0000")
    share = _exact(Decimal(amount), Decimal(client_price))
    return amount, share.quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


# docs/glossary.md: Japanese books print a negative amount as △1,225.
NEGATIVE_MARK = "△"


def format_yen(amount) -> str:
    """The one way money is written, on pages, PDFs and in Python strings.

    123456 -> '¥123,456'; -1225 -> '△¥1,225'; 0 (or -0) -> '¥0'; None/'' -> ''.
    """
    if amount is None or amount == "":
        return ""
    value = int(amount)
    sign = NEGATIVE_MARK if value < 0 else ""
    return f"{sign}¥{abs(value):,}"
