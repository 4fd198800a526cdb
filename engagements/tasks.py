"""Celery tasks: take ids, re-check state in the service, safe to run twice."""

from celery import shared_task
from django.db import transaction

from enterprise.pdf import render_pdf, store_document

from .services import assignment, delivery, monitoring


@shared_task
def expire_offers() -> int:
    return assignment.offers_expire()


@shared_task
def auto_accept_deliveries() -> int:
    return delivery.deliveries_auto_accept()


@shared_task
def scan_deadlines() -> dict:
    return {
        "overdue": monitoring.subtasks_flag_overdue(),
        "silent": monitoring.subtasks_flag_silent(),
    }


@shared_task
def remind_unanswered_questions() -> int:
    return monitoring.questions_remind()


def _render_once(quote_id: int, field: str, template: str, filename: str) -> None:
    from .documents import quote_context
    from .models import Quote

    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote_id)
        if getattr(quote, f"{field}_sha256"):
            return  # issued documents never change: rendering again keeps the file
        content = render_pdf(template, quote_context(quote))
        store_document(quote, field, filename.format(quote=quote), content)


@shared_task(soft_time_limit=120, time_limit=180)
def render_quote_pdf(quote_id: int) -> None:
    _render_once(quote_id, "pdf", "pdf/quote.html", "{quote.number}.pdf")


@shared_task(soft_time_limit=120, time_limit=180)
def render_order_confirmation_pdf(quote_id: int) -> None:
    _render_once(
        quote_id,
        "order_confirmation_pdf",
        "pdf/order_confirmation.html",
        "{quote.number}-order-confirmation.pdf",
    )


# --- Competition, task and hourly formats -------------------------------------


@shared_task
def expire_task_claims() -> int:
    from .services.batches import units_expire

    return units_expire()


@shared_task
def auto_approve_task_units() -> int:
    from .services.batch_review import units_auto_approve

    return units_auto_approve()


@shared_task
def purge_competition_files() -> int:
    from .services.competition import competition_files_purge

    return competition_files_purge()


@shared_task
def auto_approve_timesheets() -> int:
    from .services.hourly import timesheets_auto_approve

    return timesheets_auto_approve()
