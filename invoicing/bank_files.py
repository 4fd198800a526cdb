"""Bank statement files in: the Zengin 200-byte formats and per-bank CSV.

Two 全銀協規定形式 files the bank delivers, each record 200 bytes of cp932
(with CR LF, LF or no line break at all between records):

- 振込入金通知 (種別コード 01): one data record per transfer received.
- 入出金取引明細 (種別コード 03): one data record per movement; only the
  credits (入払区分 1) are read.

Layouts as the banks publish the JBA standard, e.g. 阿波銀行 「振込入金通知
(全銀協制定フォーマット)」 http://www.awabank.co.jp/houjin/service/fb/zengin/tsuchi/
and きらぼし銀行 「入出金明細(全銀)明細ファイル・フォーマット(全銀協規定形式)」
(2018-05-01). Dates are 和暦 YYMMDD (令和, or 平成 before 2019-05-01). N
fields are right-aligned and zero-filled, C fields left-aligned and
space-filled. Each layout is a table of (key, length, kind) below; the
parser reads the offsets off the table, so they cannot drift.

``parse_statement(data)`` returns the credits or raises ``StatementError``
naming the line; nothing is half-read.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RECORD_LENGTH = 200
HEADER, DATA, TRAILER, END = "1", "2", "8", "9"
TRANSFER_NOTICE, ACCOUNT_MOVEMENTS = "01", "03"
REIWA_START = datetime.date(2019, 5, 1)

# (key, length, kind): kind "N" numeric, "C" characters. Lengths add up to 200.
HEADER_FIELDS = {
    TRANSFER_NOTICE: [
        ("kind", 1, "N"), ("code", 2, "N"), ("code_set", 1, "N"),
        ("created_on", 6, "N"), ("from", 6, "N"), ("to", 6, "N"),
        ("bank_code", 4, "N"), ("bank_name", 15, "C"), ("branch_code", 3, "N"),
        ("branch_name", 15, "C"), ("account_type", 1, "N"),
        ("account_number", 7, "N"), ("account_name", 40, "C"), ("dummy", 93, "C"),
    ],
    ACCOUNT_MOVEMENTS: [
        ("kind", 1, "N"), ("code", 2, "N"), ("code_set", 1, "N"),
        ("created_on", 6, "N"), ("from", 6, "N"), ("to", 6, "N"),
        ("bank_code", 4, "N"), ("bank_name", 15, "C"), ("branch_code", 3, "N"),
        ("branch_name", 15, "C"), ("dummy1", 3, "C"), ("account_type", 1, "N"),
        ("account_number", 10, "N"), ("account_name", 40, "C"),
        ("overdraft", 1, "C"), ("passbook", 1, "C"), ("opening_balance", 14, "C"),
        ("dummy", 71, "C"),
    ],
}  # fmt: skip
DATA_FIELDS = {
    TRANSFER_NOTICE: [
        ("kind", 1, "N"), ("reference", 6, "N"), ("booked_on", 6, "N"),
        ("value_on", 6, "N"), ("amount", 10, "N"), ("other_bank_cheques", 10, "N"),
        ("payer_code", 10, "C"), ("payer_name", 48, "C"),
        ("payer_bank", 15, "C"), ("payer_branch", 15, "C"),
        ("cancelled", 1, "C"), ("edi", 20, "C"), ("dummy", 52, "C"),
    ],
    ACCOUNT_MOVEMENTS: [
        ("kind", 1, "N"), ("reference", 8, "N"), ("booked_on", 6, "N"),
        ("value_on", 6, "N"), ("direction", 1, "N"), ("transaction", 2, "N"),
        ("amount", 12, "N"), ("other_bank_cheques", 12, "N"),
        ("presented_on", 6, "C"), ("returned_on", 6, "C"), ("cheque_kind", 1, "C"),
        ("cheque_number", 7, "C"), ("branch", 3, "C"), ("payer_code", 10, "C"),
        ("payer_name", 48, "C"), ("payer_bank", 15, "C"), ("payer_branch", 15, "C"),
        ("summary", 20, "C"), ("edi", 20, "C"), ("dummy", 1, "C"),
    ],
}  # fmt: skip
# The numeric fields a credit cannot be read without, named for the message.
_CHECKED = {
    "code": gettext_lazy("the kind code"),
    "reference": gettext_lazy("the reference number"),
    "booked_on": gettext_lazy("the booking date"),
    "amount": gettext_lazy("the amount"),
}
CREDIT = "1"  # 入払区分 of 入出金取引明細: 1 入金, 2 出金
_NUMERIC = re.compile(r"[0-9]+")


class StatementError(ValueError):
    """A statement that cannot be read; ``line`` is the 1-based record."""

    def __init__(self, line: int | None, reason: str):
        self.line, self.reason = line, reason
        if line is None:
            super().__init__(reason)
        else:
            super().__init__(
                _("Line %(line)s: %(reason)s") % {"line": line, "reason": reason}
            )


@dataclass(frozen=True)
class Credit:
    """Money in, as read from a file."""

    reference: str
    booked_on: datetime.date
    amount: int
    payer_name: str
    edi: str = ""


def wareki_date(text: str) -> datetime.date:
    """和暦 YYMMDD: 令和 from 2019-05-01, 平成 before (平成31 = 2019).

    Raises ValueError. A 令和 year that would lie more than a year ahead is
    read as 平成 (令和 30 is 2048; 平成 30 is 2018)."""
    if not _NUMERIC.fullmatch(text or "") or len(text) != 6:
        raise ValueError(text)
    year, month, day = int(text[:2]), int(text[2:4]), int(text[4:])
    reiwa = datetime.date(2018 + year, month, day) if year else None
    if reiwa and reiwa >= REIWA_START and reiwa.year <= timezone.localdate().year + 1:
        return reiwa
    heisei = datetime.date(1988 + year, month, day)
    if heisei >= REIWA_START:
        raise ValueError(text)
    return heisei


def split_records(data: bytes) -> list[bytes]:
    """Records of 200 bytes, whether or not lines are broken (CR LF or LF)."""
    if b"\n" in data or b"\r" in data:
        return [r for r in re.split(rb"\r\n|\n|\r", data) if r.strip()]
    if len(data) % RECORD_LENGTH:
        raise StatementError(
            len(data) // RECORD_LENGTH + 1,
            _("the file is not made of 200-byte records."),
        )
    return [data[i : i + RECORD_LENGTH] for i in range(0, len(data), RECORD_LENGTH)]


def _fields(record: bytes, table, line: int) -> dict:
    values, at = {}, 0
    for key, length, kind in table:
        raw = record[at : at + length]
        at += length
        try:
            text = raw.decode("cp932")
        except UnicodeDecodeError:
            raise StatementError(
                line, _("characters that are not Shift_JIS.")
            ) from None
        if key in _CHECKED and not _NUMERIC.fullmatch(text):
            raise StatementError(
                line, _("%(field)s is not a number.") % {"field": _CHECKED[key]}
            )
        values[key] = text.rstrip() if kind == "C" else text
    return values


def _date(value: str, line: int) -> datetime.date:
    try:
        return wareki_date(value)
    except ValueError:
        raise StatementError(
            line, _("“%(value)s” is not a date (YYMMDD).") % {"value": value}
        ) from None


def parse_zengin(data: bytes) -> list[Credit]:
    """The credits of a 振込入金通知 or 入出金取引明細 file (see module)."""
    records = split_records(data)
    if not records:
        raise StatementError(None, _("The file is empty."))
    for number, record in enumerate(records, start=1):
        if len(record) != RECORD_LENGTH:
            raise StatementError(
                number,
                _("a record is %(length)s bytes, not 200.") % {"length": len(record)},
            )
    first = records[0]
    code = first[1:3].decode("ascii", "replace")
    if first[:1] != HEADER.encode() or code not in DATA_FIELDS:
        raise StatementError(
            1,
            _("not the header of a transfer notice (01) or an account statement (03)."),
        )
    _fields(first, HEADER_FIELDS[code], 1)
    credits, seen_trailer, seen_end = [], False, False
    for number, record in enumerate(records[1:], start=2):
        kind = record[:1].decode("ascii", "replace")
        if seen_end:
            raise StatementError(number, _("a record after the end record."))
        if kind == HEADER:
            # A file may hold several accounts' notices one after another.
            _fields(record, HEADER_FIELDS[code], number)
            seen_trailer = False
        elif kind == DATA:
            if seen_trailer:
                raise StatementError(number, _("a data record after the trailer."))
            credit = _credit(_fields(record, DATA_FIELDS[code], number), code, number)
            if credit is not None:
                credits.append(credit)
        elif kind == TRAILER:
            seen_trailer = True
        elif kind == END:
            seen_end = True
        else:
            raise StatementError(
                number, _("unknown record type “%(kind)s”.") % {"kind": kind}
            )
    if not seen_end:
        raise StatementError(len(records), _("the end record is missing."))
    return credits


def _credit(values: dict, code: str, line: int) -> Credit | None:
    if code == ACCOUNT_MOVEMENTS and values["direction"] != CREDIT:
        return None
    if code == TRANSFER_NOTICE and values["cancelled"] not in ("", "0"):
        return None  # 取消: a transfer the sending bank recalled
    amount = int(values["amount"])
    if amount <= 0:
        raise StatementError(line, _("the amount is zero."))
    return Credit(
        reference=values["reference"].lstrip("0") or "0",
        booked_on=_date(values["booked_on"], line),
        amount=amount,
        payer_name=values["payer_name"].strip(),
        edi=values["edi"].strip(),
    )


def parse_csv(data: bytes, layout) -> list[Credit]:
    """Credits of a CSV statement in ``layout`` (a ``BankCsvLayout``)."""
    try:
        text = data.decode(layout.encoding)
    except (UnicodeDecodeError, LookupError):
        raise StatementError(
            None, _("The file is not in %(encoding)s.") % {"encoding": layout.encoding}
        ) from None
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    credits = []
    for number, row in enumerate(rows, start=1):
        if number <= layout.header_rows or not any(cell.strip() for cell in row):
            continue
        credit = _csv_credit(row, layout, number)
        if credit is not None:
            credits.append(credit)
    return credits


def _cell(row: list[str], column: int, line: int) -> str:
    if not column:
        return ""
    if column > len(row):
        raise StatementError(
            line, _("column %(column)s is missing.") % {"column": column}
        )
    return row[column - 1].strip()


def _csv_credit(row: list[str], layout, line: int) -> Credit | None:
    amount_text = _cell(row, layout.amount_column, line).replace(",", "")
    if not amount_text:
        return None  # a debit line: its credit column is empty
    if not _NUMERIC.fullmatch(amount_text):
        raise StatementError(line, _("the amount is not a number."))
    day_text = _cell(row, layout.date_column, line)
    try:
        booked_on = datetime.datetime.strptime(day_text, layout.date_format).date()
    except ValueError:
        raise StatementError(
            line, _("“%(value)s” is not a date.") % {"value": day_text}
        ) from None
    amount = int(amount_text)
    if amount == 0:
        return None
    payer = _cell(row, layout.payer_column, line)
    # A bank CSV without 照会番号: the row itself identifies the line.
    reference = _cell(row, layout.reference_column, line) or (
        "csv-"
        + hashlib.sha256(f"{day_text}|{amount_text}|{payer}".encode()).hexdigest()[:20]
    )
    return Credit(
        reference=reference[:40],
        booked_on=booked_on,
        amount=amount,
        payer_name=payer[:60],
        edi=_cell(row, layout.edi_column, line)[:40],
    )


def parse_statement(data: bytes, layout=None) -> list[Credit]:
    return parse_csv(data, layout) if layout is not None else parse_zengin(data)
