from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "workers"
    verbose_name = _("Workers")
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
    }
    # {role: [(url name, label), ...]}: entries in that role's navigation.
    navigation: dict[str, list] = {
        "worker": [
            ("workers:profile_edit", _("My profile")),
            ("workers:skills", _("My skills")),
            ("workers:tests", _("Skill tests")),
            ("workers:certification", _("My certification")),
        ],
        "director": [
            ("workers:search", _("Find workers")),
            ("workers:recommend", _("Recommend workers")),
        ],
        "finance": [
            ("workers:bank_accounts", _("Worker bank accounts")),
        ],
    }
