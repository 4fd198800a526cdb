"""Demo only: worker orders follow the work's story.

The engagements demo moves finished work back a month or two (contract,
acceptance, approval), but the worker orders were issued when the demo ran,
so they were dated after the work they order and after its payment. Here
each order takes the dates its assignment now carries (the same terms the
order service computes) and its PDF is rendered again on first download.
Running it twice changes nothing: only orders whose date differs move.
"""

from __future__ import annotations

from enterprise.calendar import add_business_days
from enterprise.models import OperatorProfile

from .models import WorkerOrder
from .services.payouts._base import local_date
from .services.payouts.orders import INSPECTION_BUSINESS_DAYS, _due_date_for_delivery


def align_orders_with_work(*, stdout) -> None:
    operator = OperatorProfile.get()
    moved = 0
    orders = WorkerOrder.objects.exclude(number="").select_related("assignment")
    for order in orders:
        assignment = order.assignment
        if assignment is None or assignment.accepted_at is None:
            continue
        ordered_on = local_date(assignment.accepted_at)
        if order.order_date == ordered_on:
            continue
        delivery_day = local_date(assignment.due_at)
        # An update, not save(): the model refuses changes to issued terms,
        # and this is the demo rewriting its own history before anyone saw it.
        WorkerOrder.objects.filter(pk=order.pk).update(
            order_date=ordered_on,
            issued_at=assignment.accepted_at,
            delivery_due=assignment.due_at,
            inspection_due=add_business_days(delivery_day, INSPECTION_BUSINESS_DAYS),
            payment_due_date=_due_date_for_delivery(delivery_day, operator),
            pdf="",
            pdf_sha256="",
        )
        moved += 1
    if moved:
        stdout.write(f"  worker orders: {moved} dated with the work they order")
