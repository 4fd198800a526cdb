"""The payout run through the services: accepted → ordered, approved →
scheduled, run → one statement per worker, transfer confirmed → paid."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from engagements.models import Subtask
from enterprise.audit import timeline_for
from enterprise.calendar import closing_date_for, nominal_payment_date, shift
from invoicing.models import PayoutLine, PayoutStatement, WorkerOrder
from invoicing.services import payouts

from .factories import approved_subtask, assigned_subtask, make_line


def _expected_pay_date(received_on: datetime.date) -> datetime.date:
    # 月末締め翌月末払い, moved to the previous business day.
    closing = closing_date_for(received_on, 0)
    return shift(nominal_payment_date(closing, 1, 0), "previous")


def test_an_approved_subtask_is_ordered_scheduled_paid(
    operator, director, yamada, finance, django_capture_on_commit_callbacks
):
    subtask = assigned_subtask(director=director, worker=yamada, reward=50_000)
    order = WorkerOrder.objects.get(subtask=subtask)
    assert (order.state, order.reward, order.worker_name) == (
        "issued",
        50_000,
        "山田 太郎",
    )

    approved = approved_subtask(director=director, worker=yamada, reward=80_000)
    line = PayoutLine.objects.get(subtask=approved)
    today = line.received_on
    assert (line.amount, line.state, line.flags) == (80_000, "scheduled", [])
    assert line.pay_date == _expected_pay_date(today)

    statements = payouts.payout_run(pay_date=line.pay_date, by=finance)
    assert len(statements) == 1
    statement = statements[0]
    # Writing, registered individual: 80,000 + 8,000 tax; 8,168 withheld.
    assert (statement.subtotal, statement.consumption_tax, statement.gross) == (
        80_000,
        8_000,
        88_000,
    )
    assert (statement.withholding, statement.net) == (8_168, 79_832)
    line.refresh_from_db()
    assert (line.state, line.statement) == ("on_statement", statement)

    payouts.payout_confirm_transfer(statement=statement, by=finance)
    statement.refresh_from_db()
    approved.refresh_from_db()
    line.refresh_from_db()
    assert (statement.state, statement.paid_by) == ("paid", finance)
    assert approved.state == Subtask.State.PAID
    assert line.state == "paid"
    assert "engagements.subtask.paid" in [e.action for e in timeline_for(approved)]


def test_one_statement_per_worker_and_a_second_run_issues_nothing(
    operator, yamada, sato, finance
):
    pay = datetime.date(2026, 4, 30)
    for amount in (30_000, 20_000):
        make_line(
            yamada, amount=amount, received_on=datetime.date(2026, 3, 5), pay_date=pay
        )
    make_line(sato, amount=100_000, received_on=datetime.date(2026, 3, 9), pay_date=pay)

    made = payouts.payout_run(pay_date=pay, by=finance)

    assert sorted((s.worker.username, s.subtotal) for s in made) == [
        ("sato", 100_000),
        ("yamada", 50_000),
    ]
    assert payouts.payout_run(pay_date=pay, by=finance) == []
    assert PayoutStatement.objects.count() == 2


def test_numbers_are_gapless_per_fiscal_year(operator, yamada, sato, finance):
    pay = datetime.date(2026, 4, 30)
    make_line(
        yamada, amount=10_000, received_on=datetime.date(2026, 3, 5), pay_date=pay
    )
    make_line(sato, amount=10_000, received_on=datetime.date(2026, 3, 5), pay_date=pay)
    made = payouts.payout_run(pay_date=pay, by=finance)
    assert sorted(s.number for s in made) == ["PS-2026-000001", "PS-2026-000002"]


def test_held_lines_wait_until_finance_records_a_reason(operator, yamada, finance):
    pay = datetime.date(2026, 4, 30)
    line = make_line(
        yamada,
        amount=10_000,
        received_on=datetime.date(2026, 2, 1),
        pay_date=pay,
        state="held",
        flags=["beyond_limit"],
    )
    assert payouts.payout_run(pay_date=pay, by=finance) == []

    with pytest.raises(payouts.PayoutError):
        payouts.payout_line_release(line=line, by=finance, reason=" ")
    payouts.payout_line_release(
        line=line, by=finance, reason="検収遅延。受託者了承済み"
    )
    made = payouts.payout_run(pay_date=pay, by=finance)

    assert [s.net for s in made] == [10_000 + 1_000 - 1_021]
    entry = [e for e in timeline_for(line) if e.action.endswith("released")][0]
    assert (entry.actor, entry.reason) == (finance, "検収遅延。受託者了承済み")


def test_a_pay_date_on_a_bank_holiday_is_refused(operator, finance):
    with pytest.raises(payouts.PayoutError) as error:
        payouts.payout_run(pay_date=datetime.date(2026, 5, 31), by=finance)
    assert "2026/05/31" in error.value.messages[0]


@pytest.mark.parametrize("role", ["worker", "director", "sales"])
def test_only_finance_runs_payouts_and_confirms_transfers(operator, yamada, role):
    from tests.engagements.factories import user_with_roles

    someone = user_with_roles(f"{role}-x", role)
    with pytest.raises(PermissionDenied):
        payouts.payout_run(pay_date=datetime.date(2026, 4, 30), by=someone)
    line = make_line(
        yamada,
        amount=10_000,
        received_on=datetime.date(2026, 3, 5),
        pay_date=datetime.date(2026, 4, 30),
    )
    with pytest.raises(PermissionDenied):
        payouts.payout_line_release(line=line, by=someone, reason="x")


def test_statement_pdf_is_rendered_after_commit_and_the_worker_mailed(
    operator, yamada, finance, django_capture_on_commit_callbacks, mailoutbox
):
    pay = datetime.date(2026, 4, 30)
    make_line(
        yamada, amount=50_000, received_on=datetime.date(2026, 3, 5), pay_date=pay
    )
    with django_capture_on_commit_callbacks(execute=True):
        [statement] = payouts.payout_run(pay_date=pay, by=finance)
    statement.refresh_from_db()
    assert len(statement.pdf_sha256) == 64
    assert mailoutbox[-1].subject == "【元請】支払通知書 PS-2026-000001"
    assert "49,895" in mailoutbox[-1].body


def test_confirming_a_transfer_audits_each_paid_line(operator, yamada, finance):
    pay = datetime.date(2026, 4, 30)
    lines = [
        make_line(yamada, amount=amount, received_on=datetime.date(2026, 3, 5),
                  pay_date=pay)
        for amount in (30_000, 20_000)
    ]  # fmt: skip
    (statement,) = payouts.payout_run(pay_date=pay, by=finance)
    payouts.payout_confirm_transfer(statement=statement, by=finance)
    for line in lines:
        (row,) = [
            r for r in timeline_for(line) if r.action == "invoicing.payout_line.paid"
        ]
        assert (row.actor, row.from_state, row.to_state, row.data) == (
            finance, "on_statement", "paid", {"statement": statement.number},
        )  # fmt: skip
