"""The audit actions this app logs, as people read them in a history panel.

One label per action key (tests/enterprise/test_audit_labels.py fails on an
action logged in code without one); Japanese in the app's catalogue."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTION_LABELS = {
    "invoicing.credit_note.issued": pgettext_lazy("audit action", "Credit note issued"),
    "invoicing.invoice.created": pgettext_lazy("audit action", "Invoice drafted"),
    "invoicing.invoice.credited": pgettext_lazy(
        "audit action", "Credit note issued against the invoice"
    ),
    "invoicing.invoice.discarded": pgettext_lazy(
        "audit action", "Draft invoice discarded"
    ),
    "invoicing.invoice.issued": pgettext_lazy("audit action", "Invoice issued"),
    "invoicing.invoice.lines_replaced": pgettext_lazy(
        "audit action", "Invoice lines replaced"
    ),
    "invoicing.invoice.paid": pgettext_lazy("audit action", "Invoice paid"),
    "invoicing.invoice.payment_recorded": pgettext_lazy(
        "audit action", "Payment recorded"
    ),
    "invoicing.invoice.sent": pgettext_lazy("audit action", "Invoice sent"),
    "invoicing.month_close.resumed": pgettext_lazy(
        "audit action", "Month close resumed"
    ),
    "invoicing.payout_line.held": pgettext_lazy("audit action", "Payout held"),
    "invoicing.payout_line.paid": pgettext_lazy("audit action", "Payout paid"),
    "invoicing.payout_line.released": pgettext_lazy("audit action", "Payout released"),
    "invoicing.payout_line.rescheduled": pgettext_lazy(
        "audit action", "Pay date changed"
    ),
    "invoicing.payout_line.scheduled": pgettext_lazy(
        "audit action", "Payout scheduled"
    ),
    "invoicing.payout_line.units_added": pgettext_lazy(
        "audit action", "Task units added to the payout"
    ),
    "invoicing.payout_line.withholding_overridden": pgettext_lazy(
        "audit action", "Withholding changed by hand"
    ),
    "invoicing.payout_run.resumed": pgettext_lazy("audit action", "Payout run resumed"),
    "invoicing.payout_statement.issued": pgettext_lazy(
        "audit action", "Payout statement issued"
    ),
    "invoicing.payout_statement.paid": pgettext_lazy(
        "audit action", "Transfer confirmed"
    ),
    "invoicing.payoutstatement.bank_held": pgettext_lazy(
        "audit action", "Held: bank details changed"
    ),
    "invoicing.payoutstatement.bank_released": pgettext_lazy(
        "audit action", "Bank hold released"
    ),
    "invoicing.worker_order.issued": pgettext_lazy(
        "audit action", "Worker order issued"
    ),
    "invoicing.worker_order.superseded": pgettext_lazy(
        "audit action", "Worker order replaced by a new version"
    ),
    "invoicing.bank_credit.matched": pgettext_lazy(
        "audit action", "Bank credit matched"
    ),
    "invoicing.bank_statement.resumed": pgettext_lazy(
        "audit action", "Bank statement import resumed"
    ),
    "invoicing.bank_statement.uploaded": pgettext_lazy(
        "audit action", "Bank statement uploaded"
    ),
    "invoicing.cancellation_charge.billed": pgettext_lazy(
        "audit action", "Cancellation charge billed"
    ),
    "invoicing.cancellation_charge.written_off": pgettext_lazy(
        "audit action", "Cancellation charge written off"
    ),
    "invoicing.dunning_step.added": pgettext_lazy(
        "audit action", "Reminder step added"
    ),
    "invoicing.dunning_step.removed": pgettext_lazy(
        "audit action", "Reminder step removed"
    ),
    "invoicing.invoice.reminded": pgettext_lazy(
        "audit action", "Payment reminder sent"
    ),
    "invoicing.payer_name.taught": pgettext_lazy(
        "audit action", "Payer name remembered"
    ),
    "invoicing.payment_report.issued": pgettext_lazy(
        "audit action", "Payment report issued"
    ),
    "invoicing.receivables_settings.changed": pgettext_lazy(
        "audit action", "Receivables settings changed"
    ),
    "invoicing.received_document.stored": pgettext_lazy(
        "audit action", "Worker's document stored"
    ),
}
