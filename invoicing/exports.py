"""The columns of the pay-date page's two lists (lines due, statements)."""

from django.utils.translation import gettext_lazy as _

from enterprise.exports import field, state

from .models import PayoutLine, PayoutStatement

PAYOUT_LINE_COLUMNS = [
    (_("Worker"), lambda line: line.worker.display_name),
    field(PayoutLine, "description"),
    field(PayoutLine, "kind", lambda line: line.get_kind_display()),
    field(PayoutLine, "received_on"),
    field(PayoutLine, "pay_date"),
    field(PayoutLine, "latest_legal_date"),
    field(PayoutLine, "amount"),
    field(PayoutLine, "fee"),
    field(PayoutLine, "withholding_subject"),
    state(PayoutLine),
    field(PayoutLine, "late_reason"),
]

PAYOUT_STATEMENT_COLUMNS = [
    field(PayoutStatement, "number"),
    field(PayoutStatement, "worker_name"),
    field(PayoutStatement, "pay_date"),
    field(PayoutStatement, "subtotal"),
    field(PayoutStatement, "consumption_tax"),
    field(PayoutStatement, "fee"),
    field(PayoutStatement, "withholding"),
    field(PayoutStatement, "net"),
    state(PayoutStatement),
]
