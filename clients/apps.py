from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G

from .audit_labels import AUDIT_ACTION_LABELS


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Clients")
    audit_action_labels = AUDIT_ACTION_LABELS
    # {role: ["app_label.codename", ...]}: the model permissions each role's
    # group gets (enterprise.roles.sync_roles applies them after migrate).
    # The client role gets none here on purpose: guardian's
    # get_objects_for_user honours model-wide permissions, so a model-wide
    # view_client would show a contact every company. Contacts get an object
    # permission on their own company when they are invited.
    role_permissions = {
        "sales": [
            "clients.add_client",
            "clients.change_client",
            "clients.view_client",
            "clients.onboard_client",
            "clients.watchlist_client",
            "clients.add_clientcontact",
            "clients.change_clientcontact",
            "clients.view_clientcontact",
            "clients.add_screeningcheck",
            "clients.view_screeningcheck",
            "clients.add_masteragreement",
            "clients.view_masteragreement",
        ],
        # Finance bills every client, so it reads them all.
        "finance": [
            "clients.view_client",
            "clients.view_clientcontact",
            "clients.view_masteragreement",
        ],
    }
    # {role: [(url name, label), ...]}: entries in that role's navigation.
    navigation = {
        "sales": [("clients:list", _("Companies"), G.CLIENTS)],
        "finance": [("clients:list", _("Companies"), G.BILLING)],
    }
