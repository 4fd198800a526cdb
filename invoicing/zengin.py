"""全銀協規定形式 総合振込 (種別コード 21): the bank-transfer file for worker payouts.

Layout, padding and character set follow the JBA standard as the banks publish
it (japan.md §5): a header record, one data record per transfer, a trailer
with the count and total, an end record. Every record is exactly 120 bytes of
cp932 followed by CR LF; N (numeric) fields are right-aligned and zero-filled,
C (character) fields left-aligned and space-filled. Names are converted to the
Zengin character set (half-width kana, A-Z, digits, a few symbols) with
enterprise.kana; what cannot be converted is refused, never dropped.

Each record layout is one table of fields below; the writer and the parser both
read it, so they cannot disagree about an offset.

Usage::

    data = build_transfer_file(header, transfers)   # bytes, or ZenginError
    header, transfers, trailer = parse_transfer_file(data)
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprise.kana import ALLOWED, to_halfwidth_kana

RECORD_LENGTH = 120
MAX_AMOUNT = 9_999_999_999  # 振込金額 N(10)
KIND_CODE = "21"  # 種別コード: 総合振込
CODE_SET_JIS = "0"  # コード区分: 0 JIS (what PC and internet banking take)
HEADER, DATA, TRAILER, END = "1", "2", "8", "9"  # データ区分
HEADER_ACCOUNT_TYPES = ("1", "2", "9")  # 普通, 当座, その他
DATA_ACCOUNT_TYPES = ("1", "2", "4", "9")  # 普通, 当座, 貯蓄, その他
NEW_CODES = ("0", "1", "2")  # 新規コード: その他, 第1回振込分, 変更分
_DIGITS = re.compile(r"[0-9]*")


class ZenginError(ValueError):
    """A transfer file that cannot be written or read, naming where.

    ``record`` is "header", "data", "trailer", "end" or "file"; ``index`` is
    the 1-based position among the data records (None for the others);
    ``field`` is the field's key (e.g. "recipient_name") or "" for the record.
    """

    def __init__(self, record: str, field: str, reason: str, index: int | None = None):
        self.record, self.field, self.reason, self.index = record, field, reason, index
        super().__init__(
            _("%(record)s, %(field)s: %(reason)s")
            % {
                "record": _record_label(record, index),
                "field": FIELD_LABELS.get(field, field) or _("whole record"),
                "reason": reason,
            }
        )


def _record_label(record: str, index: int | None) -> str:
    if record == "data":
        return _("data record %(number)d") % {"number": index}
    return {
        "header": _("header record"),
        "trailer": _("trailer record"),
        "end": _("end record"),
    }.get(record, _("file"))


# --- the data a caller gives -------------------------------------------------


@dataclass(frozen=True)
class ZenginHeader:
    """The paying company's side: who sends the money, from which account, when."""

    sender_code: str  # 振込依頼人コード, assigned by the bank
    sender_name: str  # 振込依頼人名, converted to half-width kana
    transfer_date: date  # 振込指定日: a bank business day (only MMDD is written)
    bank_code: str  # 仕向銀行番号
    bank_name: str
    branch_code: str
    branch_name: str
    account_type: str  # 預金種目: 1 普通, 2 当座, 9 その他
    account_number: str


@dataclass(frozen=True)
class ZenginTransfer:
    """One payment to one recipient account (a data record)."""

    bank_code: str  # 被仕向銀行番号 (4 digits)
    bank_name: str  # optional at many banks: "" leaves the field blank
    branch_code: str  # 被仕向支店番号 (3 digits)
    branch_name: str
    account_type: str  # 1 普通, 2 当座, 4 貯蓄, 9 その他
    account_number: str  # up to 7 digits
    recipient_name: str  # 受取人名: the account holder as registered at the bank
    amount: int  # yen, 1 to 9,999,999,999
    new_code: str = "0"  # 新規コード: 0 その他, 1 第1回振込分, 2 変更分
    customer_code1: str = ""  # 顧客コード1, digits; "" is written as zeros
    customer_code2: str = ""
    edi_info: str = ""  # EDI情報: only with ZenginOptions(identification="Y")


