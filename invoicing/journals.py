"""The journal sources and formats ``manage.py export_journal`` knows.

A source turns a period (first and last day) into journal entries
(``invoicing.yayoi.JournalEntry``); a format turns entries into file bytes.
To add one, add an entry to ``JOURNAL_SOURCES`` or ``JOURNAL_FORMATS``; the
command and the finance screen need no change.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from .journal_formats import iter_freee, iter_moneyforward
from .yayoi import JournalEntry, build_yayoi, iter_yayoi

Period = tuple[datetime.date, datetime.date]


def _sales(first: datetime.date, last: datetime.date) -> list[JournalEntry]:
    from .services.billing_exports import sales_journal_entries

    return sales_journal_entries(first=first, last=last)


def _receipts(first: datetime.date, last: datetime.date) -> list[JournalEntry]:
    from .services.billing_exports import receipt_journal_entries

    return receipt_journal_entries(first=first, last=last)


def _worker_cost(first: datetime.date, last: datetime.date) -> Iterable[JournalEntry]:
    from .services.payouts.journal import worker_cost_entries

    return worker_cost_entries(first=first, last=last)


def _payouts(first: datetime.date, last: datetime.date) -> Iterable[JournalEntry]:
    from .services.payouts.journal import payout_journal_entries

    return payout_journal_entries(first=first, last=last)


# The accrual journal (issue 18): revenue when invoiced after 検収, money in
# on the bank date, worker cost when the work was received, payments on the
# pay date. A source may return a list or a generator (read as written).
JOURNAL_SOURCES: dict[str, Callable[[datetime.date, datetime.date], Iterable]] = {
    "sales": _sales,
    "receipts": _receipts,
    "worker_cost": _worker_cost,
    "payouts": _payouts,
}

JOURNAL_FORMATS: dict[str, Callable[[list[JournalEntry], Period], bytes]] = {
    "yayoi": lambda entries, period: build_yayoi(entries, period=period),
    "freee": lambda entries, period: b"".join(iter_freee(entries, period=period)),
    "moneyforward": lambda entries, period: b"".join(
        iter_moneyforward(entries, period=period)
    ),
}
# The same formats in pieces, for files written as they are read.
JOURNAL_STREAMS: dict[str, Callable[..., Iterator[bytes]]] = {
    "yayoi": lambda entries, period: iter_yayoi(entries, period=period),
    "freee": lambda entries, period: iter_freee(entries, period=period),
    "moneyforward": lambda entries, period: iter_moneyforward(entries, period=period),
}


def journal_entries(
    first: datetime.date, last: datetime.date, sources: list[str] | None = None
) -> dict[str, list[JournalEntry]]:
    """{source: entries} for the period, in ``JOURNAL_SOURCES`` order."""
    names = sources or list(JOURNAL_SOURCES)
    return {name: list(JOURNAL_SOURCES[name](first, last)) for name in names}


def write_journal(
    out: BinaryIO,
    first: datetime.date,
    last: datetime.date,
    *,
    fmt: str = "yayoi",
    sources: list[str] | None = None,
) -> dict[str, int]:
    """Write the file to ``out`` entry by entry, from each source's cursor;
    how many entries each source gave. YayoiError leaves ``out`` partly
    written: the caller discards it."""
    names = sources or list(JOURNAL_SOURCES)
    counts = dict.fromkeys(names, 0)

    def entries():
        for name in names:
            for entry in JOURNAL_SOURCES[name](first, last):
                counts[name] += 1
                yield entry

    for chunk in JOURNAL_STREAMS[fmt](entries(), (first, last)):
        out.write(chunk)
    return counts


def export_journal(
    first: datetime.date,
    last: datetime.date,
    *,
    fmt: str = "yayoi",
    sources: list[str] | None = None,
) -> tuple[bytes, dict[str, int]]:
    """The file's bytes and how many entries each source gave."""
    out = io.BytesIO()
    counts = write_journal(out, first, last, fmt=fmt, sources=sources)
    return out.getvalue(), counts
