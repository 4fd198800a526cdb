"""Cancelling an engagement bills the client for the work approved before it,
under the quote's cancellation terms, at the next close, once; finance may
write that off instead, only with a reason, on the record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements.models import QuoteLine, Subtask
from engagements.services.delivery import engagement_cancel
from enterprise.models import AuditLog
from invoicing.models import CancellationCharge, Invoice
from invoicing.services.billing_close import month_close
from invoicing.services.billing_shapes import cancellation_write_off

from .helpers import period, running_engagement

DONE, WORKING = Subtask.State.APPROVED, Subtask.State.ASSIGNED
COMPLETION = QuoteLine.Billing.COMPLETION


@pytest.mark.django_db
def test_a_cancelled_engagement_bills_its_approved_work_per_the_terms(
    operator, sample, sales
):
    engagement, _lines = running_engagement(
        sample,
        "記事100本",
        [("記事作成", 1_000_000, COMPLETION)],
        rewards=[(100_000, DONE), (300_000, WORKING)],
        cancellation_rate="0.5",
    )
    engagement_cancel(engagement=engagement, by=sales, reason="予算凍結")
    charge = CancellationCharge.objects.get(engagement=engagement)
    assert charge.state == CancellationCharge.State.PENDING

    name, today = period(0)
    invoice = Invoice.objects.get(
        number=month_close(period=name, today=today).issued[0]
    )
    # 1,000,000 quoted × 100,000 / 400,000 approved × 50% = 125,000.
    assert [(line.description, line.amount) for line in invoice.lines.all()] == [
        ("解約前に承認済みの作業：記事100本", 125_000)
    ]
    assert (invoice.total, invoice.worker_cost) == (137_500, 100_000)
    charge.refresh_from_db()
    assert (charge.state, charge.amount, charge.invoice) == ("billed", 125_000, invoice)
    name, today = period(1)
    assert month_close(period=name, today=today).issued == []  # billed once
    with pytest.raises(ValidationError):
        cancellation_write_off(charge=charge, reason="重複", by=_finance())


def _finance():
    from tests.invoicing.billing.factories import user_with_roles

    return user_with_roles("finance-x", "finance")


@pytest.mark.django_db
def test_work_nobody_is_billed_for_waits_until_finance_writes_it_off(
    operator, sample, sales, finance
):
    engagement, _lines = running_engagement(
        sample,
        "翻訳",
        [("翻訳", 200_000, COMPLETION)],
        rewards=[(50_000, DONE)],
        cancellation_rate="0",
    )
    engagement_cancel(engagement=engagement, by=sales, reason="重複発注")
    name, today = period(0)
    assert month_close(period=name, today=today).issued == []
    charge = CancellationCharge.objects.get(engagement=engagement)
    assert charge.state == CancellationCharge.State.PENDING  # still owed

    with pytest.raises(PermissionDenied):
        cancellation_write_off(charge=charge, reason="理由", by=sales)
    with pytest.raises(ValidationError):
        cancellation_write_off(charge=charge, reason="  ", by=finance)
    cancellation_write_off(charge=charge, reason="当社都合の解約のため", by=finance)
    charge.refresh_from_db()
    assert (charge.state, charge.reason, charge.decided_by) == (
        "written_off",
        "当社都合の解約のため",
        finance,
    )
    row = AuditLog.objects.get(action="invoicing.cancellation_charge.written_off")
    assert (row.reason, row.actor) == ("当社都合の解約のため", finance)


@pytest.mark.django_db
def test_a_cancellation_without_approved_work_owes_nothing(operator, sample, sales):
    engagement, _lines = running_engagement(
        sample, "動画", [("動画編集", 90_000, COMPLETION)], rewards=[(30_000, WORKING)]
    )
    engagement_cancel(engagement=engagement, by=sales, reason="中止")
    assert not CancellationCharge.objects.exists()