@dataclass(frozen=True)
class ZenginTrailer:
    count: int  # 合計件数
    total: int  # 合計金額


@dataclass(frozen=True)
class ZenginOptions:
    """The choices banks make differently (japan.md §5, open item 4).

    Confirm each with the operator's bank before the first real upload.
    """

    transfer_kind: str = "7"  # 振込指定区分: 7 電信, 8 文書; "0" where unused
    identification: str = " "  # 識別表示: "Y" = the data records carry EDI info
    clearing_house: str = "0000"  # 手形交換所番号 (unused): "0000" or 4 spaces
    long_vowel: str = "-"  # ｰ is refused by most banks; "ｰ" where it is taken

    def __post_init__(self):
        for key, allowed in (
            ("transfer_kind", ("7", "8", "0")),
            ("identification", (" ", "Y")),
            ("clearing_house", ("0000", "    ")),
            ("long_vowel", ("-", "ｰ")),
        ):
            if getattr(self, key) not in allowed:
                raise ValueError(f"ZenginOptions.{key} must be one of {allowed!r}")


# --- record layouts ------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    key: str
    kind: str  # "N" numeric or "C" character
    length: int
    fixed: str | None = None  # a constant (データ区分, ダミー, ...)
    charset: str | None = None  # "person" / "bank": a name converted to Zengin
    optional: bool = False  # may be empty (N: zeros, C: spaces)
    blank_ok: bool = False  # an N field the bank may want as spaces


def _dummy(length: int) -> _Field:
    return _Field("dummy", "C", length, fixed=" " * length)


_HEADER_LAYOUT = (
    _Field("record_type", "N", 1, fixed=HEADER),
    _Field("kind_code", "N", 2, fixed=KIND_CODE),
    _Field("code_set", "N", 1, fixed=CODE_SET_JIS),
    _Field("sender_code", "N", 10),
    _Field("sender_name", "C", 40, charset="person"),
    _Field("transfer_date", "N", 4),
    _Field("bank_code", "N", 4),
    _Field("bank_name", "C", 15, charset="bank"),
    _Field("branch_code", "N", 3),
    _Field("branch_name", "C", 15, charset="bank"),
    _Field("account_type", "N", 1),
    _Field("account_number", "N", 7),
    _dummy(17),
)
_DATA_HEAD = (
    _Field("record_type", "N", 1, fixed=DATA),
    _Field("bank_code", "N", 4),
    _Field("bank_name", "C", 15, charset="bank", optional=True),
    _Field("branch_code", "N", 3),
    _Field("branch_name", "C", 15, charset="bank", optional=True),
    _Field("clearing_house", "N", 4, blank_ok=True),
    _Field("account_type", "N", 1),
    _Field("account_number", "N", 7),
    _Field("recipient_name", "C", 30, charset="person"),
    _Field("amount", "N", 10),
    _Field("new_code", "N", 1),
)
_DATA_TAIL = (
    _Field("transfer_kind", "N", 1),
    _Field("identification", "C", 1),
    _dummy(7),
)
_DATA_LAYOUT = (
    *_DATA_HEAD,
    _Field("customer_code1", "N", 10, optional=True),
    _Field("customer_code2", "N", 10, optional=True),
    *_DATA_TAIL,
)
# 識別表示 = Y: the two customer codes become one EDI情報 C(20).
_DATA_EDI_LAYOUT = (
    *_DATA_HEAD,
    _Field("edi_info", "C", 20, charset="person", optional=True),
    *_DATA_TAIL,
)
_TRAILER_LAYOUT = (
    _Field("record_type", "N", 1, fixed=TRAILER),
    _Field("count", "N", 6),
    _Field("total", "N", 12),
    _dummy(101),
)
_END_LAYOUT = (_Field("record_type", "N", 1, fixed=END), _dummy(119))

_LAYOUTS = (
    _HEADER_LAYOUT,
    _DATA_LAYOUT,
    _DATA_EDI_LAYOUT,
    _TRAILER_LAYOUT,
    _END_LAYOUT,
)
assert all(sum(f.length for f in lay) == RECORD_LENGTH for lay in _LAYOUTS)

