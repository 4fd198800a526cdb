from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G

from .audit_labels import AUDIT_ACTION_LABELS


def _sync_roles(sender, using="default", **kwargs):
    from .roles import sync_roles

    sync_roles(using=using)


def _seed_rate_tables(sender, using="default", **kwargs):
    """Put the legal rates back after ``flush`` (the test runner flushes after
    a transactional test): it empties every table without re-running the
    data migration 0004, and payouts cannot be computed without them. Only
    when all four tables are empty, so rows an operator edited stay."""
    from importlib import import_module

    from django.apps import apps as registry

    from .models import TaxRate, Threshold, TransitionalCreditRate, WithholdingRule

    if sender.label != "enterprise":
        return
    tables = (TaxRate, Threshold, TransitionalCreditRate, WithholdingRule)
    if not any(model.objects.using(using).exists() for model in tables):
        import_module("enterprise.migrations.0004_seed_rate_tables").seed(
            registry, None
        )


class EnterpriseConfig(AppConfig):
    name = "enterprise"
    verbose_name = _("Motouke")
    role_permissions: dict[str, list[str]] = {}
    # Compliance lands on the audit log (its dashboard); finance reaches it here.
    navigation: dict[str, list] = {
        "finance": [("audit_log", _("Audit log"), G.ACCOUNTING)]
    }
    # {"app.model.verb": label} shown for audit actions: each app declares
    # the actions it logs in its audit_labels.py (one label per action).
    audit_action_labels = AUDIT_ACTION_LABELS

    def ready(self):
        from .accounts import checks, signals  # noqa: F401 (registers them)

        # Groups get the permissions every app declares, once all apps migrated.
        post_migrate.connect(_sync_roles, dispatch_uid="enterprise.sync_roles")
        post_migrate.connect(_seed_rate_tables, dispatch_uid="enterprise.seed_rates")
