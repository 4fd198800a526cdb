"""What the payouts half does when engagements announces something.

engagements cannot import invoicing (it sits below), so it sends signals
inside the transaction that made the change; these receivers call one
service each, so their writes commit or roll back with that change.
"""

from engagements.signals import (
    assignment_accepted,
    engagement_completed,
    subtask_approved,
)


def order_work(sender, *, assignment, **kwargs):
    """A worker accepted: issue the worker order (発注書) at once (法3条)."""
    from .services.payouts import worker_order_for_assignment

    worker_order_for_assignment(assignment=assignment, by=None)


def schedule_reward(sender, *, subtask, **kwargs):
    """An approved subtask is owed its reward on the calendar's pay date."""
    from .services.payouts import payout_line_schedule_reward

    payout_line_schedule_reward(subtask=subtask)


def pay_director(sender, *, engagement, **kwargs):
    """A completed engagement: its director's share of the direction fee."""
    from .services.payouts import payout_line_schedule_direction_share

    payout_line_schedule_direction_share(engagement=engagement)


def connect() -> None:
    assignment_accepted.connect(order_work, dispatch_uid="invoicing.order_work")
    subtask_approved.connect(schedule_reward, dispatch_uid="invoicing.schedule_reward")
    engagement_completed.connect(pay_director, dispatch_uid="invoicing.pay_director")
