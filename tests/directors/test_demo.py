"""The demo roster: director (staff) and veteran (senior veteran worker)."""

from io import StringIO

from directors import demo, selectors
from enterprise import demo as enterprise_demo
from enterprise.models import AuditLog
from workers import demo as workers_demo


def seed():
    for module in (enterprise_demo, workers_demo, demo):
        module.seed(stdout=StringIO())


def test_demo_roster_is_eligible_and_seeding_twice_changes_nothing(db):
    seed()
    rows = {p.user.username: p for p in selectors.roster()}
    assert {name: (p.kind, p.max_engagements) for name, p in rows.items()} == {
        "director": ("staff", 8),
        "veteran": ("veteran", 3),
    }
    assert all(p.standing.eligible for p in rows.values())
    assert "ライティングのシニア認定ワーカー" in rows["veteran"].standing.notes
    added = AuditLog.objects.filter(action__startswith="directors.profile.").count()
    seed()
    assert AuditLog.objects.filter(action__startswith="directors.profile.").count() == (
        added
    )
