"""弥生インポート形式: journal entries for 弥生会計 (japan.md §6.1).

One line per journal line, 25 comma-separated columns, Shift_JIS (cp932), CR LF,
no header row (Yayoi would import it as an entry). An entry of one line has the
識別フラグ 2000; an entry of several lines is a voucher: 2110 on its first line,
2100 on the middle ones, 2101 on the last. Amounts are integer yen, tax-inclusive
(税込経理), never negative; every entry balances (Σ debit = Σ credit) or nothing
is written.

The account and tax-category names must match the customer's own Yayoi set-up
exactly; the defaults below are Yayoi's standard ones. The meaning of columns
18-25 and the exact tax-category wording are UNCONFIRMED in the domain notes:
compare with a journal exported from the customer's Yayoi edition before going
live (japan.md §6.1, open item 5).

Usage::

    entries = [sales_invoice_entry(...), worker_payment_entry(...)]
    data = build_yayoi(entries, period=(first_day, last_day))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from enterprise.spreadsheet import csv_lines

SINGLE, FIRST, MIDDLE, LAST = "2000", "2110", "2100", "2101"  # 識別フラグ
CLOSING_MARKS = ("", "中決", "本決")  # 決算: blank, interim or year-end closing

OUT_OF_SCOPE = "対象外"
# 税区分 = category + calculation (内 = tax included in the amount) + rate.
SALES_TAX = {Decimal("0.10"): "課税売上内10%", Decimal("0.08"): "課税売上内軽減8%"}
SALES_RETURN_TAX = {
    Decimal("0.10"): "課税売返内10%",
    Decimal("0.08"): "課税売返内軽減8%",
}
PURCHASE_TAX = {Decimal("0.10"): "課対仕入内10%", Decimal("0.08"): "課対仕入内軽減8%"}

# Characters Python's cp932 codec cannot write but a person types or pastes.
_CP932_FIXES = str.maketrans({"\u2014": "\u2015", "\u00a0": " ", "\u00a5": "\uffe5"})
_TEXT_FIELDS = (
    "debit_account",
    "debit_sub",
    "debit_department",
    "debit_tax_category",
    "credit_account",
    "credit_sub",
    "credit_department",
    "credit_tax_category",
    "memo",
)


class YayoiError(ValueError):
    """An entry that cannot be exported; ``entry`` and ``line`` are 1-based."""

    def __init__(self, entry: int, line: int | None, reason: str):
        self.entry, self.line, self.reason = entry, line, reason
        if line is None:
            where = _("entry %(entry)d") % {"entry": entry}
        else:
            where = _("entry %(entry)d, line %(line)d") % {"entry": entry, "line": line}
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, kw_only=True)
class JournalLine:
    """One row: a debit side, a credit side, or both. An empty side has no
    account and 0 amounts. Amounts are tax-inclusive; ``*_tax`` is the
    consumption tax within them. ``memo`` is the 摘要."""

    debit_account: str = ""
    debit_sub: str = ""
    debit_department: str = ""
    debit_tax_category: str = ""
    debit_amount: int = 0
    debit_tax: int = 0
    credit_account: str = ""
    credit_sub: str = ""
    credit_department: str = ""
    credit_tax_category: str = ""
    credit_amount: int = 0
    credit_tax: int = 0
    memo: str = ""


@dataclass(frozen=True)
class JournalEntry:
    """One journal entry (仕訳) dated ``date``; several lines make a voucher."""

    date: date
    lines: tuple[JournalLine, ...]
    voucher_no: str = ""  # 伝票No.: only when Yayoi numbers vouchers manually
    closing: str = ""  # 決算: "", "中決" or "本決"

    def __post_init__(self):
        object.__setattr__(self, "lines", tuple(self.lines))

    @property
    def debit_total(self) -> int:
        return sum(line.debit_amount for line in self.lines)

    @property
    def credit_total(self) -> int:
        return sum(line.credit_amount for line in self.lines)


@dataclass(frozen=True)
class RateTotal:
    """The tax-inclusive amount of one tax-rate bucket and the tax within it."""

    rate: Decimal  # Decimal("0.10") or Decimal("0.08")
    amount: int
    tax: int


def build_yayoi(
    entries: Iterable[JournalEntry], *, period: tuple[date, date] | None = None
) -> bytes:
    """The import file for ``entries``, or YayoiError for the first bad one.

    Refused: an entry whose debits and credits differ, a negative or non-integer
    amount, tax larger than its amount, an amount without an account (or an
    account without an amount), a character Shift_JIS cannot carry, a line
    break in a text, a date outside ``period`` (first and last day, inclusive).
    """
    return b"".join(iter_yayoi(entries, period=period))


def iter_yayoi(
    entries: Iterable[JournalEntry], *, period: tuple[date, date] | None = None
) -> Iterator[bytes]:
    """The import file of ``build_yayoi`` line by line, checking and
    encoding as it goes: an export of 100,000 lines never holds
    its entries nor its text in memory. YayoiError as ``build_yayoi``."""

    def rows():
        for number, entry in enumerate(entries, start=1):
            _check_entry(entry, number, period)
            for flag, line in zip(_flags(len(entry.lines)), entry.lines, strict=True):
                yield _row(flag, entry, line)

    for text in csv_lines(rows(), bom=False):
        yield text.encode("cp932")  # every text was checked against cp932


def _flags(count: int) -> list[str]:
    if count == 1:
        return [SINGLE]
    return [FIRST] + [MIDDLE] * (count - 2) + [LAST]


def _row(flag: str, entry: JournalEntry, line: JournalLine) -> list:
    # Amounts stay ints: csv_lines escapes text that looks like a formula,
    # and a negative amount written as text would become '-500.
    text = {name: _clean(getattr(line, name)) for name in _TEXT_FIELDS}
    return [
        flag,
        entry.voucher_no,
        entry.closing,
        entry.date.strftime("%Y/%m/%d"),
        text["debit_account"],
        text["debit_sub"],
        text["debit_department"],
        text["debit_tax_category"],
        line.debit_amount,
        line.debit_tax,
        text["credit_account"],
        text["credit_sub"],
        text["credit_department"],
        text["credit_tax_category"],
        line.credit_amount,
        line.credit_tax,
        text["memo"],
        "",  # 番号
        "",  # 期日
        "0",  # タイプ
        "",  # 生成元
        "",  # 仕訳メモ
        "0",  # 付箋1
        "0",  # 付箋2
        "no",  # 調整
    ]


def clean_line(line: JournalLine) -> JournalLine:
    """``line`` with the characters people paste but cp932 lacks replaced."""
    return replace(line, **{name: _clean(getattr(line, name)) for name in _TEXT_FIELDS})


def check_entry(entry: JournalEntry, number: int, period=None) -> None:
    """YayoiError unless ``entry`` (the ``number``-th) may be exported: the
    checks every journal format shares (see ``build_yayoi``)."""
    _check_entry(entry, number, period)


@lru_cache(maxsize=4096)
def _clean(text: str) -> str:
    # Cached: a journal repeats a few account names and memos many times.
    return text.translate(_CP932_FIXES)


def _check_entry(entry: JournalEntry, number: int, period) -> None:
    if not entry.lines:
        raise YayoiError(number, None, _("has no lines"))
    if entry.closing not in CLOSING_MARKS:
        raise YayoiError(number, None, _("the closing mark must be 中決 or 本決"))
    if entry.voucher_no and not (
        entry.voucher_no.isascii() and entry.voucher_no.isdigit()
    ):
        raise YayoiError(number, None, _("the voucher number must be digits"))
    if len(entry.voucher_no) > 6:
        raise YayoiError(number, None, _("the voucher number has at most 6 digits"))
    if period and not period[0] <= entry.date <= period[1]:
        raise YayoiError(number, None, _("the date is outside the period"))
    for line_number, line in enumerate(entry.lines, start=1):
        _check_line(line, number, line_number)
    if entry.debit_total != entry.credit_total:
        reason = _("debits %(debit)d and credits %(credit)d do not balance") % {
            "debit": entry.debit_total,
            "credit": entry.credit_total,
        }
        raise YayoiError(number, None, reason)


def _check_line(line: JournalLine, entry: int, number: int) -> None:
    for side in ("debit", "credit"):
        amount, tax = getattr(line, f"{side}_amount"), getattr(line, f"{side}_tax")
        for value in (amount, tax):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                reason = _("amounts must be whole yen, zero or more")
                raise YayoiError(entry, number, reason)
        if tax > amount:
            raise YayoiError(entry, number, _("the tax is larger than the amount"))
        if bool(getattr(line, f"{side}_account")) != bool(amount):
            reason = _("an account needs an amount, and an amount an account")
            raise YayoiError(entry, number, reason)
    if not (line.debit_account or line.credit_account):
        raise YayoiError(entry, number, _("the line has no account"))
    for name in _TEXT_FIELDS:
        _check_text(_clean(getattr(line, name)), entry, number)


def _check_text(text: str, entry: int, number: int) -> None:
    if "\r" in text or "\n" in text:
        raise YayoiError(entry, number, _("a text cannot contain a line break"))
    try:
        text.encode("cp932")  # the common case: the whole text at once
        return
    except UnicodeEncodeError:
        pass
    bad = []
    for ch in text:
        try:
            ch.encode("cp932")
        except UnicodeEncodeError:
            bad.append(ch)
    if bad:
        reason = _("characters Shift_JIS cannot carry: %(chars)s") % {
            "chars": "".join(bad)
        }
        raise YayoiError(entry, number, reason)


# --- the entries Motouke books ---------------------------------------------------


def sales_invoice_entry(
    *,
    date: date,
    client_name: str,
    totals: Iterable[RateTotal],
    memo: str,
    voucher_no: str = "",
    receivable_account: str = "売掛金",
    sales_account: str = "売上高",
) -> JournalEntry:
    """An issued invoice: 売掛金 (client as sub-account) / 売上高 per tax rate.

    ``totals`` are the invoice's per-rate buckets, tax-inclusive, with the tax
    rounded once per rate as printed on the invoice. One rate gives one line
    (japan.md §6.1, R2); two rates a voucher whose first line carries the whole
    receivable and whose later lines credit the other rates.
    """
    return _receivable_entry(
        date,
        voucher_no,
        memo,
        totals,
        receivable_side="debit",
        receivable=(receivable_account, client_name),
        account=sales_account,
        categories=SALES_TAX,
    )


def sales_discount_entry(
    *,
    date: date,
    client_name: str,
    totals: Iterable[RateTotal],
    memo: str,
    voucher_no: str = "",
    discount_account: str = "売上値引高",
    receivable_account: str = "売掛金",
) -> JournalEntry:
    """A discount or refund on a sale (売上値引, japan.md §1.4 CN2): the
    mirror of the invoice entry, 売上値引高 per rate / 売掛金 of the client.

    Booked even when no credit note is required (under 10,000 yen, e.g. the
    client deducting its transfer fee).
    """
    return _receivable_entry(
        date,
        voucher_no,
        memo,
        totals,
        receivable_side="credit",
        receivable=(receivable_account, client_name),
        account=discount_account,
        categories=SALES_RETURN_TAX,
    )


def receipt_entry(
    *,
    date: date,
    client_name: str,
    amount: int,
    fee: int,
    fee_tax: int,
    fee_category: str,
    memo: str,
    bank_account: str = "普通預金",
    fee_account: str = "支払手数料",
    receivable_account: str = "売掛金",
) -> JournalEntry:
    """Money in from a client on the bank date: 普通預金 (``amount``) and
    支払手数料 (``fee``: what the client deducted, the transfer fee we bear,
    tax included) / 売掛金 of the client for both together."""
    lines = [
        JournalLine(
            debit_account=bank_account,
            debit_tax_category=OUT_OF_SCOPE,
            debit_amount=amount,
            credit_account=receivable_account,
            credit_sub=client_name,
            credit_tax_category=OUT_OF_SCOPE,
            credit_amount=amount + fee,
            memo=memo,
        )
    ]
    if fee:
        lines.append(
            JournalLine(
                debit_account=fee_account,
                debit_tax_category=fee_category,
                debit_amount=fee,
                debit_tax=fee_tax,
                memo=f"{memo} 振込手数料",
            )
        )
    return JournalEntry(date, lines)


def worker_payment_entry(
    *,
    date: date,
    worker_name: str,
    description: str,
    amount: int,
    tax: int,
    withholding: int,
    voucher_no: str = "",
    expense_account: str = "外注費",
    expense_tax_category: str = PURCHASE_TAX[Decimal("0.10")],
    bank_account: str = "普通預金",
    withholding_account: str = "預り金",
    withholding_sub: str = "源泉所得税",
) -> JournalEntry:
    """A payout to a worker (japan.md §6.1, W1): 外注費 (tax-inclusive fee) /
    普通預金 (the transfer) and 預り金・源泉所得税 (the tax withheld).

    ``amount`` is the fee including consumption tax, ``tax`` the tax within it,
    ``withholding`` the income tax withheld; the bank pays ``amount -
    withholding``. Without withholding the entry is a single line. For an
    unregistered (免税) worker pass the transitional-measure category the
    customer's Yayoi uses as ``expense_tax_category`` (UNCONFIRMED wording).
    """
    if isinstance(withholding, bool) or not isinstance(withholding, int):
        raise TypeError("withholding must be integer yen")
    if not 0 <= withholding < amount:
        raise ValueError("withholding must be from 0 to less than the amount")
    lines = [
        JournalLine(
            debit_account=expense_account,
            debit_tax_category=expense_tax_category,
            debit_amount=amount,
            debit_tax=tax,
            credit_account=bank_account,
            credit_tax_category=OUT_OF_SCOPE,
            credit_amount=amount - withholding,
            memo=f"{worker_name} {description}",
        )
    ]
    if withholding:
        lines.append(
            JournalLine(
                credit_account=withholding_account,
                credit_sub=withholding_sub,
                credit_tax_category=OUT_OF_SCOPE,
                credit_amount=withholding,
                memo=f"{worker_name} {withholding_sub}",
            )
        )
    return JournalEntry(date, lines, voucher_no)


def _category(categories: dict[Decimal, str], rate: Decimal) -> str:
    try:
        return categories[rate]
    except KeyError:
        raise ValueError(f"no Yayoi tax category for the rate {rate}") from None


def _receivable_entry(
    day: date,
    voucher_no: str,
    memo: str,
    totals: Iterable[RateTotal],
    *,
    receivable_side: str,
    receivable: tuple[str, str],
    account: str,
    categories: dict[Decimal, str],
) -> JournalEntry:
    """The client's receivable (account, sub-account) for the whole amount on
    ``receivable_side`` of the first line; ``account`` on the other side, one
    line per tax rate. One rate makes a single line."""
    totals = list(totals)
    if not totals:
        raise ValueError("an entry needs at least one tax-rate total")
    side = receivable_side
    other = "credit" if side == "debit" else "debit"
    lines = [
        JournalLine(
            **{
                f"{other}_account": account,
                f"{other}_tax_category": _category(categories, t.rate),
                f"{other}_amount": t.amount,
                f"{other}_tax": t.tax,
            },
            memo=memo,
        )
        for t in totals
    ]
    lines[0] = replace(
        lines[0],
        **{
            f"{side}_account": receivable[0],
            f"{side}_sub": receivable[1],
            f"{side}_tax_category": OUT_OF_SCOPE,
            f"{side}_amount": sum(t.amount for t in totals),
        },
    )
    return JournalEntry(day, lines, voucher_no)


__all__ = [
    "JournalEntry",
    "JournalLine",
    "RateTotal",
    "YayoiError",
    "build_yayoi",
    "iter_yayoi",
    "sales_discount_entry",
    "sales_invoice_entry",
    "worker_payment_entry",
]
