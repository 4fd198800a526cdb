"""japan.md §3.6 F1–F11 through the payout services: pay dates and their
flags, orders refused without a due date, engagement-length duties, and
reductions refused when the transfer is confirmed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from enterprise.freelance import DueDateFlag, notice_days
from invoicing.models import PayoutLine, WorkerOrder
from invoicing.services import payouts
from invoicing.services.payouts import pay_date_for

from .factories import approved_subtask, assigned_subtask, make_line, make_worker

D = datetime.date


def _line(worker, received_on):
    return make_line(
        worker, amount=100_000, received_on=received_on, pay_date=received_on
    )


def test_f1_day_60_on_a_sunday_is_paid_the_friday_before(operator, yamada, finance):
    line = _line(yamada, D(2025, 5, 15))
    line = payouts.payout_line_reschedule(
        line=line, by=finance, pay_date=D(2025, 7, 13)
    )
    assert (line.latest_legal_date, line.pay_date, line.flags) == (
        D(2025, 7, 13),
        D(2025, 7, 11),
        [],
    )


def test_f1_paying_on_the_monday_after_is_the_agreed_next_business_day_rule(
    operator, yamada, finance
):
    # The rule is printed on every worker order: agreed in writing beforehand.
    operator.payout_holiday_rule = "next"
    operator.save()
    line = _line(yamada, D(2025, 5, 15))
    line = payouts.payout_line_reschedule(
        line=line, by=finance, pay_date=D(2025, 7, 13)
    )
    assert (line.pay_date, line.flags) == (D(2025, 7, 14), [])


def test_p2_a_five_day_new_year_postponement_is_never_allowed(
    operator, yamada, finance
):
    operator.payout_holiday_rule = "next"
    operator.save()
    # Day 60 of a 2025-11-05 receipt is 2026-01-03; 12-31 moves to 01-05.
    line = _line(yamada, D(2025, 11, 5))
    with pytest.raises(payouts.PayoutError) as error:
        payouts.payout_line_reschedule(line=line, by=finance, pay_date=D(2025, 12, 31))
    assert error.value.code == "reason_required"
    line = payouts.payout_line_reschedule(
        line=line, by=finance, pay_date=D(2025, 12, 31), reason="受託者の依頼"
    )
    assert line.pay_date == D(2026, 1, 5)
    assert line.flags == [DueDateFlag.POSTPONEMENT_TOO_LONG]
    assert line.late_reason == "受託者の依頼"


def test_f2_receipt_on_january_31_may_be_paid_by_march_31(operator, yamada, finance):
    line = _line(yamada, D(2026, 1, 31))
    line = payouts.payout_line_reschedule(
        line=line, by=finance, pay_date=D(2026, 3, 31)
    )
    assert (line.latest_legal_date, line.flags) == (D(2026, 3, 31), [])
    with pytest.raises(payouts.PayoutError):
        payouts.payout_line_reschedule(line=line, by=finance, pay_date=D(2026, 4, 1))


def test_f3_month_end_close_paid_next_month_end_complies(operator):
    check = pay_date_for(received_on=D(2025, 10, 1), today=D(2025, 10, 1))
    # 2025-11-30 is day 61 counting 10-01 as day 1: compliant as "2 months".
    assert (check.latest, check.pay_on, check.flags) == (
        D(2025, 11, 30),
        D(2025, 11, 28),
        frozenset(),
    )
    late = pay_date_for(received_on=D(2025, 10, 31), today=D(2025, 10, 31))
    assert (late.pay_on, late.flags) == (D(2025, 11, 28), frozenset())


def test_f4_paid_on_the_10th_two_months_later_is_flagged(operator):
    operator.payout_month_offset, operator.payout_pay_day = 2, 10
    operator.save()
    check = pay_date_for(received_on=D(2025, 10, 1), today=D(2025, 10, 1))
    assert check.pay_on == D(2025, 12, 10)
    assert check.flags == {DueDateFlag.BEYOND_LIMIT}


def test_f4_an_approved_subtask_on_such_terms_is_held_and_finance_told(
    operator, director, yamada, finance, mailoutbox, django_capture_on_commit_callbacks
):
    operator.payout_month_offset, operator.payout_pay_day = 2, 10
    operator.save()
    from django.utils import timezone

    # Received on the 1st: the 10th two months later is past day 60.
    first = timezone.localdate().replace(day=1)
    with django_capture_on_commit_callbacks(execute=True):
        subtask = approved_subtask(director=director, worker=yamada, submitted_on=first)
    line = PayoutLine.objects.get(subtask=subtask)
    assert (line.state, line.flags) == ("held", ["beyond_limit"])
    held_mail = [m for m in mailoutbox if finance.email in m.to]
    assert (
        held_mail[0].subject == f"【元請】支払期日の確認が必要です：{line.description}"
    )


def test_f5_close_on_the_20th_paid_on_the_5th_two_months_later_is_flagged(operator):
    operator.payout_closing_day = 20
    operator.payout_month_offset, operator.payout_pay_day = 2, 5
    operator.save()
    check = pay_date_for(received_on=D(2025, 9, 21), today=D(2025, 9, 21))
    assert check.pay_on == D(2025, 12, 5)
    assert check.flags == {DueDateFlag.BEYOND_LIMIT}


def test_f6_a_disclosed_redelegation_pays_within_30_days_of_the_clients_due_date(
    operator,
):
    check = pay_date_for(
        received_on=D(2026, 3, 20),
        today=D(2026, 3, 20),
        redelegation_due=D(2026, 3, 31),
    )
    assert check.latest == D(2026, 4, 29)
    # The month-end calendar pays on 04-30: one day too late under 法4条3項.
    assert (check.pay_on, check.flags) == (D(2026, 4, 30), {DueDateFlag.BEYOND_LIMIT})


def test_f7_an_order_without_a_due_date_is_not_issued(operator, director, yamada):
    subtask = assigned_subtask(director=director, worker=yamada)
    issued = WorkerOrder.objects.get(subtask=subtask)
    draft = WorkerOrder.objects.create(
        **{
            f.attname: getattr(issued, f.attname)
            for f in WorkerOrder._meta.concrete_fields
            if f.name not in ("id", "state", "number", "pdf", "pdf_sha256")
        }
        | {"payment_due_date": None, "version": 2}
    )
    with pytest.raises(ValidationError) as error:
        payouts.worker_order_issue(order=draft, by=director)
    assert error.value.code == "due_date_required"
    assert error.value.messages == [
        "発注書を発行する前に、具体的な支払期日を設定してください。"
    ]
    draft.refresh_from_db()
    assert (draft.state, draft.number) == ("draft", "")


def _order(director, worker, days):
    from tests.engagements.factories import in_days

    subtask = assigned_subtask(director=director, worker=worker)
    order = WorkerOrder.objects.get(subtask=subtask)
    return payouts.worker_order_revise(
        order=order, by=director, reason="納期の変更", delivery_due=in_days(days)
    )


def test_f8_a_three_week_order_has_no_prohibited_act_duties(operator, director, yamada):
    order = _order(director, yamada, 21)
    assert (order.prohibited_acts_apply, order.notice_required) == (False, False)


def test_f9_a_seven_month_order_needs_30_days_notice(operator, director, yamada):
    order = _order(director, yamada, 213)
    assert (order.prohibited_acts_apply, order.notice_required) == (True, True)
    assert notice_days(order.order_date) == 30


def _issued_statement(worker, finance, amount):
    make_line(
        worker, amount=amount, received_on=D(2026, 3, 10), pay_date=D(2026, 4, 30)
    )
    [statement] = payouts.payout_run(pay_date=D(2026, 4, 30), by=finance)
    return statement


def test_f10_deducting_the_transfer_fee_without_agreement_is_a_reduction(
    operator, yamada, finance
):
    statement = _issued_statement(yamada, finance, 50_000)
    with pytest.raises(payouts.PayoutError) as error:
        payouts.payout_confirm_transfer(
            statement=statement,
            by=finance,
            transferred=statement.net - 440,
            transfer_fee=440,
        )
    assert error.value.code == "reduction"
    assert "振込手数料" in error.value.messages[0]
    statement.refresh_from_db()
    assert statement.state == "issued"


def test_f10_the_fee_may_be_deducted_where_the_order_says_the_worker_bears_it(
    operator, director, yamada, finance
):
    from engagements.services import work

    from .factories import submit

    subtask = assigned_subtask(director=director, worker=yamada)
    order = WorkerOrder.objects.get(subtask=subtask)
    payouts.worker_order_revise(
        order=order,
        by=director,
        reason="振込手数料の負担を合意",
        transfer_fee_payer="worker",
    )
    work.review_approve(submission=submit(subtask, yamada), by=director, rating=5)
    line = PayoutLine.objects.get(subtask=subtask)
    [statement] = payouts.payout_run(pay_date=line.pay_date, by=finance)
    payouts.payout_confirm_transfer(
        statement=statement,
        by=finance,
        transferred=statement.net - 440,
        transfer_fee=440,
    )
    statement.refresh_from_db()
    assert statement.state == "paid"


def test_f11_paying_a_round_figure_short_of_the_fee_is_a_reduction(operator, finance):
    operator.unregistered_worker_tax = "no_tax"
    operator.save()
    company = make_worker(
        "roundco",
        legal_name="合同会社ラウンド",
        kind="corporation",
        registration_number="",
    )
    statement = _issued_statement(company, finance, 123_456)
    assert statement.net == 123_456
    with pytest.raises(payouts.PayoutError) as error:
        payouts.payout_confirm_transfer(
            statement=statement, by=finance, transferred=123_400
        )
    assert error.value.code == "reduction"
    assert "支払額が合意した報酬額に足りません。" in error.value.messages[0]
