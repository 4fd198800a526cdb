from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = _("Invoicing")
    # {role: ["app_label.codename", ...]}: the model permissions each role's
    # group gets (enterprise.roles.sync_roles applies them after migrate).
    role_permissions: dict[str, list[str]] = {}
    # {role: [(url name, label), ...]}: entries in that role's navigation.
    navigation: dict[str, list] = {
        "worker": [
            ("invoicing:my_orders", _("Worker orders")),
            ("invoicing:my_statements", _("Payout statements")),
            ("invoicing:my_pay_dates", _("Pay dates")),
        ],
        "finance": [
            ("invoicing:invoice_list", _("Invoices")),
            ("invoicing:month_close", _("Month close")),
            ("invoicing:document_search", _("Document search")),
            ("invoicing:journal_export", _("Journal export")),
            ("invoicing:payouts", _("Payouts")),
        ],
        "client": [("invoicing:portal_invoices", _("Invoices"))],
    }

    def ready(self):
        from . import payout_receivers

        payout_receivers.connect()
