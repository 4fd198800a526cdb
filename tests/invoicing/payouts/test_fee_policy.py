"""The worker fee (システム利用料): flat, marginal tiers or none, per category and
format with a default; agreed on the order, deducted on the statement."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from invoicing.models import PayoutLine, WorkerFeePolicy, WorkerOrder
from invoicing.services import payouts
from invoicing.services.payouts.policy import fee_policy_for

from .factories import approved_subtask, assigned_subtask, category

TIERS = [[100_000, "0.20"], [200_000, "0.10"], [None, "0.05"]]


@pytest.fixture
def policies(db):
    writing = category("writing")
    WorkerFeePolicy.objects.create(kind="flat", rate=Decimal("0.10"))
    WorkerFeePolicy.objects.create(category=writing, kind="tiered", tiers=TIERS)
    WorkerFeePolicy.objects.create(work_format="task", kind="none")
    return writing


def test_the_most_specific_policy_wins(policies):
    design = category("design")
    assert fee_policy_for(category_id=policies.pk, work_format="project").kind == (
        "tiered"
    )
    assert fee_policy_for(category_id=design.pk, work_format="project").kind == "flat"
    assert fee_policy_for(category_id=design.pk, work_format="task").kind == "none"


def test_the_policy_is_written_on_the_order_in_words(policies):
    assert WorkerFeePolicy.objects.get(
        category__isnull=True, work_format=""
    ).describe() == ("報酬額（税抜）の10%")
    assert WorkerFeePolicy.objects.get(category=policies).describe() == (
        "報酬額（税抜）のうち、100,000円までの部分は20%、200,000円までの部分は10%、"
        "200,000円を超える部分は5%"
    )
    task_policy = WorkerFeePolicy.objects.get(work_format="task")
    assert task_policy.describe() == "システム利用料なし"


def test_tiers_that_do_not_rise_are_refused(db):
    policy = WorkerFeePolicy(kind="tiered", tiers=[[200_000, "0.1"], [100_000, "0.2"]])
    with pytest.raises(ValidationError):
        policy.clean()


def test_the_order_agrees_the_fee_and_the_statement_deducts_it(
    policies, operator, director, yamada, finance
):
    subtask = approved_subtask(director=director, worker=yamada, reward=250_000)
    order = WorkerOrder.objects.get(subtask=subtask)
    # 20% of 100,000 + 10% of 100,000 + 5% of 50,000.
    assert order.fee == 32_500
    assert order.fee_policy_text.startswith(
        "報酬額（税抜）のうち、100,000円までの部分は20%"
    )
    line = PayoutLine.objects.get(subtask=subtask)
    [statement] = payouts.payout_run(pay_date=line.pay_date, by=finance)
    # 275,000 gross − 32,500 fee − 25,525 withheld (10.21% of 250,000).
    assert (statement.gross, statement.fee, statement.withholding, statement.net) == (
        275_000,
        32_500,
        25_525,
        216_975,
    )


def test_a_later_version_keeps_the_agreed_policy(policies, operator, director, yamada):
    subtask = assigned_subtask(director=director, worker=yamada, reward=100_000)
    order = WorkerOrder.objects.get(subtask=subtask)
    assert order.fee == 20_000
    WorkerFeePolicy.objects.filter(category=policies).update(tiers=[[None, "0.50"]])
    new = payouts.worker_order_revise(
        order=order, by=director, reason="図版を追加", reward=150_000
    )
    assert new.fee == 25_000  # the agreed tiers, not the table's new 50%
