from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enterprise.roles import MenuGroup as G

from .audit_labels import AUDIT_ACTION_LABELS


class DirectorsConfig(AppConfig):
    name = "directors"
    verbose_name = _("Directors")
    audit_action_labels = AUDIT_ACTION_LABELS
    # {role: ["app_label.codename", ...]}: the model permissions each role's
    # group gets (enterprise.roles.sync_roles applies them after migrate).
    # Changing the roster is for superusers (or whoever is given
    # directors.change_directorprofile in the admin); sales and directors read it.
    role_permissions: dict[str, list[str]] = {
        "sales": ["directors.view_directorprofile"],
        "director": ["directors.view_directorprofile"],
    }
    # {role: [(url name, label), ...]}: entries in that role's navigation.
    navigation: dict[str, list] = {
        "director": [
            ("directors:review_queue", _("Review queue"), G.REVIEW),
            ("directors:engagements", _("Engagements I direct"), G.ENGAGEMENTS),
            ("directors:roster", _("Director roster"), G.WORKERS),
        ],
        "sales": [("directors:roster", _("Director roster"), G.SALES)],
    }
