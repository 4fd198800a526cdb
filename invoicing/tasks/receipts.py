"""Receivables tasks: bank statement imports and the dunning run."""

import datetime

from celery import shared_task
from django.db import OperationalError


@shared_task(soft_time_limit=300, time_limit=360)
def run_bank_statement(statement_id: int) -> int:
    """Read an uploaded statement and queue its credits in chunks."""
    from ..services.bank_statements import statement_run

    return statement_run(statement_id=statement_id).issued


@shared_task(soft_time_limit=600, time_limit=660)
def bank_statement_chunk(statement_id: int, credit_ids: list[int]) -> None:
    """Match some credits of an import, one transaction each; safe to redeliver."""
    from ..services.bank_statements import statement_chunk

    statement_chunk(statement_id=statement_id, credit_ids=credit_ids)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=1800,
    time_limit=1900,
)
def dunning_run(today: str | None = None) -> int:
    """Daily (beat): write and mail the reminders that are due. Each letter
    is its own transaction and unique per invoice and step: a retry or a
    second run sends nothing twice."""
    from ..services.receivables import dunning_run as run

    day = datetime.date.fromisoformat(today) if today else None
    return len(run(today=day))


@shared_task(soft_time_limit=120, time_limit=180)
def render_dunning_pdf(letter_id: int) -> str:
    from ..services.receivables import dunning_letter_store_pdf

    return dunning_letter_store_pdf(letter_id=letter_id)
