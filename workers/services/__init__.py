"""Every write of the workers app.

Engagements calls ``work_record_add``, ``response_record_add``,
``incident_record`` and ``assignment_count_changed``; support calls
``delivery_rating_record``; nothing else here is meant for other apps.
"""

from .certification import (
    certification_recompute,
    certification_recompute_worker,
    certification_targets,
)
from .incidents import incident_record, incident_resolve
from .profiles import (
    PROFILE_FIELDS,
    assignment_count_changed,
    assignment_count_set,
    bank_account_save,
    bank_details,
    profile_save,
    worker_skill_remove,
    worker_skill_set,
)
from .records import delivery_rating_record, response_record_add, work_record_add
from .skilltests import skill_test_attempt_submit, skill_test_retake_at

__all__ = [
    "PROFILE_FIELDS",
    "assignment_count_changed",
    "assignment_count_set",
    "bank_account_save",
    "bank_details",
    "delivery_rating_record",
    "certification_recompute",
    "certification_recompute_worker",
    "certification_targets",
    "incident_record",
    "incident_resolve",
    "profile_save",
    "response_record_add",
    "skill_test_attempt_submit",
    "skill_test_retake_at",
    "work_record_add",
    "worker_skill_remove",
    "worker_skill_set",
]
