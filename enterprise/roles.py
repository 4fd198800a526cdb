"""The roles (Django groups) and what each one's home is.

Apps declare the model permissions each role gets in their AppConfig
(``role_permissions``) and the navigation entries of each role
(``navigation``); ``sync_roles`` collects them after every migrate, so this
module never imports an app above it.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SALES = "sales"
DIRECTOR = "director"
WORKER = "worker"
FINANCE = "finance"
COMPLIANCE = "compliance"
SUPPORT = "support"
CLIENT = "client"

ROLES = {
    SALES: _("Sales"),
    DIRECTOR: _("Director"),
    WORKER: _("Worker"),
    FINANCE: _("Finance"),
    COMPLIANCE: _("Compliance"),
    SUPPORT: _("Support"),
    CLIENT: _("Client"),
}

# The URL name of each role's dashboard (the page a person lands on).
DASHBOARDS = {
    SALES: "clients:sales_dashboard",
    DIRECTOR: "directors:dashboard",
    WORKER: "workers:dashboard",
    FINANCE: "invoicing:dashboard",
    COMPLIANCE: "audit_log",
    SUPPORT: "support:queue",
    CLIENT: "clients:portal_dashboard",
}


def declared_role_permissions() -> dict[str, set[str]]:
    """{role: {"app_label.codename", ...}} gathered from every app config."""
    wanted: dict[str, set[str]] = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            wanted[role].update(perms)
    return wanted


def sync_roles(using: str = "default") -> None:
    """Create the role groups and give each exactly its declared permissions."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in declared_role_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)


def navigation_for(role: str) -> list[tuple[str, str]]:
    """[(url name, label), ...] for a role, in INSTALLED_APPS order."""
    entries = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "navigation", {}).get(role, []))
    return entries


# The task headings a role's menu is grouped under: an app's navigation entry
# (url name, label, group) names one of these.
class MenuGroup:
    WORK = pgettext_lazy("menu group", "Work")
    PAY = pgettext_lazy("menu group", "Pay")
    ACCOUNT = pgettext_lazy("menu group", "Account")
    ENGAGEMENTS = pgettext_lazy("menu group", "Engagements")
    WORKERS = pgettext_lazy("menu group", "Workers")
    REVIEW = pgettext_lazy("menu group", "Review")
    BILLING = pgettext_lazy("menu group", "Billing")
    RECEIPTS = pgettext_lazy("menu group", "Receipts")
    PAYOUTS = pgettext_lazy("menu group", "Payouts")
    ACCOUNTING = pgettext_lazy("menu group", "Accounting")
    CLIENTS = pgettext_lazy("menu group", "Clients")
    SALES = pgettext_lazy("menu group", "Quotes and engagements")
    SUPPORT = pgettext_lazy("menu group", "Support")
    CHECKS = pgettext_lazy("menu group", "Checks")
    SETTINGS = pgettext_lazy("menu group", "Settings")


# The order task groups are shown in, whichever app declares them first.
MENU_GROUP_ORDER = [value for name, value in vars(MenuGroup).items() if name.isupper()]
