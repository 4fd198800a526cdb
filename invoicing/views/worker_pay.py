"""The worker dashboard's pay section (workers.views.DASHBOARD): what the
worker earned this month and the next pay date with its amount."""

import datetime

from django.db.models import Sum
from django.utils import timezone

from enterprise.calendar import month_end

from ..models import PayoutLine, PayoutStatement
from ..selectors.payouts import WAITING


def worker_pay_section(request) -> dict:
    """Earned this month: the work received (approved) this month, before
    fees and withholding. Next pay: the earliest pay date still to come, its
    issued statements' net or, before they are issued, the lines' amount."""
    user = request.user
    today = timezone.localdate()
    start = today.replace(day=1)
    mine = PayoutLine.objects.filter(worker=user)
    earned = mine.filter(
        received_on__gte=start, received_on__lte=month_end(today.year, today.month)
    ).aggregate(total=Sum("amount", default=0))["total"]
    return {"earned": earned, "month": start, **_next_pay(user, mine, today)}


def _next_pay(user, mine, today: datetime.date) -> dict:
    statement = (
        PayoutStatement.objects.filter(
            worker=user, state=PayoutStatement.State.ISSUED, pay_date__gte=today
        )
        .order_by("pay_date")
        .values("pay_date")
        .annotate(net=Sum("net"))
        .first()
    )
    line = (
        mine.filter(state__in=WAITING, pay_date__gte=today)
        .order_by("pay_date")
        .values("pay_date")
        .annotate(amount=Sum("amount"))
        .first()
    )
    if statement and (line is None or statement["pay_date"] <= line["pay_date"]):
        return {"next_date": statement["pay_date"], "next_amount": statement["net"],
                "next_is_net": True}  # fmt: skip
    if line:
        return {"next_date": line["pay_date"], "next_amount": line["amount"],
                "next_is_net": False}  # fmt: skip
    return {"next_date": None, "next_amount": 0, "next_is_net": False}
