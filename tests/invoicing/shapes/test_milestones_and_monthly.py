"""Milestone billing (着手金・中間金・残金) and monthly fixed fees: each
accepted milestone is billed once, at the first close after its acceptance;
a monthly fee is billed at every close until the engagement ends."""

import pytest
from django.core.exceptions import PermissionDenied

from engagements.models import Milestone, QuoteLine
from engagements.services.delivery import engagement_cancel
from engagements.services.milestones import milestone_accept
from enterprise.fsm import TransitionRefused
from enterprise.models import AuditLog
from invoicing.models import Invoice
from invoicing.models.billing import LineKind
from invoicing.services.billing_close import month_close
from tests.invoicing.billing.factories import client, contact_for

from .helpers import period, running_engagement

M, MONTHLY = QuoteLine.Billing.MILESTONE, QuoteLine.Billing.MONTHLY


def _close(months_ahead):
    name, today = period(months_ahead)
    return month_close(period=name, today=today)


def _lines(result):
    invoice = Invoice.objects.get(number=result.issued[0])
    return [(line.description, line.amount) for line in invoice.lines.all()], invoice


@pytest.mark.django_db
def test_each_milestone_is_billed_once_at_the_close_after_its_acceptance(
    operator, sample
):
    engagement, (start, middle, rest) = running_engagement(
        sample,
        "ブランドサイト制作",
        [("着手金", 300_000, M), ("中間金", 300_000, M), ("残金", 400_000, M)],
    )
    contact = contact_for(sample, "client-1")
    assert _close(0).issued == []  # nothing accepted yet: no invoice

    milestone_accept(line=start, by=contact)
    lines, invoice = _lines(_close(1))
    # 着手金 and the 10% direction fee on it; tax once: 330,000 × 10%.
    assert lines == [
        ("着手金", 300_000),
        ("進行管理費（マイルストーン・月額）", 30_000),
    ]
    assert (invoice.subtotal, invoice.tax, invoice.total) == (330_000, 33_000, 363_000)
    assert _close(2).issued == []  # billed once

    milestone_accept(line=middle, by=contact)
    milestone_accept(line=rest, by=contact)
    lines, _invoice = _lines(_close(3))
    assert [text for text, _amount in lines] == ["中間金", "残金", lines[2][0]]
    assert sum(amount for _t, amount in lines) == 770_000
    assert _close(4).issued == []
    assert Invoice.objects.count() == 2
    assert AuditLog.objects.filter(action="engagements.milestone.accepted").count() == 3


@pytest.mark.django_db
def test_a_milestone_is_accepted_once_and_only_by_the_client_or_sales(operator, sample):
    other = contact_for(client("株式会社ベツ"), "client-other")
    _engagement, (start,) = running_engagement(sample, "ロゴ", [("着手金", 50_000, M)])
    with pytest.raises(PermissionDenied):
        milestone_accept(line=start, by=other)
    milestone_accept(line=start, by=contact_for(sample, "client-1"))
    with pytest.raises(TransitionRefused):
        milestone_accept(line=start, by=contact_for(sample, "client-2"))
    assert Milestone.objects.get(quote_line=start).state == Milestone.State.ACCEPTED


@pytest.mark.django_db
def test_a_monthly_fee_is_billed_every_close_until_the_engagement_ends(
    operator, sample, sales
):
    engagement, _lines_ = running_engagement(
        sample, "オウンドメディア運用", [("月額運用費", 80_000, MONTHLY)]
    )
    for months_ahead in (0, 1):
        lines, invoice = _lines(_close(months_ahead))
        assert lines[0][1] == 80_000 and lines[0][0].startswith("月額運用費（")
        assert lines[1] == ("進行管理費（マイルストーン・月額）", 8_000)
        assert invoice.lines.first().kind == LineKind.MONTHLY
    assert month_close(period=period(1)[0], today=period(1)[1]).issued == []
    engagement_cancel(engagement=engagement, by=sales, reason="先方の事業終了")
    assert _close(2).issued == []
    assert Invoice.objects.count() == 2


@pytest.mark.django_db
def test_completion_bills_nothing_twice_when_every_line_was_a_milestone(
    operator, sample
):
    from django.utils import timezone

    from engagements.models import Engagement

    engagement, (start, rest) = running_engagement(
        sample, "ロゴ制作", [("着手金", 50_000, M), ("残金", 50_000, M)]
    )
    contact = contact_for(sample, "client-1")
    milestone_accept(line=start, by=contact)
    milestone_accept(line=rest, by=contact)
    Engagement.objects.filter(pk=engagement.pk).update(
        state=Engagement.State.COMPLETED, completed_at=timezone.now()
    )
    lines, invoice = _lines(_close(0))
    assert sum(amount for _text, amount in lines) == 110_000  # + 10% fee
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.INVOICED
    assert _close(1).issued == [] and Invoice.objects.count() == 1
