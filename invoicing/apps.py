from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G

from .audit_labels import AUDIT_ACTION_LABELS


def _seed_withholding(sender, using="default", **kwargs):
    """The withholding-by-category table back after ``flush`` (which empties
    it without re-running migration 0004); a table with rows is left alone."""
    from importlib import import_module

    from django.apps import apps as registry

    from .models import CategoryWithholding

    if sender.label == "invoicing" and not CategoryWithholding.objects.exists():
        migration = import_module("invoicing.migrations.0004_payouts")
        migration.seed_withholding(registry, None)


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = _("Invoicing")
    audit_action_labels = AUDIT_ACTION_LABELS
    # {role: ["app_label.codename", ...]}: the model permissions each role's
    # group gets (enterprise.roles.sync_roles applies them after migrate).
    role_permissions: dict[str, list[str]] = {}
    # {role: [(url name, label), ...]}: entries in that role's navigation.
    navigation: dict[str, list] = {
        "worker": [
            ("invoicing:my_orders", _("Worker orders"), G.PAY),
            ("invoicing:my_statements", _("Payout statements"), G.PAY),
            ("invoicing:my_pay_dates", _("Pay dates"), G.PAY),
            ("invoicing:my_documents", _("My invoices to the operator"), G.PAY),
        ],
        "finance": [
            ("invoicing:invoice_list", _("Invoices"), G.BILLING),
            ("invoicing:month_close", _("Month close"), G.BILLING),
            ("invoicing:bank", _("Bank statements"), G.RECEIPTS),
            ("invoicing:aging", _("Aging report"), G.RECEIPTS),
            ("invoicing:ebook_search", _("E-bookkeeping search"), G.ACCOUNTING),
            ("invoicing:cancellations", _("Cancelled work to bill"), G.BILLING),
            ("invoicing:journal_export", _("Journal export"), G.ACCOUNTING),
            ("invoicing:payouts", _("Payouts"), G.PAYOUTS),
        ],
        "client": [("invoicing:portal_invoices", _("Invoices"), G.BILLING)],
    }

    def ready(self):
        from . import payout_receivers

        payout_receivers.connect()
        self._subscribe_cancellations()
        post_migrate.connect(_seed_withholding, dispatch_uid="invoicing.withholding")
        self._register_offer_section()
        self._register_company_section()
        self._register_worker_pay_section()

    def _register_worker_pay_section(self):
        # The worker dashboard belongs to workers: earnings and the next pay
        # date go onto it from here, first on the page.
        from enterprise.sections import register_section
        from workers.views import DASHBOARD

        from .views.worker_pay import worker_pay_section

        register_section(
            DASHBOARD,
            "invoicing/payouts/_worker_pay.html",
            context=worker_pay_section,
            order=5,
        )

    def _register_company_section(self):
        # The company page belongs to clients, which may not import this app:
        # the open balance, this year's sales and the invoices go on as a section.
        from clients.sections import COMPANY
        from enterprise.sections import register_section

        from .views.company import company_billing_section

        register_section(
            COMPANY,
            "invoicing/billing/_company.html",
            context=company_billing_section,
            order=10,
        )

    def _subscribe_cancellations(self):
        from enterprise.events import subscribe

        from .services.billing_shapes import cancellation_charge_record

        subscribe("engagement.cancelled", cancellation_charge_record)

    def _register_offer_section(self):
        # The offer card belongs to engagements, which may not import this
        # app: what the worker will be paid goes onto it as a section.
        from engagements.views.worker import OFFER
        from enterprise.sections import register_section

        from .views.payouts import offer_pay_section

        register_section(
            OFFER, "invoicing/payouts/_offer_pay.html", context=offer_pay_section
        )
