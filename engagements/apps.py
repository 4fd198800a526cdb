from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G

from .audit_labels import AUDIT_ACTION_LABELS


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = _("Engagements")
    audit_action_labels = AUDIT_ACTION_LABELS
    # Model-wide rights only where rows need no scoping; who sees which
    # engagement is decided per row (engagements.selectors).
    role_permissions: dict[str, list[str]] = {
        "sales": [
            "engagements.add_engagement",
            "engagements.change_engagement",
            "engagements.add_quote",
            "engagements.change_quote",
            "engagements.view_catalogueitem",
        ],
        "director": [
            "engagements.add_subtask",
            "engagements.change_subtask",
            "engagements.add_review",
        ],
    }
    navigation: dict[str, list] = {
        "sales": [("engagements:list", _("Engagements"), G.SALES)],
        "client": [("engagements:client_list", _("My engagements"), G.ENGAGEMENTS)],
        # The workers app owns the worker dashboard and cannot import this
        # app, so "My work" (offers, subtasks, messages) comes first here.
        "worker": [
            ("engagements:worker_home", _("My work"), G.WORK),
            ("engagements:worker_offers", _("Offers"), G.WORK),
            ("engagements:worker_subtasks", _("My subtasks"), G.WORK),
            ("engagements:worker_ratings", _("My ratings"), G.WORK),
        ],
    }

    def ready(self):
        # The competition, task and hourly pages list their own entries.
        from .urls.formats import navigation as format_pages

        for role, entries in format_pages.items():
            listed = self.navigation.setdefault(role, [])
            listed.extend(entry for entry in entries if entry not in listed)
        # The sales dashboard and the client portal home belong to clients,
        # which may not import this app: add our sections to them from here.
        from clients import sections

        from .views import client, sales

        sections.register_section(
            sections.SALES,
            "engagements/sales/_open_quotes.html",
            context=sales.open_quotes_section,
        )
        from .views.company import company_engagements_section

        sections.register_section(
            sections.COMPANY,
            "engagements/sales/_company.html",
            context=company_engagements_section,
            order=20,
        )
        sections.register_section(
            sections.PORTAL,
            "engagements/client/_portal_section.html",
            context=client.portal_section,
        )
        self._register_worker_dashboard_section()

    def _register_worker_dashboard_section(self):
        # The worker dashboard belongs to workers, which may not import this
        # app: offers and subtasks in hand go onto it as a section.
        from enterprise.sections import register_section
        from workers.views import DASHBOARD

        from .views import worker

        register_section(
            DASHBOARD,
            "engagements/worker/_dashboard_section.html",
            context=worker.dashboard_section,
            order=10,
        )
        from workers.views import DETAIL

        register_section(
            DETAIL,
            "engagements/worker/_work_in_hand_section.html",
            context=worker.worker_page_section,
        )
