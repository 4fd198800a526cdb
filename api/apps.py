from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G

from .audit_labels import AUDIT_ACTION_LABELS


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    audit_action_labels = AUDIT_ACTION_LABELS
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions: dict[str, list[str]] = {}
    navigation = {
        role: [("api:keys", _("API keys"), G.SETTINGS)]
        for role in ("sales", "director", "finance", "client")
    }
    # A worker's keys sit with the rest of their account.
    navigation["worker"] = [("api:keys", _("API keys"), G.ACCOUNT)]
    navigation["finance"].append(("api:webhooks", _("Webhooks"), G.SETTINGS))
    navigation["client"].append(("api:webhooks", _("Webhooks"), G.SETTINGS))

    def ready(self):
        # The services below publish business events; the API turns them
        # into signed webhook deliveries (enterprise.events, no back-arrow).
        from . import webhooks

        webhooks.connect()
