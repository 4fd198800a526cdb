"""Demo roster: ``director`` (staff) and ``veteran`` (a veteran worker, senior
certified in the workers demo, which runs before this one).

Safe to run again: the entries go through ``roster_save``, which updates an
existing entry and writes an audit row only when something changed.
"""

from django.contrib.auth import get_user_model

from . import services
from .models import DirectorProfile

ROSTER = [
    # username, kind, workload limit, note
    ("director", DirectorProfile.Kind.STAFF, 8, "ライティング・デザイン案件の担当"),
    (
        "veteran",
        DirectorProfile.Kind.VETERAN,
        3,
        "シニア認定（ライティング・デザイン）",
    ),
]


def seed(*, stdout) -> None:
    users = get_user_model().objects
    admin = users.get(username="admin")
    for username, kind, limit, note in ROSTER:
        services.roster_save(
            user=users.get(username=username),
            by=admin,
            kind=kind,
            active=True,
            max_engagements=limit,
            note=note,
        )
    stdout.write(f"  director roster: {', '.join(name for name, *_ in ROSTER)}")