FIELD_LABELS = {
    "record_type": gettext_lazy("record type"),
    "kind_code": gettext_lazy("type code"),
    "code_set": gettext_lazy("code set"),
    "sender_code": gettext_lazy("sender code"),
    "sender_name": gettext_lazy("sender name"),
    "transfer_date": gettext_lazy("transfer date"),
    "bank_code": gettext_lazy("bank code"),
    "bank_name": gettext_lazy("bank name"),
    "branch_code": gettext_lazy("branch code"),
    "branch_name": gettext_lazy("branch name"),
    "clearing_house": gettext_lazy("clearing house number"),
    "account_type": gettext_lazy("account type"),
    "account_number": gettext_lazy("account number"),
    "recipient_name": gettext_lazy("recipient name"),
    "amount": gettext_lazy("amount"),
    "new_code": gettext_lazy("new code"),
    "customer_code1": gettext_lazy("customer code 1"),
    "customer_code2": gettext_lazy("customer code 2"),
    "edi_info": gettext_lazy("EDI information"),
    "transfer_kind": gettext_lazy("transfer kind"),
    "identification": gettext_lazy("identification"),
    "dummy": gettext_lazy("filler"),
    "count": gettext_lazy("total count"),
    "total": gettext_lazy("total amount"),
}


# --- writing -------------------------------------------------------------------


def build_transfer_file(
    header: ZenginHeader,
    transfers: list[ZenginTransfer] | tuple[ZenginTransfer, ...],
    options: ZenginOptions | None = None,
) -> bytes:
    """The whole file (header, data..., trailer, end), each record + CR LF.

    Raises ZenginError naming the record and field of the first value that
    does not fit (too long, not digits, a character outside the Zengin set, an
    amount out of range); nothing is produced then.
    """
    options = options or ZenginOptions()
    if not transfers:
        raise ZenginError("file", "", _("there are no transfers"))
    records = [_encode(_HEADER_LAYOUT, _header_values(header), "header", None, options)]
    layout = _DATA_EDI_LAYOUT if options.identification == "Y" else _DATA_LAYOUT
    for index, transfer in enumerate(transfers, start=1):
        values = _transfer_values(transfer, options, index)
        records.append(_encode(layout, values, "data", index, options))
    total = sum(t.amount for t in transfers)
    trailer = {"count": str(len(transfers)), "total": str(total)}
    records.append(_encode(_TRAILER_LAYOUT, trailer, "trailer", None, options))
    records.append(_encode(_END_LAYOUT, {}, "end", None, options))
    return b"".join(record + b"\r\n" for record in records)


def _header_values(header: ZenginHeader) -> dict[str, str]:
    _check_choice(header.account_type, HEADER_ACCOUNT_TYPES, "header", "account_type")
    return asdict(header) | {"transfer_date": header.transfer_date.strftime("%m%d")}


def _transfer_values(t: ZenginTransfer, options: ZenginOptions, index: int) -> dict:
    _check_choice(t.account_type, DATA_ACCOUNT_TYPES, "data", "account_type", index)
    _check_choice(t.new_code, NEW_CODES, "data", "new_code", index)
    amount = t.amount
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ZenginError("data", "amount", _("must be whole yen"), index)
    if not 1 <= amount <= MAX_AMOUNT:
        raise ZenginError(
            "data", "amount", _("must be from 1 to 9,999,999,999 yen"), index
        )
    if options.identification == "Y" and (t.customer_code1 or t.customer_code2):
        reason = _("customer codes cannot be combined with EDI information")
        raise ZenginError("data", "customer_code1", reason, index)
    if options.identification != "Y" and t.edi_info:
        reason = _("EDI information needs the identification option Y")
        raise ZenginError("data", "edi_info", reason, index)
    # The layout picks what it writes: customer codes, or EDI info in their place.
    return asdict(t) | {
        "clearing_house": options.clearing_house,
        "transfer_kind": options.transfer_kind,
        "identification": options.identification,
    }


def _check_choice(value, choices, record, key, index=None) -> None:
    if str(value) not in choices:
        reason = _("must be one of %(choices)s") % {"choices": ", ".join(choices)}
        raise ZenginError(record, key, reason, index)


