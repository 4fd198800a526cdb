"""The audit actions this app logs, as people read them in a history panel.

One label per action key (tests/enterprise/test_audit_labels.py fails on an
action logged in code without one); Japanese in the app's catalogue."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTION_LABELS = {
    "clients.agreement.created": pgettext_lazy(
        "audit action", "Master agreement created"
    ),
    "clients.client.check_recorded": pgettext_lazy("audit action", "Check recorded"),
    "clients.client.created": pgettext_lazy("audit action", "Company registered"),
    "clients.client.updated": pgettext_lazy("audit action", "Company details changed"),
    "clients.client.watchlisted": pgettext_lazy(
        "audit action", "Put on the watch list"
    ),
    "clients.client.unwatchlisted": pgettext_lazy(
        "audit action", "Taken off the watch list"
    ),
    "clients.client.start_screening": pgettext_lazy(
        "audit action", "Screening started"
    ),
    "clients.client.activate": pgettext_lazy("audit action", "Trading started"),
    "clients.client.decline": pgettext_lazy("audit action", "Trading declined"),
    "clients.client.suspend": pgettext_lazy("audit action", "Trading suspended"),
    "clients.client.reactivate": pgettext_lazy("audit action", "Trading resumed"),
    "clients.contact.added": pgettext_lazy("audit action", "Contact added"),
    "clients.contact.deactivated": pgettext_lazy("audit action", "Contact deactivated"),
    "clients.agreement.accepted": pgettext_lazy(
        "audit action", "Master agreement accepted"
    ),
}
