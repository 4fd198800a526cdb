"""Client billing tasks: take ids, re-check state in the service, safe to rerun."""

import datetime

from celery import shared_task
from django.db import OperationalError


@shared_task(soft_time_limit=120, time_limit=180)
def render_invoice_pdf(invoice_id: int) -> str:
    from ..services.billing_documents import invoice_store_pdf

    return invoice_store_pdf(invoice_id=invoice_id)


@shared_task(soft_time_limit=120, time_limit=180)
def render_credit_note_pdf(credit_note_id: int) -> str:
    from ..services.billing_documents import credit_note_store_pdf

    return credit_note_store_pdf(credit_note_id=credit_note_id)


@shared_task(soft_time_limit=300, time_limit=360)
def run_month_close(run_id: int) -> int:
    """The finance screen's close (or, when the run names a client, that
    client's early close): plans the run and queues its chunks. Short: the
    clients are closed by ``month_close_chunk``."""
    from ..services.billing_close import month_close_run

    return month_close_run(run_id=run_id).issued


# A chunk is RUN_CHUNK_SIZE clients (50 by default), a fraction of a second
# to a few seconds each: the limits leave room for a slow database.
@shared_task(soft_time_limit=600, time_limit=660)
def month_close_chunk(run_id: int, client_ids: list[int]) -> None:
    """Close some clients of a run, one transaction each; safe to redeliver."""
    from ..services.billing_close import month_close_chunk_run

    month_close_chunk_run(run_id=run_id, client_ids=client_ids)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=1800,
    time_limit=1900,
)
def close_due_clients(today: str | None = None) -> list[str]:
    """Nightly (beat): close every client whose closing day has passed and
    who has no invoice for that period yet. Each client is its own
    transaction, so a retry after a failure only closes the rest.
    ``today`` (YYYY-MM-DD) defaults to the current date in Asia/Tokyo."""
    from ..services.billing_close import close_due_periods

    day = datetime.date.fromisoformat(today) if today else None
    return [number for r in close_due_periods(today=day) for number in r.issued]
