"""The journal sources and formats ``manage.py export_journal`` knows.

A source turns a period (first and last day) into journal entries
(``invoicing.yayoi.JournalEntry``); a format turns entries into file bytes.
To add one, add an entry to ``JOURNAL_SOURCES`` or ``JOURNAL_FORMATS``; the
command and the finance screen need no change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from .yayoi import JournalEntry, build_yayoi

Period = tuple[datetime.date, datetime.date]


def _sales(first: datetime.date, last: datetime.date) -> list[JournalEntry]:
    from .services.billing_exports import sales_journal_entries

    return sales_journal_entries(first=first, last=last)


def _payouts(first: datetime.date, last: datetime.date) -> list[JournalEntry]:
    from .services.payouts.exports import payout_journal_entries

    return payout_journal_entries(first=first, last=last)


JOURNAL_SOURCES: dict[str, Callable[[datetime.date, datetime.date], list]] = {
    "sales": _sales,
    "payouts": _payouts,
}

JOURNAL_FORMATS: dict[str, Callable[[list[JournalEntry], Period], bytes]] = {
    "yayoi": lambda entries, period: build_yayoi(entries, period=period),
}


def journal_entries(
    first: datetime.date, last: datetime.date, sources: list[str] | None = None
) -> dict[str, list[JournalEntry]]:
    """{source: entries} for the period, in ``JOURNAL_SOURCES`` order."""
    names = sources or list(JOURNAL_SOURCES)
    return {name: JOURNAL_SOURCES[name](first, last) for name in names}


def export_journal(
    first: datetime.date,
    last: datetime.date,
    *,
    fmt: str = "yayoi",
    sources: list[str] | None = None,
) -> tuple[bytes, dict[str, int]]:
    """The file's bytes and how many entries each source gave."""
    found = journal_entries(first, last, sources)
    entries = [entry for source in found.values() for entry in source]
    counts = {name: len(source) for name, source in found.items()}
    return JOURNAL_FORMATS[fmt](entries, (first, last)), counts
