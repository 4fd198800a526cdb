from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = _("Engagements")
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
    navigation: dict[str, list] = {}
