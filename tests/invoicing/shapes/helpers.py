"""Engagements under way with an accepted quote whose lines are billed in
different shapes (on completion, at milestones, monthly)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from engagements.models import Engagement, Quote, QuoteLine, Subtask
from engagements.services.quotes import quote_amounts
from enterprise.calendar import add_months, month_end
from tests.factories import UserFactory
from tests.invoicing.billing.factories import at, category


def running_engagement(company, title, lines, *, rewards=(), cancellation_rate="1"):
    """An engagement in progress, contracted today, with an accepted quote of
    ``lines`` ((description, yen, billing) each) and subtasks of ``rewards``
    ((yen, state) each)."""
    sales = UserFactory()
    today = timezone.localdate()
    engagement = Engagement.objects.create(
        client=company, title=title, category=category(), purpose="目的",
        deliverables="成果物", acceptance_criteria="基準",
        deadline=today + datetime.timedelta(days=90), budget=1_000_000,
        sales_owner=sales, state=Engagement.State.IN_PROGRESS,
        contracted_at=timezone.now(),
    )  # fmt: skip
    quote = Quote.objects.create(
        engagement=engagement, state=Quote.State.ACCEPTED, number=f"Q-{engagement.pk}",
        valid_until=today, created_by=sales,
        direction_fee_kind=company.direction_fee_kind,
        direction_fee_rate=company.direction_fee_rate,
        direction_fee_fixed=company.direction_fee_amount,
        tax_rounding=company.tax_rounding,
        cancellation_rate=Decimal(cancellation_rate),
    )  # fmt: skip
    saved = [
        QuoteLine.objects.create(
            quote=quote,
            position=i,
            description=text,
            quantity=Decimal(1),
            unit="式",
            unit_price=amount,
            billing=billing,
        )  # fmt: skip
        for i, (text, amount, billing) in enumerate(lines)
    ]
    for field, value in quote_amounts(quote, saved).items():
        setattr(quote, field, value)
    quote.save()
    for n, (reward, state) in enumerate(rewards, start=1):
        Subtask.objects.create(
            engagement=engagement, title=f"{title} 作業{n}", instructions="指示",
            deliverable_spec="仕様", reward=reward, due_at=at(today), state=state,
        )  # fmt: skip
    return engagement, saved


def period(months_ahead: int = 0) -> tuple[str, datetime.date]:
    """("YYYY-MM", the day after its month end) for this month + ``months_ahead``
    (the sample client closes at the month end)."""
    today = timezone.localdate()
    year, month = add_months(today.year, today.month, months_ahead)
    return f"{year:04d}-{month:02d}", month_end(year, month) + datetime.timedelta(1)
