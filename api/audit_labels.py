"""The audit actions this app logs, as people read them in a history panel.

One label per action key (tests/enterprise/test_audit_labels.py fails on an
action logged in code without one); Japanese in the app's catalogue."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTION_LABELS = {
    "api.call": pgettext_lazy("audit action", "API call"),
    "api.key.created": pgettext_lazy("audit action", "API key created"),
    "api.key.revoked": pgettext_lazy("audit action", "API key revoked"),
    "api.webhook.created": pgettext_lazy("audit action", "Webhook created"),
    "api.webhook.replayed": pgettext_lazy("audit action", "Webhook resent"),
}
