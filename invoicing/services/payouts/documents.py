"""The worker order (発注書) and payout statement (支払通知書) PDFs.

Rendered once by a Celery task after the document is issued and stored with
its SHA-256; an issued document never changes, so rendering again keeps the
stored file. ``render_pdf worker_order|payout_statement`` reads them through
the listing and pdf functions below (registered in invoicing.documents).
"""

from __future__ import annotations

from django.db import transaction

from enterprise.money import format_yen
from enterprise.pdf import render_pdf, store_document

from ...models import PayoutStatement, WorkerOrder

ORDER_TEMPLATE = "pdf/worker_order.html"
STATEMENT_TEMPLATE = "pdf/payout_statement.html"


def worker_order_context(order: WorkerOrder) -> dict:
    from workers.onboarding import basic_agreement_accepted

    return {
        "order": order,
        "versions": _versions(order),
        # The 業務委託基本契約 this order is made under (rights in the
        # deliverable pass to the operator by it, then to the client).
        "basic_agreement": basic_agreement_accepted(
            order.worker, at=order.issued_at or None
        ),
    }


def _versions(order: WorkerOrder) -> list[WorkerOrder]:
    """The earlier versions, oldest first (the PDF names what changed why)."""
    found, current = [], order.previous
    while current is not None:
        found.append(current)
        current = current.previous
    return list(reversed(found))


def payout_statement_context(statement: PayoutStatement) -> dict:
    lines = list(
        statement.lines.select_related("subtask").order_by("received_on", "id")
    )
    return {
        "statement": statement,
        "lines": lines,
        "subject_lines": [line for line in lines if line.withholding_subject],
    }


def worker_order_pdf(order: WorkerOrder) -> bytes:
    return render_pdf(ORDER_TEMPLATE, worker_order_context(order))


def payout_statement_pdf(statement: PayoutStatement) -> bytes:
    return render_pdf(STATEMENT_TEMPLATE, payout_statement_context(statement))


def worker_order_store_pdf(*, order_id: int) -> str:
    """Render and store an issued order's PDF once; returns its SHA-256."""
    with transaction.atomic():
        order = WorkerOrder.objects.select_for_update().get(pk=order_id)
        if order.pdf_sha256 or order.state == WorkerOrder.State.DRAFT:
            return order.pdf_sha256
        filename = f"{order.number}-v{order.version}.pdf"
        return store_document(order, "pdf", filename, worker_order_pdf(order))


def payout_statement_store_pdf(*, statement_id: int) -> str:
    """Render and store a statement's PDF once; returns its SHA-256."""
    with transaction.atomic():
        statement = PayoutStatement.objects.select_for_update().get(pk=statement_id)
        if statement.pdf_sha256:
            return statement.pdf_sha256
        content = payout_statement_pdf(statement)
        return store_document(statement, "pdf", f"{statement.number}.pdf", content)


# --- for manage.py render_pdf (invoicing.documents.DOCUMENTS) -------------------------


def worker_orders():
    """Issued orders, each number's newest version first (a number finds the
    version in force; an id finds that version)."""
    return WorkerOrder.objects.exclude(state=WorkerOrder.State.DRAFT).order_by(
        "number", "-version"
    )


def worker_order_line(order: WorkerOrder) -> str:
    return (
        f"{order.pk}\t{order.number}\tv{order.version}\t{order.state}\t"
        f"{order.order_date:%Y-%m-%d}\t{order.worker_name}\t{format_yen(order.reward)}"
    )


def payout_statements():
    return PayoutStatement.objects.order_by("number")


def payout_statement_line(statement: PayoutStatement) -> str:
    return (
        f"{statement.number}\t{statement.pay_date:%Y-%m-%d}\t{statement.state}\t"
        f"{statement.worker_name}\t{format_yen(statement.net)}"
    )


def _stored(document, store) -> bytes:
    if not document.pdf_sha256:
        store()
        document.refresh_from_db(fields=["pdf", "pdf_sha256"])
    with document.pdf.open("rb") as handle:
        return handle.read()


def worker_order_file(order: WorkerOrder) -> tuple[str, bytes]:
    content = _stored(order, lambda: worker_order_store_pdf(order_id=order.pk))
    return f"{order.number}-v{order.version}.pdf", content


def payout_statement_file(statement: PayoutStatement) -> tuple[str, bytes]:
    content = _stored(
        statement, lambda: payout_statement_store_pdf(statement_id=statement.pk)
    )
    return f"{statement.number}.pdf", content


_KINDS = {
    "worker_order": (worker_orders, worker_order_line, worker_order_file),
    "payout_statement": (
        payout_statements,
        payout_statement_line,
        payout_statement_file,
    ),
}


def listing(kind: str):
    """One line per document of ``kind``, its id first."""
    queryset, line, _file = _KINDS[kind]
    return map(line, queryset())


def pdf_file(kind: str, ident: str) -> tuple[str, bytes]:
    """(file name, PDF bytes) of the document numbered ``ident`` (or with
    that id); DocumentNotFound otherwise."""
    from ...documents import find

    queryset, _line, file = _KINDS[kind]
    return file(find(queryset(), ident))
