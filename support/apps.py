from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """The support desk: tickets, SLA, disputes, FAQ, ratings, calibration.

    A face above engagements and invoicing (DESIGN.md): it calls their
    services and is imported by nothing below it.
    """

    name = "support"
    verbose_name = _("Support")
    role_permissions: dict[str, list[str]] = {}
    navigation: dict[str, list] = {
        "support": [("support:queue", _("Ticket queue"))],
    }
