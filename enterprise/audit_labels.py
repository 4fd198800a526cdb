"""The audit actions this app logs, as people read them in a history panel.

One label per action key (tests/enterprise/test_audit_labels.py fails on an
action logged in code without one); Japanese in the app's catalogue."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTION_LABELS = {
    "accounts.user.locked": pgettext_lazy("audit action", "Account locked"),
    "accounts.user.unlocked": pgettext_lazy("audit action", "Account unlocked"),
    "enterprise.document.tamper_detected": pgettext_lazy(
        "audit action", "Document tampering detected"
    ),
}
