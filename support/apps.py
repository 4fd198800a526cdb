from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """The support desk: tickets, SLA, disputes, FAQ, ratings, calibration.

    A face above engagements and invoicing (DESIGN.md): it calls their
    services and is imported by nothing below it.
    """

    name = "support"
    verbose_name = _("Support")
    role_permissions: dict[str, list[str]] = {
        "support": [
            "support.view_faqarticle",
            "support.add_faqarticle",
            "support.change_faqarticle",
        ],
    }
    navigation: dict[str, list] = {
        "support": [
            ("support:queue", _("Ticket queue")),
            ("support:help", _("Help centre")),
        ],
        "client": [
            ("support:ratings", _("Rate deliveries")),
            ("support:help", _("Help centre")),
        ],
        "worker": [("support:help", _("Help centre"))],
    }

    def ready(self):
        # The client portal home belongs to clients, which may not import
        # this app: add the deliveries waiting for a rating from here.
        from clients import sections

        from .views_ratings import portal_section

        sections.register_section(
            sections.PORTAL,
            "support/ratings/_portal_section.html",
            context=portal_section,
            order=150,
        )
