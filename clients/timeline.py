"""The audit rows of a client, worded for people (the stored names stay stable)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import CheckResult, Client, ScreeningCheck

ACTION_LABELS = {
    "clients.client.created": pgettext_lazy("client event", "Registered"),
    "clients.client.updated": _("Details changed"),
    "clients.client.start_screening": _("Screening started"),
    "clients.client.activate": _("Activated"),
    "clients.client.decline": _("Declined"),
    "clients.client.suspend": _("Suspended"),
    "clients.client.reactivate": _("Reactivated"),
    "clients.client.check_recorded": _("Check recorded"),
    "clients.client.watchlisted": _("Put on the watchlist"),
    "clients.client.unwatchlisted": _("Taken off the watchlist"),
    "clients.contact.added": _("Contact added"),
    "clients.contact.deactivated": _("Contact login closed"),
    "clients.agreement.created": _("Master agreement recorded"),
}
STATE_LABELS = dict(Client.State.choices)
KIND_LABELS = dict(ScreeningCheck.Kind.choices)
RESULT_LABELS = dict(CheckResult.choices)


def labelled_timeline(entries) -> list:
    """The entries with their action and states replaced by their labels, for
    templates/_timeline.html. Display only: the rows are never saved."""
    labelled = []
    for entry in entries:
        label = str(ACTION_LABELS.get(entry.action, entry.action))
        data = entry.data or {}
        if "kind" in data and "result" in data:
            label = f"{label}: {KIND_LABELS.get(data['kind'], data['kind'])} "
            label += f"{RESULT_LABELS.get(data['result'], data['result'])}"
        elif "email" in data:
            label = f"{label}: {data['email']}"
        elif "version" in data:
            label = f"{label}: v{data['version']}"
        entry.action = label
        entry.from_state = str(STATE_LABELS.get(entry.from_state, entry.from_state))
        entry.to_state = str(STATE_LABELS.get(entry.to_state, entry.to_state))
        labelled.append(entry)
    return labelled
