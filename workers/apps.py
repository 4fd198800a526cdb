from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "workers"
    verbose_name = _("Workers")
    # {role: ["app_label.codename", ...]}: the model permissions each role's
    # group gets (enterprise.roles.sync_roles applies them after migrate).
    role_permissions: dict[str, list[str]] = {}
    # {role: [(url name, label), ...]}: entries in that role's navigation.
    navigation: dict[str, list] = {}
