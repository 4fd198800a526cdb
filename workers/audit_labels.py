"""The audit actions this app logs, as people read them in a history panel.

One label per action key (tests/enterprise/test_audit_labels.py fails on an
action logged in code without one); Japanese in the app's catalogue."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTION_LABELS = {
    "workers.bank_account.created": pgettext_lazy(
        "audit action", "Bank account registered"
    ),
    "workers.bank_account.updated": pgettext_lazy(
        "audit action", "Bank account changed"
    ),
    "workers.incident.recorded": pgettext_lazy("audit action", "Incident recorded"),
    "workers.incident.resolved": pgettext_lazy("audit action", "Incident resolved"),
    "workers.profile.created": pgettext_lazy("audit action", "Worker profile created"),
    "workers.profile.updated": pgettext_lazy("audit action", "Worker profile changed"),
    "workers.skill_test.failed": pgettext_lazy("audit action", "Skill test failed"),
    "workers.skill_test.passed": pgettext_lazy("audit action", "Skill test passed"),
    "workers.certification.granted": pgettext_lazy(
        "audit action", "Certification granted"
    ),
    "workers.certification.promoted": pgettext_lazy(
        "audit action", "Certification promoted"
    ),
    "workers.certification.probation": pgettext_lazy(
        "audit action", "Certification put on probation"
    ),
    "workers.certification.restored": pgettext_lazy(
        "audit action", "Certification restored"
    ),
    "workers.certification.demoted": pgettext_lazy(
        "audit action", "Certification demoted"
    ),
    "workers.certification.revoked": pgettext_lazy(
        "audit action", "Certification revoked"
    ),
    "workers.agreement.accepted": pgettext_lazy("audit action", "Agreement accepted"),
    "workers.identity.approve": pgettext_lazy(
        "audit action", "Identity check approved"
    ),
    "workers.identity.document_deleted": pgettext_lazy(
        "audit action", "Identity document deleted"
    ),
    "workers.identity.refuse": pgettext_lazy("audit action", "Identity check refused"),
    "workers.identity.submitted": pgettext_lazy(
        "audit action", "Identity document submitted"
    ),
    "workers.identity.viewed": pgettext_lazy(
        "audit action", "Identity document viewed"
    ),
    "workers.import.done": pgettext_lazy("audit action", "Workers imported"),
    "workers.profile.anonymised": pgettext_lazy(
        "audit action", "Personal data anonymised"
    ),
    "workers.profile.leave": pgettext_lazy("audit action", "Worker left"),
    "workers.profile.reinstate": pgettext_lazy("audit action", "Suspension lifted"),
    "workers.profile.suspend": pgettext_lazy("audit action", "Worker suspended"),
    "workers.signup.role_given": pgettext_lazy(
        "audit action", "Worker role given at sign-up"
    ),
}
