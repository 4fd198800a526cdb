from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G

from .audit_labels import AUDIT_ACTION_LABELS


class WorkersConfig(AppConfig):
    name = "workers"
    verbose_name = _("Workers")
    audit_action_labels = AUDIT_ACTION_LABELS
    # {role: ["app_label.codename", ...]}: the model permissions each role's
    # group gets (enterprise.roles.sync_roles applies them after migrate).
    # Workers hold none: they reach their own rows by ownership only.
    # Bank accounts: finance only (directors pick workers, they never see
    # where the money goes).
    role_permissions: dict[str, list[str]] = {
        "director": [
            "workers.view_workerprofile",
            "workers.view_workerskill",
            "workers.view_skilltest",
            "workers.view_skilltestattempt",
            "workers.view_workrecord",
            "workers.view_certification",
            "workers.view_certificationdecision",
            "workers.view_certificationlevel",
            "workers.view_incident",
            "workers.add_incident",
            "workers.change_incident",
        ],
        "finance": [
            "workers.view_workerprofile",
            "workers.view_bankaccount",
        ],
        # Identity checks (本人確認), suspension and the CSV import.
        "compliance": [
            "workers.view_workerprofile",
            "workers.view_identitycheck",
            "workers.review_identitycheck",
            "workers.view_agreementacceptance",
            "workers.suspend_workerprofile",
            "workers.import_workerprofile",
        ],
    }
    # {role: [(url name, label), ...]}: entries in that role's navigation.
    navigation: dict[str, list] = {
        "worker": [
            ("workers:signup", _("Sign-up steps"), G.ACCOUNT),
            ("workers:agreements", _("My agreements"), G.ACCOUNT),
            ("workers:profile_edit", _("My profile"), G.ACCOUNT),
            ("workers:skills", _("My skills"), G.ACCOUNT),
            ("workers:tests", _("Skill tests"), G.ACCOUNT),
            ("workers:certification", _("My certification"), G.ACCOUNT),
            ("workers:my_data", _("My data"), G.ACCOUNT),
        ],
        "director": [
            ("workers:search", _("Find workers"), G.WORKERS),
            ("workers:recommend", _("Recommend workers"), G.WORKERS),
        ],
        "finance": [
            ("workers:bank_accounts", _("Worker bank accounts"), G.PAYOUTS),
        ],
        "compliance": [
            ("workers:identity_queue", _("Identity checks"), G.CHECKS),
            ("workers:import", _("Import workers"), G.CHECKS),
        ],
    }

    def ready(self):
        from allauth.account.signals import email_confirmed

        post_migrate.connect(_seed_levels, dispatch_uid="workers.seed_levels")
        email_confirmed.connect(_signed_up, dispatch_uid="workers.signed_up")


def _signed_up(sender, request=None, email_address=None, **kwargs):
    """A person who signed up and confirmed their address becomes a worker."""
    from .services.onboarding import worker_signed_up

    if email_address is not None:
        worker_signed_up(user=email_address.user)


def _seed_levels(sender, using="default", **kwargs):
    """Put the default certification levels back after ``flush`` (the test
    runner flushes after a transactional test, emptying what the data
    migration 0002 made). Only when there is no level at all, so levels an
    operator edited stay."""
    from importlib import import_module

    from django.apps import apps as registry

    from .models import CertificationLevel

    if sender.label != "workers":
        return
    if not CertificationLevel.objects.using(using).exists():
        import_module(
            "workers.migrations.0002_default_certification_levels"
        ).create_levels(registry, None)
