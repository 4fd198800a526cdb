"""Celery tasks of the desk: idempotent, safe to run twice."""

from celery import shared_task

from .services import sla_watch


@shared_task
def remind_sla_breaches() -> int:
    return sla_watch.tickets_remind_breaches()


@shared_task
def close_resolved_tickets() -> int:
    return sla_watch.tickets_close_resolved()
