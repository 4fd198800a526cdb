"""Scale dataset: workers with a profile, a bank account and two declared
skills (``manage.py seed_scale``; see ``enterprise.scale``)."""

from enterprise.models import Skill, WorkCategory
from enterprise.roles import WORKER
from enterprise.scale import BATCH, bulk_users

from .models import BankAccount, WorkerProfile, WorkerSkill

KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ"


def _profile(n: int, user) -> WorkerProfile:
    kana = KANA[n % len(KANA)] + KANA[(n // len(KANA)) % len(KANA)]
    return WorkerProfile(
        user=user,
        kind=WorkerProfile.Kind.INDIVIDUAL,
        legal_name=f"規模 太郎{n}",
        legal_name_kana=f"キボ {kana}",
        display_name=f"ワーカー{n:05d}",
        # Every fourth worker is a registered (T-number) business.
        registration_number=f"T{9_000_000_000_000 + n}" if n % 4 == 0 else "",
        capacity=5,
    )


def _account(n: int, profile) -> BankAccount:
    return BankAccount(
        profile=profile,
        bank_code="0001",
        bank_name="ミズホ",
        branch_code=f"{n % 900 + 100:03d}",
        branch_name="トウキヨウ",
        account_type=1,
        account_number=f"{n % 10_000_000:07d}",
        holder_name="キボ タロウ",
    )


def seed(world: dict, *, sizes: dict, stdout) -> None:
    count = sizes["workers"]
    users = bulk_users("scale-worker", count, WORKER, password=world["password"])
    profiles = WorkerProfile.objects.bulk_create(
        (_profile(n, u) for n, u in enumerate(users, start=1)), batch_size=BATCH
    )
    BankAccount.objects.bulk_create(
        (_account(n, p) for n, p in enumerate(profiles, start=1)), batch_size=BATCH
    )
    skills = list(Skill.objects.order_by("pk"))
    WorkerSkill.objects.bulk_create(
        (
            WorkerSkill(
                profile=p,
                skill=skills[(n + k) % len(skills)],
                self_level=(n + k) % 5 + 1,
            )
            for n, p in enumerate(profiles)
            for k in (0, 7)
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    world["workers"] = users
    world["categories"] = list(WorkCategory.objects.order_by("pk"))
    stdout.write(f"  workers: {count} with a bank account and two skills each")
