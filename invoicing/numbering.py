"""Gapless, unique document numbers (INV-2026-000123).

``allocate_number`` takes the next number of a (kind, fiscal year) sequence
inside the caller's transaction: the sequence row stays locked until that
transaction ends, so a second caller waits and then sees the incremented
value, and a transaction that rolls back gives its number back. Call it as
late as possible in the transaction that creates the document, since every
other document of that kind waits for the lock until the commit.

    with transaction.atomic():
        n = allocate_number(kind="invoice", fiscal_year=2026)
        invoice.number = format_document_number("INV", 2026, n)
        ...
"""

from django.db import IntegrityError, transaction

from .models import DocumentSequence


def allocate_number(*, kind: str, fiscal_year: int) -> int:
    """The next number (1, 2, 3, ...) of ``kind`` in ``fiscal_year``.

    Precondition: a transaction is open (``transaction.atomic``); outside one
    the lock would end at once and two callers could get the same number, so
    RuntimeError is raised. Side effect: the sequence row is created on first
    use, and locked (SELECT ... FOR UPDATE) until the caller's transaction ends.
    """
    return allocate_numbers(kind=kind, fiscal_year=fiscal_year, count=1)[0]


def allocate_numbers(*, kind: str, fiscal_year: int, count: int) -> range:
    """The next ``count`` numbers of ``kind`` in ``fiscal_year`` as one block
    (a payout chunk numbers its statements with one lock and one UPDATE):
    gap-free and unique on the same terms as ``allocate_number``, whose
    precondition and lock it shares. Every number must be used by a document
    of the same transaction, or the transaction rolled back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number must run inside transaction.atomic()")
    if count < 1:
        raise ValueError("allocate at least one number")
    sequence = _locked_sequence(kind, fiscal_year)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return range(first, sequence.last_number + 1)


def _locked_sequence(kind: str, fiscal_year: int) -> DocumentSequence:
    rows = DocumentSequence.objects.select_for_update()
    try:
        return rows.get(kind=kind, fiscal_year=fiscal_year)
    except DocumentSequence.DoesNotExist:
        pass
    try:
        # A savepoint, so losing the race below leaves the caller's
        # transaction usable. The new row is invisible to others, and theirs
        # to us, until commit: a concurrent creator blocks on the unique
        # constraint, then gets IntegrityError once the winner commits.
        with transaction.atomic():
            return DocumentSequence.objects.create(kind=kind, fiscal_year=fiscal_year)
    except IntegrityError:
        return rows.get(kind=kind, fiscal_year=fiscal_year)


def format_document_number(prefix: str, fiscal_year: int, n: int) -> str:
    """``format_document_number("INV", 2026, 123)`` -> ``"INV-2026-000123"``."""
    if n < 1:
        raise ValueError("document numbers start at 1")
    return f"{prefix}-{fiscal_year}-{n:06d}"
