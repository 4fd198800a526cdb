"""The worker's dashboard answers "what do I earn and when am I paid": this
month's earnings and the next pay date with its amount, for that worker only."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from enterprise.templatetags.motouke import jdate, yen
from invoicing.models import PayoutLine


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def test_worker_dashboard_shows_earnings_and_the_next_pay(client, demo):
    today = timezone.localdate()
    line = (
        PayoutLine.objects.filter(state="scheduled", pay_date__gte=today)
        .exclude(worker__payout_statements__state="issued")
        .order_by("pay_date")
        .first()
    )
    worker = line.worker
    first = (
        PayoutLine.objects.filter(
            worker=worker, state__in=["scheduled", "held"], pay_date__gte=today
        )
        .order_by("pay_date")
        .first()
    )
    due = PayoutLine.objects.filter(
        worker=worker, state__in=["scheduled", "held"], pay_date=first.pay_date
    ).aggregate(total=Sum("amount"))["total"]
    earned = PayoutLine.objects.filter(
        worker=worker, received_on__gte=today.replace(day=1), received_on__lte=today
    ).aggregate(total=Sum("amount", default=0))["total"]
    client.force_login(worker)
    page = client.get("/workers/").content.decode()
    section = page[page.index('id="my-pay"') :]
    assert "次回のお支払い" in section
    assert yen(due) in section
    assert jdate(first.pay_date) in section
    assert yen(earned) in section
