"""The columns of the worker search's export."""

from django.utils.translation import gettext_lazy as _

from enterprise.exports import field

from .models import WorkerProfile, WorkerSkill

WORKER_COLUMNS = [
    field(WorkerProfile, "display_name"),
    field(WorkerProfile, "legal_name_kana"),
    (
        WorkerSkill._meta.verbose_name_plural,
        lambda p: " / ".join(s.skill.label for s in p.skill_list),
    ),
    field(WorkerProfile, "capacity"),
    (_("Free slots"), lambda p: p.capacity_left_now),
]
