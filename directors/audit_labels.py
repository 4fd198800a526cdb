"""The audit actions this app logs, as people read them in a history panel.

One label per action key (tests/enterprise/test_audit_labels.py fails on an
action logged in code without one); Japanese in the app's catalogue."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTION_LABELS = {
    "directors.profile.added": pgettext_lazy("audit action", "Director profile added"),
    "directors.profile.changed": pgettext_lazy(
        "audit action", "Director profile changed"
    ),
}
