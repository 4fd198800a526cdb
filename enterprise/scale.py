"""Bulk builders of the scale dataset (``manage.py seed_scale``).

The command runs ``seed_demo`` first (reference data, rates, the operator,
one of every shape, the demo logins), then each app's ``scale.seed`` in
INSTALLED_APPS order; each adds its rows with ``bulk_create`` in batches and
leaves what the apps above it need in ``world``. Every row is in a state
its machine can reach. This one makes the people.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .demo import DEMO_PASSWORD

BATCH = 5000


def bulk_users(prefix: str, count: int, role: str, *, password: str) -> list:
    """``count`` users ``prefix00001``… in the group ``role``, sharing one
    password hash (hashing is slow on purpose)."""
    User = get_user_model()
    users = User.objects.bulk_create(
        (
            User(
                username=f"{prefix}{n:05d}",
                email=f"{prefix}{n:05d}@scale.example.jp",
                last_name="規模",
                first_name=f"{prefix}{n}",
                password=password,
            )
            for n in range(1, count + 1)
        ),
        batch_size=BATCH,
    )
    group = Group.objects.get(name=role)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        (Membership(user_id=u.pk, group_id=group.pk) for u in users),
        batch_size=BATCH,
    )
    return users


def seed(world: dict, *, sizes: dict, stdout) -> None:
    User = get_user_model()
    world["password"] = make_password(DEMO_PASSWORD)
    world["sales"] = User.objects.get(username="sales")
    world["director"] = User.objects.get(username="director")
    world["finance"] = User.objects.get(username="finance")
    from .roles import DIRECTOR

    world["directors"] = [world["director"]] + bulk_users(
        "scale-director", sizes["directors"], DIRECTOR, password=world["password"]
    )
    stdout.write(f"  people: {sizes['directors']} directors")
