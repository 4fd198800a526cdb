from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G


class SupportConfig(AppConfig):
    """The support desk: tickets, SLA, disputes, FAQ, ratings, calibration.

    A face above engagements and invoicing (DESIGN.md): it calls their
    services and is imported by nothing below it.
    """

    name = "support"
    verbose_name = _("Support")
    role_permissions: dict[str, list[str]] = {
        "support": [
            "support.view_ticketcategory",
            "support.change_ticketcategory",
            "support.add_ticketcategory",
            "support.view_faqarticle",
            "support.add_faqarticle",
            "support.change_faqarticle",
            "support.view_deliveryrating",
        ],
    }
    # The contact link on every portal page is the clients' and workers'
    # navigation entry (base.html draws every role's menu on every page).
    navigation: dict[str, list] = {
        "support": [
            ("support:queue", _("Ticket queue"), G.SUPPORT),
            ("support:reports", _("Support reports"), G.SUPPORT),
            ("support:help", _("Help centre"), G.SUPPORT),
        ],
        "sales": [("support:queue", _("Requests and inquiries"), G.CLIENTS)],
        "client": [
            ("support:work_request", _("Request new work"), G.ENGAGEMENTS),
            ("support:ratings", _("Rate deliveries"), G.ENGAGEMENTS),
            ("support:new", _("Contact us"), G.SUPPORT),
            ("support:help", _("Help centre"), G.SUPPORT),
        ],
        "worker": [
            ("support:new", _("Contact us"), G.ACCOUNT),
            ("support:help", _("Help centre"), G.ACCOUNT),
        ],
    }
    audit_action_labels = {
        "support.ticket.opened": _("Ticket opened"),
        "support.ticket.replied": _("Reply"),
        "support.ticket.note_added": _("Internal note"),
        "support.ticket.waiting": _("Waiting on requester"),
        "support.ticket.requester_replied": _("Requester replied"),
        "support.ticket.assigned": _("Ticket assigned"),
        "support.ticket.resolved": _("Resolved"),
        "support.ticket.closed": _("Closed"),
        "support.ticket.reopened": _("Reopened"),
        "support.ticket.rated": _("Support rated"),
        "support.dispute.opened": _("Dispute opened"),
        "support.dispute.claim_added": _("Claim recorded"),
        "support.dispute.evidence_added": _("Evidence recorded"),
        "support.dispute.decided": _("Dispute decided"),
        "support.delivery.rated": _("Delivery rated"),
    }

    def ready(self) -> None:
        post_migrate.connect(_seed_categories, dispatch_uid="support.categories")
        from enterprise.sections import register_section

        from .sections import engagement_contact, statement_objection

        register_section(
            "engagements.client_engagement",
            "support/_engagement_contact.html",
            context=engagement_contact,
        )
        register_section(
            "invoicing.payout_statement",
            "support/_statement_objection.html",
            context=statement_objection,
        )
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


def _seed_categories(sender, using="default", **kwargs):
    """Put the default ticket categories back after ``flush`` (the test runner
    flushes after a transactional test, emptying what data migration 0002
    made). Only when there is no category at all, so an operator's edits stay."""
    from importlib import import_module

    from django.apps import apps as registry

    from .models import TicketCategory

    if sender.label != "support":
        return
    if not TicketCategory.objects.using(using).exists():
        import_module(
            "support.migrations.0002_default_ticket_categories"
        ).add_categories(registry, None)