def _encode(layout, values, record, index, options) -> bytes:
    out = []
    for f in layout:
        value = f.fixed if f.fixed is not None else str(values.get(f.key, ""))
        if f.kind == "N":
            out.append(_encode_number(f, value, record, index))
        else:
            if f.charset:
                value = _zengin_name(value, f, record, index, options.long_vowel)
            out.append(_encode_text(f, value, record, index))
    encoded = b"".join(out)
    assert len(encoded) == RECORD_LENGTH, (record, index, len(encoded))
    return encoded


def _encode_number(f: _Field, value: str, record: str, index) -> bytes:
    if f.blank_ok and value == " " * f.length:
        return value.encode("ascii")
    value = value.strip()
    if not value and not f.optional:
        raise ZenginError(record, f.key, _("is required"), index)
    if not _DIGITS.fullmatch(value):
        raise ZenginError(record, f.key, _("only the digits 0-9 are allowed"), index)
    if len(value) > f.length:
        raise ZenginError(record, f.key, _too_long(len(value), f.length), index)
    return value.rjust(f.length, "0").encode("ascii")


def _encode_text(f: _Field, value: str, record: str, index) -> bytes:
    if not value and not f.optional and f.fixed is None:
        raise ZenginError(record, f.key, _("is required"), index)
    encoded = value.encode("cp932")  # names were checked against the Zengin set
    if len(encoded) > f.length:
        raise ZenginError(record, f.key, _too_long(len(encoded), f.length), index)
    return encoded.ljust(f.length, b" ")


def _zengin_name(text: str, f: _Field, record: str, index, long_vowel: str) -> str:
    """Half-width kana in the Zengin set; ZenginError lists what is not in it.

    Small kana become full size (ｷｬﾉﾝ -> ｷﾔﾉﾝ) and the long-vowel mark becomes
    the option's choice ("-" unless the bank takes ｰ).
    """
    converted = to_halfwidth_kana(text, long_vowel=long_vowel)
    allowed = ALLOWED[f.charset] | ({"ｰ"} if long_vowel == "ｰ" else set())
    bad = "".join(sorted({ch for ch in converted if ch not in allowed}))
    if bad:
        raise ZenginError(record, f.key, _not_allowed(bad), index)
    return converted


def _too_long(length: int, limit: int) -> str:
    return _("is %(length)d bytes long, at most %(limit)d fit") % {
        "length": length,
        "limit": limit,
    }


def _not_allowed(chars: str) -> str:
    return _("characters not allowed in a bank transfer file: %(chars)s") % {
        "chars": chars
    }


# --- reading -------------------------------------------------------------------


def parse_transfer_file(
    data: bytes, *, year: int | None = None
) -> tuple[ZenginHeader, list[ZenginTransfer], ZenginTrailer]:
    """Read a 総合振込 file back, checking it as a bank would.

    Records must be 120 bytes each, either all followed by CR LF or with no
    separators at all; in the order header, data..., trailer, end; and the
    trailer's count and total must match the data records. The file carries
    only MMDD for the transfer date: ``year`` completes it, and by default the
    date closest to today is taken. Raises ZenginError.
    """
    records = _split_records(data)
    if len(records) < 4:
        raise ZenginError(
            "file", "", _("a header, data, trailer and end record are needed")
        )
    header = _parse_header(_decode(records[0], _HEADER_LAYOUT, "header", None), year)
    body, trailer_record, end_record = records[1:-2], records[-2], records[-1]
    transfers = []
    for index, raw in enumerate(body, start=1):
        edi = raw[112:113] == b"Y"  # 識別表示 at position 113
        layout = _DATA_EDI_LAYOUT if edi else _DATA_LAYOUT
        transfers.append(_parse_transfer(_decode(raw, layout, "data", index)))
    values = _decode(trailer_record, _TRAILER_LAYOUT, "trailer", None)
    trailer = ZenginTrailer(count=int(values["count"]), total=int(values["total"]))
    _decode(end_record, _END_LAYOUT, "end", None)
    if trailer.count != len(transfers):
        reason = _("says %(stated)d transfers, the file has %(actual)d") % {
            "stated": trailer.count,
            "actual": len(transfers),
        }
        raise ZenginError("trailer", "count", reason)
    actual_total = sum(t.amount for t in transfers)
    if trailer.total != actual_total:
        reason = _("says %(stated)d yen, the transfers add up to %(actual)d") % {
            "stated": trailer.total,
            "actual": actual_total,
        }
        raise ZenginError("trailer", "total", reason)
    return header, transfers, trailer


