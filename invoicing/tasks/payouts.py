"""Paying workers: PDFs of orders and statements, director review fees,
the other formats' rewards.

Tasks take ids, re-check in the service, and are safe to run twice.
"""

import logging

from celery import shared_task
from celery.signals import worker_init

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=180)
def render_worker_order_pdf(order_id: int) -> str:
    from ..services.payouts.documents import worker_order_store_pdf

    return worker_order_store_pdf(order_id=order_id)


@shared_task(soft_time_limit=120, time_limit=180)
def render_payout_statement_pdf(statement_id: int) -> str:
    from ..services.payouts.documents import payout_statement_store_pdf

    return payout_statement_store_pdf(statement_id=statement_id)


@shared_task
def collect_director_review_fees() -> int:
    """Nightly: schedule the review fees of paid directors (the payout run
    collects them too, so a missed night loses nothing)."""
    from ..services.payouts import payout_lines_collect_reviews

    return payout_lines_collect_reviews()


@shared_task
def collect_format_rewards() -> int:
    """Nightly, after the formats' auto-approvals: schedule the approved task
    units, participation rewards and hourly weeks (the payout run collects
    them too)."""
    from ..services.payouts import payout_lines_collect_formats

    return payout_lines_collect_formats()


@shared_task(soft_time_limit=300, time_limit=360)
def run_payouts(run_id: int) -> int:
    """Finance's payout run: collect, plan, queue the chunks (short: the
    statements are issued by ``payout_run_chunk``)."""
    from ..services.payouts.background import payout_run_execute

    return payout_run_execute(run_id=run_id).issued


# A chunk is PAYOUT_RUN_CHUNK_SIZE workers (200 by default), milliseconds each: the
# limits leave room for a slow database and the mail rendering.
@shared_task(soft_time_limit=600, time_limit=660)
def payout_run_chunk(run_id: int, worker_ids: list[int]) -> None:
    """Pay some workers of a run, one statement each; safe to redeliver."""
    from ..services.payouts.background import payout_run_chunk_run

    payout_run_chunk_run(run_id=run_id, worker_ids=worker_ids)


@shared_task(soft_time_limit=120, time_limit=180)
def render_payment_report_pdf(report_id: int) -> str:
    from ..services.payouts.withholding import payment_report_store_pdf

    return payment_report_store_pdf(report_id=report_id)


@worker_init.connect
def warm_payout_run(**kwargs) -> None:
    """Pay once, in the worker's main process before it forks its pool, what
    the first chunk of a run would otherwise pay in every process (issue
    15): the URL resolver (the mails link the statement; building it imports
    every app's views), the bank code list (the statements name the bank,
    about 30,000 rows read from the package), the Japanese catalogs and the
    mail's template. About 0.9 s of CPU that two fresh workers spent side by
    side before either could pay anyone. No database access: the connection
    would be shared by the forked children.
    """
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    from enterprise import banks

    try:
        from ..services.payouts import background  # noqa: F401 (the chunk's code)

        reverse("invoicing:payout_statement", args=[1])
        banks._banks()
        with translation.override("ja"):  # the catalogs, the mail's template
            get_template("invoicing/payouts/mail/statement.txt")
    except Exception:  # only a head start: the first chunk does it anyway
        logger.exception("warming the payout run failed")
