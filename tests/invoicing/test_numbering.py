"""Document numbers: gapless and unique, also under concurrent issuing."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from invoicing.models import DocumentSequence
from invoicing.numbering import (
    allocate_number,
    allocate_numbers,
    format_document_number,
)


class _Rollback(Exception):
    pass


def test_numbers_count_up_from_one_per_kind_and_fiscal_year(db):
    with transaction.atomic():
        numbers = [allocate_number(kind="invoice", fiscal_year=2026) for _ in range(3)]
        other_kind = allocate_number(kind="credit_note", fiscal_year=2026)
        next_year = allocate_number(kind="invoice", fiscal_year=2027)

    assert numbers == [1, 2, 3]
    assert (other_kind, next_year) == (1, 1)
    assert (
        DocumentSequence.objects.get(kind="invoice", fiscal_year=2026).last_number == 3
    )


def test_a_block_of_numbers_continues_the_sequence_without_gaps(db):
    with transaction.atomic():
        assert allocate_number(kind="payout_statement", fiscal_year=2026) == 1
        block = allocate_numbers(kind="payout_statement", fiscal_year=2026, count=3)
        after = allocate_number(kind="payout_statement", fiscal_year=2026)
    assert list(block) == [2, 3, 4] and after == 5
    with pytest.raises(_Rollback), transaction.atomic():
        allocate_numbers(kind="payout_statement", fiscal_year=2026, count=50)
        raise _Rollback  # the chunk failed: its block is given back
    with transaction.atomic():
        assert allocate_number(kind="payout_statement", fiscal_year=2026) == 6


def test_a_rolled_back_document_gives_its_number_back(db):
    with transaction.atomic():
        assert allocate_number(kind="invoice", fiscal_year=2026) == 1
    with pytest.raises(_Rollback), transaction.atomic():
        assert allocate_number(kind="invoice", fiscal_year=2026) == 2
        raise _Rollback  # e.g. the invoice failed validation after numbering

    with transaction.atomic():
        assert allocate_number(kind="invoice", fiscal_year=2026) == 2


def test_the_first_number_of_a_year_rolled_back_leaves_no_row(db):
    with pytest.raises(_Rollback), transaction.atomic():
        allocate_number(kind="invoice", fiscal_year=2030)
        raise _Rollback

    assert not DocumentSequence.objects.filter(fiscal_year=2030).exists()


def test_an_existing_sequence_continues(db):
    DocumentSequence.objects.create(kind="invoice", fiscal_year=2026, last_number=122)

    with transaction.atomic():
        n = allocate_number(kind="invoice", fiscal_year=2026)

    assert format_document_number("INV", 2026, n) == "INV-2026-000123"


@pytest.mark.django_db(transaction=True)
def test_allocating_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        allocate_number(kind="invoice", fiscal_year=2026)

    assert not DocumentSequence.objects.exists()


def test_sequence_rows_are_unique_per_kind_and_year(db):
    DocumentSequence.objects.create(kind="invoice", fiscal_year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentSequence.objects.create(kind="invoice", fiscal_year=2026)


def test_document_numbers_are_zero_padded_to_six_digits():
    assert format_document_number("INV", 2026, 1) == "INV-2026-000001"
    assert format_document_number("CN", 2026, 999_999) == "CN-2026-999999"
    assert format_document_number("INV", 2026, 1_000_000) == "INV-2026-1000000"
    with pytest.raises(ValueError):
        format_document_number("INV", 2026, 0)


def _allocate_in_threads(count: int, *, roll_back=lambda i: False) -> list[int]:
    """``count`` threads, each on its own connection and transaction, released
    together; returns the numbers of the transactions that committed."""
    start = threading.Barrier(count)
    committed, errors = [], []

    def issue(i: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                n = allocate_number(kind="invoice", fiscal_year=2026)
                if roll_back(i):
                    raise _Rollback
            committed.append(n)
        except _Rollback:
            pass
        except Exception as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return committed


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks (SELECT ... FOR UPDATE) and concurrent writers: "
    "PostgreSQL; SQLite serialises whole-database writes instead",
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_transactions_get_1_to_20():
    numbers = _allocate_in_threads(20)

    assert sorted(numbers) == list(range(1, 21))
    assert DocumentSequence.objects.get().last_number == 20


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_rollbacks_leave_no_gap():
    numbers = _allocate_in_threads(20, roll_back=lambda i: i % 2 == 1)

    assert sorted(numbers) == list(range(1, 11))
    assert DocumentSequence.objects.get().last_number == 10