def _split_records(data: bytes) -> list[bytes]:
    if b"\r\n" in data:
        lines = data.split(b"\r\n")
        if lines[-1] == b"":
            lines.pop()
    elif b"\r" in data or b"\n" in data:
        raise ZenginError("file", "", _("records must end with CR LF, or with nothing"))
    else:
        if len(data) % RECORD_LENGTH:
            raise ZenginError("file", "", _not_120(len(data) % RECORD_LENGTH))
        lines = [
            data[i : i + RECORD_LENGTH] for i in range(0, len(data), RECORD_LENGTH)
        ]
    for number, line in enumerate(lines, start=1):
        if len(line) != RECORD_LENGTH:
            reason = _("record %(number)d: %(reason)s") % {
                "number": number,
                "reason": _not_120(len(line)),
            }
            raise ZenginError("file", "", reason)
    return lines


def _not_120(length: int) -> str:
    return _("a record is %(length)d bytes, not 120") % {"length": length}


def _decode(raw: bytes, layout, record: str, index) -> dict[str, str]:
    expected = layout[0].fixed
    if raw[:1] != expected.encode():
        reason = _("expected record type %(expected)s here, found %(found)s") % {
            "expected": expected,
            "found": raw[:1].decode("ascii", "replace"),
        }
        raise ZenginError(record, "record_type", reason, index)
    values, offset = {}, 0
    for f in layout:
        chunk = raw[offset : offset + f.length]
        offset += f.length
        try:
            text = chunk.decode("cp932")
        except UnicodeDecodeError:
            raise ZenginError(
                record, f.key, _("is not Shift_JIS text"), index
            ) from None
        if f.fixed is not None and text != f.fixed:
            reason = _("must be %(expected)s") % {
                "expected": f.fixed.strip() or _("spaces")
            }
            raise ZenginError(record, f.key, reason, index)
        blank = f.blank_ok and text == " " * f.length
        if f.kind == "N" and not blank and not _DIGITS.fullmatch(text):
            reason = _("only the digits 0-9 are allowed")
            raise ZenginError(record, f.key, reason, index)
        values[f.key] = text.rstrip(" ") if f.kind == "C" else text
    return values


def _parse_header(values: dict[str, str], year: int | None) -> ZenginHeader:
    names = {f.name for f in fields(ZenginHeader)}
    return ZenginHeader(
        **{key: value for key, value in values.items() if key in names}
        | {"transfer_date": _transfer_date(values["transfer_date"], year)}
    )


def _transfer_date(mmdd: str, year: int | None) -> date:
    month, day = int(mmdd[:2]), int(mmdd[2:])
    today = timezone.localdate()
    years = [year] if year is not None else [today.year - 1, today.year, today.year + 1]
    candidates = []
    for candidate_year in years:
        try:
            candidates.append(date(candidate_year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ZenginError("header", "transfer_date", _("is not a date"))
    return min(candidates, key=lambda d: abs((d - today).days))


def _parse_transfer(values: dict[str, str]) -> ZenginTransfer:
    names = {f.name for f in fields(ZenginTransfer)}
    kept = {key: value for key, value in values.items() if key in names}
    for key in ("customer_code1", "customer_code2"):
        if set(kept.get(key, "")) <= {"0"}:  # all zeros: not given
            kept[key] = ""
    return ZenginTransfer(**kept | {"amount": int(values["amount"])})


__all__ = [
    "MAX_AMOUNT",
    "RECORD_LENGTH",
    "ZenginError",
    "ZenginHeader",
    "ZenginOptions",
    "ZenginTrailer",
    "ZenginTransfer",
    "build_transfer_file",
    "parse_transfer_file",
]
