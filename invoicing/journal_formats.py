"""The journal in the import formats of MoneyForward クラウド会計 and freee会計
(japan.md §6.2, §6.3), from the same entries as the Yayoi file.

Both are CSV with a header row, Shift_JIS (cp932: what Excel and both
importers read), CR LF, written entry by entry as the entries are read.
Each ``JournalLine`` is one row with its debit and credit sides, as in the
Yayoi file; the rows of one entry share the entry's number and date, which
is how both importers put a compound entry back together (MoneyForward:
same 取引No + 取引日, balanced; freee: same 日付 + 伝票番号). Every entry is
checked as the Yayoi export checks it (balanced, whole yen, in the period,
Shift_JIS-safe) before a byte of it is written.

The tax-category names are each product's defaults as seen in public
integrations, UNCONFIRMED against a live account (japan.md open item 5):
compare with a journal exported from the customer's own account.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from enterprise.spreadsheet import csv_lines

from .yayoi import JournalEntry, JournalLine, check_entry, clean_line

MONEYFORWARD_COLUMNS = [
    "取引No", "取引日",
    "借方勘定科目", "借方補助科目", "借方部門", "借方取引先", "借方税区分",
    "借方インボイス", "借方金額(円)", "借方税額",
    "貸方勘定科目", "貸方補助科目", "貸方部門", "貸方取引先", "貸方税区分",
    "貸方インボイス", "貸方金額(円)", "貸方税額",
    "摘要", "仕訳メモ", "タグ", "MF仕訳タイプ", "決算整理仕訳",
    "作成日時", "作成者", "最終更新日時", "最終更新者",
]  # fmt: skip

FREEE_COLUMNS = [
    "日付", "伝票番号", "決算整理仕訳",
    "借方勘定科目", "借方税区分", "借方金額", "借方税額", "借方取引先", "借方品目",
    "借方部門",
    "貸方勘定科目", "貸方税区分", "貸方金額", "貸方税額", "貸方取引先", "貸方品目",
    "貸方部門",
    "摘要",
]  # fmt: skip

# A sub-account of these is a counterparty (取引先); of others an item (品目).
COUNTERPARTY_ACCOUNTS = {"売掛金", "未払金", "買掛金"}

# Yayoi's 税区分 (税区分 + 内 + rate [+ 区NN]) → each product's name.
_YAYOI_CATEGORY = re.compile(
    r"^(?P<kind>課税売上|課税売返|課対仕入)内(?P<reduced>軽減)?(?P<rate>\d+)%"
    r"(?:区(?P<share>\d+))?$"
)
_MF_KIND = {"課税売上": "課売上", "課税売返": "課売上返還", "課対仕入": "課仕入"}
_FREEE_KIND = {"課税売上": "課税売上", "課税売返": "課税売返", "課対仕入": "課対仕入"}


def moneyforward_category(yayoi: str) -> tuple[str, str]:
    """(税区分, インボイス) for MoneyForward: ``課仕入10%`` and ``80%控除``
    for a purchase under the transitional measure, ``適格`` otherwise."""
    found = _YAYOI_CATEGORY.match(yayoi)
    if not found:
        return yayoi, ""
    rate = found["rate"] + "%" + ("(軽)" if found["reduced"] else "")
    invoice = ""
    if found["kind"] == "課対仕入":
        invoice = f"{found['share']}%控除" if found["share"] else "適格"
    return _MF_KIND[found["kind"]] + rate, invoice


def freee_category(yayoi: str) -> str:
    """freee's 税区分, e.g. ``課対仕入（控80）10%``, ``課税売上8%（軽）``."""
    found = _YAYOI_CATEGORY.match(yayoi)
    if not found:
        return yayoi
    share = f"（控{found['share']}）" if found["share"] else ""
    reduced = "（軽）" if found["reduced"] else ""
    return f"{_FREEE_KIND[found['kind']]}{share}{found['rate']}%{reduced}"


def _amount(value: int, account: str):
    return value if account else ""


def _moneyforward_side(line: JournalLine, side: str) -> list:
    account = getattr(line, f"{side}_account")
    category, invoice = moneyforward_category(getattr(line, f"{side}_tax_category"))
    return [
        account,
        getattr(line, f"{side}_sub"),
        getattr(line, f"{side}_department"),
        "",  # 取引先: the counterparty is the sub-account in these books
        category if account else "",
        invoice if account else "",
        _amount(getattr(line, f"{side}_amount"), account),
        _amount(getattr(line, f"{side}_tax"), account),
    ]


def _moneyforward_row(number: int, entry: JournalEntry, line: JournalLine) -> list:
    return [
        number,
        entry.date.strftime("%Y/%m/%d"),
        *_moneyforward_side(line, "debit"),
        *_moneyforward_side(line, "credit"),
        line.memo,
        *[""] * 3,  # 仕訳メモ, タグ, MF仕訳タイプ
        "1" if entry.closing else "",
        *[""] * 4,  # 作成日時, 作成者, 最終更新日時, 最終更新者
    ]


def _freee_side(line: JournalLine, side: str) -> list:
    account = getattr(line, f"{side}_account")
    sub = getattr(line, f"{side}_sub")
    counterparty = sub if account in COUNTERPARTY_ACCOUNTS else ""
    item = "" if account in COUNTERPARTY_ACCOUNTS else sub
    return [
        account,
        freee_category(getattr(line, f"{side}_tax_category")) if account else "",
        _amount(getattr(line, f"{side}_amount"), account),
        _amount(getattr(line, f"{side}_tax"), account),
        counterparty,
        item,
        getattr(line, f"{side}_department"),
    ]


def _freee_row(number: int, entry: JournalEntry, line: JournalLine) -> list:
    return [
        entry.date.strftime("%Y/%m/%d"),
        number,
        "1" if entry.closing else "",
        *_freee_side(line, "debit"),
        *_freee_side(line, "credit"),
        line.memo,
    ]


def _iter(
    entries: Iterable[JournalEntry], period, header: list[str], row
) -> Iterator[bytes]:
    def rows():
        yield header
        for number, entry in enumerate(entries, start=1):
            check_entry(entry, number, period)
            for line in entry.lines:
                yield row(number, entry, clean_line(line))

    for text in csv_lines(rows(), bom=False):
        yield text.encode("cp932")  # every text was checked against cp932


def iter_moneyforward(
    entries: Iterable[JournalEntry], *, period: tuple[date, date] | None = None
) -> Iterator[bytes]:
    """MoneyForward's 仕訳帳 import, line by line; YayoiError for a bad entry."""
    return _iter(entries, period, MONEYFORWARD_COLUMNS, _moneyforward_row)


def iter_freee(
    entries: Iterable[JournalEntry], *, period: tuple[date, date] | None = None
) -> Iterator[bytes]:
    """freee's journal (振替伝票) import, line by line; YayoiError as above."""
    return _iter(entries, period, FREEE_COLUMNS, _freee_row)
