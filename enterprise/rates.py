"""Look the effective-dated rates and thresholds up for a date.

Each lookup takes the date the law looks at: the transaction date for
consumption tax, the payment date for withholding, the purchase (receipt)
date for the transitional credit. A date no row covers raises
``RateNotFound`` naming the table, so a missing rate is fixed in the admin
rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from .models import TaxRate, Threshold, TransitionalCreditRate, WithholdingRule

__all__ = [
    "RateNotFound",
    "TaxRate",
    "Threshold",
    "cached_rates",
    "WithholdingRule",
    "covering",
    "rate_on",
    "threshold_on",
    "transitional_credit_rate_on",
    "withholding_rule_on",
]


class RateNotFound(LookupError):
    """No row (or more than one) of an effective-dated table covers the date."""


_CACHE: ContextVar[dict | None] = ContextVar("rates_cache", default=None)


@contextmanager
def cached_rates() -> Iterator[None]:
    """Within the block, each lookup reads its table once per date: a payout
    run asks the same few rates thousands of times (issue 15). The tables
    change in the admin, a few times a decade; a run uses one reading."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def _covering(rows: QuerySet, on: date, what: str):
    if not isinstance(on, date):
        raise TypeError(f"on must be a date, not {type(on).__name__}")
    cache = _CACHE.get()
    if cache is None:
        return _covering_row(rows, on, what)
    key = (what, on)
    if key not in cache:
        cache[key] = _covering_row(rows, on, what)
    return cache[key]


def _covering_row(rows: QuerySet, on: date, what: str):
    found = list(
        rows.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )[:2]
    )
    if not found:
        raise RateNotFound(
            f"No {what} covers {on:%Y-%m-%d}: add one in the admin "
            f"({rows.model._meta.verbose_name_plural})."
        )
    if len(found) > 1:
        raise RateNotFound(
            f"Two {what} rows cover {on:%Y-%m-%d}: fix the overlap in the admin "
            f"({rows.model._meta.verbose_name_plural})."
        )
    return found[0]


def covering(rows: list, on: date, what: str, model):
    """The one row of ``model``'s effective-dated table, read once into
    ``rows``, that covers ``on``: the same answer and refusals as the lookups
    below, for a caller (an export, a page of offers) that reads many dates."""
    if not isinstance(on, date):
        raise TypeError(f"on must be a date, not {type(on).__name__}")
    found = [
        row
        for row in rows
        if row.valid_from <= on and (row.valid_to is None or row.valid_to >= on)
    ]
    plural = model._meta.verbose_name_plural
    if not found:
        raise RateNotFound(
            f"No {what} covers {on:%Y-%m-%d}: add one in the admin ({plural})."
        )
    if len(found) > 1:
        raise RateNotFound(
            f"Two {what} rows cover {on:%Y-%m-%d}: fix the overlap in the admin "
            f"({plural})."
        )
    return found[0]


def rate_on(code: str, on: date) -> Decimal:
    """The consumption tax rate ``code`` ("standard" or "reduced") on ``on``."""
    row = _covering(TaxRate.objects.filter(code=code), on, f"{code} tax rate")
    return row.rate


def withholding_rule_on(on: date) -> WithholdingRule:
    """The withholding rule for a payment made on ``on``."""
    return _covering(WithholdingRule.objects.all(), on, "withholding rule")


def transitional_credit_rate_on(on: date) -> Decimal:
    """The creditable share of tax on a purchase from an unregistered worker,
    decided by the purchase date (the day the deliverable was received)."""
    rows = TransitionalCreditRate.objects.all()
    return _covering(rows, on, "transitional credit rate").rate


def threshold_on(code: str, on: date) -> int:
    """A legal threshold (``Threshold.Code``) in force on ``on``."""
    row = _covering(Threshold.objects.filter(code=code), on, f"{code} threshold")
    return row.value
