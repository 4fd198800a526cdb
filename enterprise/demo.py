"""Demo users, one or more per role. Every demo password is ``demo-pass``.

Each app above this one extends the demo in its own ``demo.py`` (``seed_demo``
runs them in INSTALLED_APPS order); this one makes the people.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .roles import CLIENT, COMPLIANCE, DIRECTOR, FINANCE, SALES, SUPPORT, WORKER

DEMO_PASSWORD = "demo-pass"

# (username, last name, first name, roles, is_staff)
DEMO_USERS = [
    ("sales", "佐藤", "健太", [SALES], True),
    ("director", "高橋", "美咲", [DIRECTOR], True),
    ("veteran", "伊藤", "直樹", [WORKER, DIRECTOR], False),
    ("finance", "渡辺", "由美", [FINANCE], True),
    ("compliance", "森", "恵子", [COMPLIANCE], True),
    ("support", "岡田", "真一", [SUPPORT], True),
    ("client-a", "山本", "大輔", [CLIENT], False),
    ("client-b", "中村", "さくら", [CLIENT], False),
] + [
    (f"worker{n}", last, first, [WORKER], False)
    for n, (last, first) in enumerate(
        [
            ("小林", "翔"),
            ("加藤", "陽菜"),
            ("吉田", "蓮"),
            ("山田", "結衣"),
            ("佐々木", "大和"),
            ("山口", "葵"),
            ("松本", "湊"),
            ("井上", "凛"),
            ("木村", "悠真"),
            ("林", "芽依"),
            ("斎藤", "蒼"),
            ("清水", "咲良"),
        ],
        start=1,
    )
]


def seed(*, stdout) -> None:
    User = get_user_model()
    # One hash for every demo login: hashing is slow on purpose (PBKDF2).
    password = make_password(DEMO_PASSWORD)
    User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "last_name": "管理者",
            "password": password,
        },
    )
    for username, last, first, roles, is_staff in DEMO_USERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": last,
                "first_name": first,
                "is_staff": is_staff,
                "email": f"{username}@example.jp",
                "password": password,
            },
        )
        user.groups.add(*Group.objects.filter(name__in=roles))
    stdout.write(f"  users: admin and {len(DEMO_USERS)} demo people")
    from .demo_operator import seed_operator

    seed_operator(stdout=stdout)


def logins() -> list[tuple[str, str]]:
    """(username, roles) of every demo login, for the closing printout."""
    rows = [("admin", "superuser")]
    rows += [(name, ", ".join(roles)) for name, _l, _f, roles, _s in DEMO_USERS]
    return rows
