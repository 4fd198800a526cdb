"""japan.md §2.5 W1–W9 through the payout services: the statement figures,
the payout run and the per-line decision by kind of work."""

import datetime

import pytest

from invoicing.models import PayoutLine
from invoicing.services import payouts
from invoicing.services.payouts import LineInput, statement_figures
from invoicing.services.payouts.policy import withholding_for

from .factories import approved_subtask, make_line, make_worker

MARCH = datetime.date(2026, 3, 10)
PAY = datetime.date(2026, 4, 30)  # Thursday


def _figures(*lines, individual=True, separated=True, treatment="registered"):
    return statement_figures(
        lines=[LineInput(amount, subject, MARCH) for amount, subject in lines],
        treatment=treatment,
        individual=individual,
        pay_date=PAY,
        tax_separated=separated,
    )


def test_w1_writing_fee_with_tax_shown_separately(db):
    figures = _figures((50_000, True))
    assert (figures.consumption_tax, figures.gross) == (5_000, 55_000)
    assert (figures.withholding_base, figures.withholding) == (50_000, 5_105)
    assert figures.net == 49_895


def test_w1_through_a_payout_run(operator, yamada, finance):
    make_line(yamada, amount=50_000, received_on=MARCH, pay_date=PAY)
    [statement] = payouts.payout_run(pay_date=PAY, by=finance)
    assert (statement.gross, statement.withholding, statement.net) == (
        55_000,
        5_105,
        49_895,
    )
    assert statement.tax_separated is True


def test_w2_tax_inclusive_statement_withholds_on_the_whole(db):
    figures = _figures((50_000, True), separated=False)
    assert (figures.withholding_base, figures.withholding) == (55_000, 5_615)
    assert figures.net == 49_385


def test_w2_through_a_payout_run(operator, yamada, finance):
    make_line(yamada, amount=50_000, received_on=MARCH, pay_date=PAY)
    [statement] = payouts.payout_run(pay_date=PAY, by=finance, tax_separated=False)
    assert (statement.withholding, statement.net) == (5_615, 49_385)


@pytest.mark.parametrize(
    ("amount", "withheld"),
    [(999_999, 102_099), (1_000_000, 102_100), (1_000_001, 102_100)],
)
def test_w3_the_one_million_boundary(db, amount, withheld):
    assert _figures((amount, True)).withholding == withheld


def test_w4_design_fee_above_one_million(operator, sato, finance):
    make_line(
        sato, amount=1_500_000, received_on=MARCH, pay_date=PAY, category="design"
    )
    [statement] = payouts.payout_run(pay_date=PAY, by=finance)
    assert (statement.gross, statement.withholding, statement.net) == (
        1_650_000,
        204_200,
        1_445_800,
    )


def test_w5_only_the_design_line_of_a_statement_is_withheld(db):
    figures = _figures((100_000, True), (200_000, False))
    assert (figures.gross, figures.withholding, figures.net) == (
        330_000,
        10_210,
        319_790,
    )


def test_w5_decided_per_line_by_the_kind_of_work(operator, director, finance):
    """Design and coding for one worker: the worker orders decide per
    category, the statement withholds on the design line only."""
    worker = make_worker("both")
    design = approved_subtask(
        director=director,
        worker=worker,
        reward=100_000,
        engagement=_engagement(director, "design"),
    )
    coding = approved_subtask(
        director=director,
        worker=worker,
        reward=200_000,
        engagement=_engagement(director, "web-development"),
    )
    lines = {line.subtask_id: line for line in PayoutLine.objects.filter(worker=worker)}
    assert lines[design.pk].withholding_subject is True
    assert lines[coding.pk].withholding_subject is False

    [statement] = payouts.payout_run(pay_date=lines[design.pk].pay_date, by=finance)
    assert (statement.gross, statement.withholding, statement.net) == (
        330_000,
        10_210,
        319_790,
    )


def _engagement(director, code):
    from .factories import planning_engagement

    return planning_engagement(director=director, category_code=code)


def test_w6_programming_is_not_withheld(db):
    figures = _figures((300_000, False))
    assert (figures.withholding, figures.net) == (0, 330_000)
    assert withholding_for(category_code="system-development") == (
        False,
        "システム開発は204条1項の報酬に該当しない",
    )


def test_w7_nothing_is_withheld_from_a_company_but_it_counts_for_the_report(
    operator, finance
):
    company = make_worker(
        "kabushiki", legal_name="株式会社デザイン", kind="corporation"
    )
    make_line(
        company, amount=300_000, received_on=MARCH, pay_date=PAY, category="design"
    )
    [statement] = payouts.payout_run(pay_date=PAY, by=finance)
    assert (statement.withholding, statement.net) == (0, 330_000)
    assert payouts.payment_report_total(worker=company, year=2026) == 300_000
    assert payouts.payment_report_due(worker=company, year=2026) is True


def test_w8_twelve_monthly_payments_are_each_withheld_at_10_21(
    operator, yamada, finance
):
    from enterprise.calendar import month_end, shift

    withheld = []
    for month in range(1, 13):
        pay = shift(month_end(2026, month), "previous")
        received = month_end(2026, month) - datetime.timedelta(days=40)
        make_line(yamada, amount=500_000, received_on=received, pay_date=pay)
        [statement] = payouts.payout_run(pay_date=pay, by=finance)
        withheld.append(statement.withholding)
    assert withheld == [51_050] * 12
    assert payouts.payment_report_total(worker=yamada, year=2026) == 6_000_000


def test_w9_sub_yen_withholding_is_cut_off(db):
    assert _figures((33_333, True)).withholding == 3_403


def test_an_override_with_a_reason_changes_the_decision(operator, yamada, finance):
    line = make_line(
        yamada, amount=100_000, received_on=MARCH, pay_date=PAY, subject=True
    )
    with pytest.raises(payouts.PayoutError):
        payouts.payout_line_override_withholding(
            line=line, by=finance, subject=False, reason=""
        )
    payouts.payout_line_override_withholding(
        line=line, by=finance, subject=False, reason="コーディングのみの案件"
    )
    [statement] = payouts.payout_run(pay_date=PAY, by=finance)
    assert statement.withholding == 0
    line.refresh_from_db()
    assert line.withholding_override_reason == "コーディングのみの案件"
