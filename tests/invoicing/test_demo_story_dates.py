"""The demo tells its story in order: no worker order is dated after the
work it orders was approved, none after the payment that settles it, and
every deadline falls in business hours."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from invoicing.models import PayoutLine, WorkerOrder


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def test_worker_orders_are_dated_before_the_work_and_its_payment(demo):
    orders = WorkerOrder.objects.exclude(number="").select_related("subtask")
    assert orders
    for order in orders:
        approved = order.subtask.approved_at
        if approved is not None:
            assert order.order_date <= timezone.localtime(approved).date(), order
        for line in PayoutLine.objects.filter(order=order, statement__isnull=False):
            assert order.order_date <= line.statement.pay_date, order
        due = timezone.localtime(order.delivery_due)
        assert 9 <= due.hour <= 18, (order, due)


def test_running_the_demo_again_moves_no_order(demo):
    before = list(WorkerOrder.objects.order_by("pk").values_list("order_date", "pk"))
    call_command("seed_demo", stdout=StringIO())
    after = list(WorkerOrder.objects.order_by("pk").values_list("order_date", "pk"))
    assert before == after
