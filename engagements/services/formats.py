"""What the competition, task and hourly services share: settings with
defaults, who may take part, and storing an upload with its SHA-256."""

import hashlib
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from enterprise.downloads import upload_content_type
from enterprise.roles import WORKER
from workers.models import Certification, CertificationLevel, WorkerSkill

# Operator settings: settings.ENGAGEMENTS may override any of these.
DEFAULTS = {
    "COMPETITION_LOSER_FILE_DAYS": 30,
    "TASK_CLAIM_MAX": 20,  # units one claim may take
    "TASK_IMPORT_MAX_ROWS": 100_000,
    "TASK_IMPORT_CHUNK": 2_000,  # rows per INSERT
    "TASK_AUTO_APPROVE_DAYS": 3,
    "TASK_APPEAL_DAYS": 7,
    "TASK_REJECTION_CAP_MIN": 3,
    "TASK_REJECTION_CAP_RATE": Decimal("0.30"),
    "TIMESHEET_APPROVAL_DAYS": 3,
}

HELD = [Certification.Status.ACTIVE, Certification.Status.PROBATION]


def format_setting(name: str):
    return getattr(settings, "ENGAGEMENTS", {}).get(name, DEFAULTS[name])


def eligible_workers(
    *, category, skill=None, level=None, any_skill_in_category=False
) -> QuerySet:
    """Active workers with a profile who meet a requirement.

    ``skill``: declared (WorkerSkill); ``any_skill_in_category``: some skill
    of ``category`` when no skill is named; ``level`` (CertificationLevel or
    None): a held certification of at least that rank in ``category``, or of
    any rank when ``level`` is ``True``.
    """
    users = get_user_model().objects.filter(
        is_active=True, groups__name=WORKER, worker_profile__isnull=False
    )
    if skill is not None:
        users = users.filter(
            Exists(
                WorkerSkill.objects.filter(profile__user=OuterRef("pk"), skill=skill)
            )
        )
    elif any_skill_in_category:
        users = users.filter(
            Exists(
                WorkerSkill.objects.filter(
                    profile__user=OuterRef("pk"), skill__category=category
                )
            )
        )
    if level:
        held = Certification.objects.filter(
            worker=OuterRef("pk"), category=category, status__in=HELD
        )
        if isinstance(level, CertificationLevel):
            held = held.filter(level__rank__gte=level.rank)
        users = users.filter(Exists(held))
    return users.distinct()


def level_by_code(code: str) -> CertificationLevel | None:
    return CertificationLevel.objects.filter(code=code).first() if code else None


def qualifications(user) -> tuple[dict[int, int], set[int]]:
    """({category id: highest certification rank held}, {skill ids}) in two
    queries, to filter many competitions or batches for one worker."""
    ranks: dict[int, int] = {}
    for category_id, rank in Certification.objects.filter(
        worker=user, status__in=HELD
    ).values_list("category_id", "level__rank"):
        ranks[category_id] = max(rank, ranks.get(category_id, 0))
    skills = set(
        WorkerSkill.objects.filter(profile__user=user).values_list(
            "skill_id", flat=True
        )
    )
    return ranks, skills


def store_upload(record, upload) -> None:
    """Fill ``record``'s file fields from an upload and save it.

    The SHA-256 is computed while reading, before the file is stored.
    """
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = PurePath(upload.name).name
    record.original_name = name
    record.size = upload.size
    # From the allow-list, never the browser's claim (enterprise.downloads).
    record.content_type = upload_content_type(name)
    record.sha256 = digest.hexdigest()
    record.file.save(name, upload, save=False)
    record.save()
