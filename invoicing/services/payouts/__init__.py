"""Paying workers (issue 8): worker orders, pay dates, payout runs, exports.

orders: the 発注書 made when a worker accepts, its versions and the
reduction rule. schedule: pay dates from the payout calendar and the 60-day
check, director pay. run: statement figures, the payout run, the transfer
confirmation. exports: the Zengin file and the payout journal. documents:
the PDFs of orders and statements. Every service takes keyword arguments and
``by=`` the person acting, and raises PayoutError (a ValidationError whose
messages are shown to the person) or PermissionDenied.
"""

from ._base import PayoutError
from .background import payout_run_resume, payout_run_start
from .formats import (
    payout_lines_collect_formats,
    payout_lines_collect_participation,
    payout_lines_collect_task_units,
    payout_lines_collect_timesheets,
)
from .orders import (
    PayLookups,
    offer_pay_terms,
    worker_order_for_assignment,
    worker_order_issue,
    worker_order_revise,
)
from .run import (
    LineInput,
    StatementFigures,
    payment_report_due,
    payment_report_total,
    payout_confirm_transfer,
    payout_run,
    statement_figures,
)
from .schedule import (
    pay_date_for,
    payout_line_override_withholding,
    payout_line_release,
    payout_line_reschedule,
    payout_line_schedule_direction_share,
    payout_line_schedule_reward,
    payout_lines_collect_reviews,
)

__all__ = [
    "LineInput",
    "PayLookups",
    "PayoutError",
    "StatementFigures",
    "pay_date_for",
    "offer_pay_terms",
    "payment_report_due",
    "payment_report_total",
    "payout_confirm_transfer",
    "payout_line_override_withholding",
    "payout_line_release",
    "payout_line_reschedule",
    "payout_line_schedule_direction_share",
    "payout_line_schedule_reward",
    "payout_lines_collect_formats",
    "payout_lines_collect_participation",
    "payout_lines_collect_reviews",
    "payout_lines_collect_task_units",
    "payout_lines_collect_timesheets",
    "payout_run",
    "payout_run_resume",
    "payout_run_start",
    "statement_figures",
    "worker_order_for_assignment",
    "worker_order_issue",
    "worker_order_revise",
]
