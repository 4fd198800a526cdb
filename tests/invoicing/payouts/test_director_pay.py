"""Directors who are veteran workers are paid for directing, on the same
payout statement as their worker rewards; staff directors are not."""

import datetime
from decimal import Decimal

from django.utils import timezone

from engagements.models import Engagement, Quote
from engagements.services import work
from engagements.signals import engagement_completed
from invoicing.models import PayoutLine
from invoicing.services import payouts

from .factories import (
    approved_subtask,
    assigned_subtask,
    make_worker,
    planning_engagement,
    submit,
)


def test_a_veteran_is_paid_a_review_fee_per_reviewed_submission(
    operator, director, yamada, finance
):
    veteran = make_worker(
        "veteran", legal_name="古参 次郎", roles=("worker", "director")
    )
    engagement = planning_engagement(director=veteran)
    subtask = assigned_subtask(director=veteran, worker=yamada, engagement=engagement)
    work.review_request_revision(
        submission=submit(subtask, yamada), by=veteran, reason="見出しを直してください"
    )
    work.review_approve(submission=submit(subtask, yamada), by=veteran, rating=4)
    # The veteran's own work as a worker, under a staff director.
    own = approved_subtask(director=director, worker=veteran, reward=30_000)
    pay_date = PayoutLine.objects.get(subtask=own).pay_date

    statements = {
        s.worker: s for s in payouts.payout_run(pay_date=pay_date, by=finance)
    }

    lines = statements[veteran].lines.order_by("kind", "id")
    assert [(line.kind, line.amount) for line in lines] == [
        ("review_fee", 500),
        ("review_fee", 500),
        ("reward", 30_000),
    ]
    assert lines[0].description == "レビュー：記事 1（第1版）"
    # Directing is not a withheld kind of work; the writing reward is.
    assert statements[veteran].withholding_base == 30_000
    assert statements[veteran].subtotal == 31_000


def test_a_staff_director_earns_no_payout_lines(operator, director, yamada, finance):
    approved_subtask(director=director, worker=yamada)
    assert payouts.payout_lines_collect_reviews() == 0
    assert not PayoutLine.objects.filter(worker=director).exists()


def test_collecting_review_fees_twice_pays_each_review_once(operator, yamada):
    veteran = make_worker("veteran", roles=("worker", "director"))
    approved_subtask(director=veteran, worker=yamada)
    assert payouts.payout_lines_collect_reviews() == 1
    assert payouts.payout_lines_collect_reviews() == 0


def test_a_share_of_the_direction_fee_when_the_operator_pays_so(operator, yamada):
    operator.director_pay_mode = "fee_share"
    operator.director_fee_share = Decimal("0.3000")
    operator.save()
    veteran = make_worker("veteran", roles=("worker", "director"))
    engagement = planning_engagement(director=veteran)
    Quote.objects.create(
        engagement=engagement,
        state=Quote.State.ACCEPTED,
        valid_until=datetime.date(2026, 12, 31),
        direction_fee_kind="rate",
        work_subtotal=198_000,
        direction_fee=19_800,
        created_by=engagement.sales_owner,
    )
    Engagement.objects.filter(pk=engagement.pk).update(completed_at=timezone.now())
    engagement.refresh_from_db()

    engagement_completed.send(sender=Engagement, engagement=engagement)
    engagement_completed.send(sender=Engagement, engagement=engagement)

    [line] = PayoutLine.objects.filter(worker=veteran)
    assert (line.kind, line.amount, line.description) == (
        "direction_share",
        5_940,
        "ディレクション：オウンドメディア記事",
    )
    assert payouts.payout_lines_collect_reviews() == 0  # not paid both ways
