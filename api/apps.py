from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .audit_labels import AUDIT_ACTION_LABELS


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    audit_action_labels = AUDIT_ACTION_LABELS
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions: dict[str, list[str]] = {}
    navigation = {
        role: [("api:keys", _("API keys"))]
        for role in ("sales", "director", "worker", "finance", "client")
    }
    navigation["finance"].append(("api:webhooks", _("Webhooks")))
    navigation["client"].append(("api:webhooks", _("Webhooks")))

    def ready(self):
        # The services below publish business events; the API turns them
        # into signed webhook deliveries (enterprise.events, no back-arrow).
        from . import webhooks

        webhooks.connect()
