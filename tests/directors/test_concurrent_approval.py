"""Two people approve the same submission at the same moment (PostgreSQL).

Each thread has its own database connection. The supervising director and a
superuser press "approve" together; the row lock in review_approve lets one
through and the other then finds the work already reviewed.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from engagements.models import Review, Subtask
from engagements.services import work
from engagements.signals import subtask_approved
from enterprise.models import AuditLog

pytestmark = [
    # The flush after this test empties the database; post_migrate handlers
    # put the migrations' reference rows back (roles, rates, levels).
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks across connections: PostgreSQL only "
        "(SQLite locks the whole database file)",
    ),
]


def test_two_approvals_at_once_make_one_approval(world, submitted, superuser):
    barrier = threading.Barrier(2)
    first_inside = threading.Event()
    outcomes = {}

    def hold_the_lock(**kwargs):
        # The winner keeps its transaction open a moment, so the other
        # approval really waits on the lock instead of arriving later.
        first_inside.set()
        threading.Event().wait(0.3)

    subtask_approved.connect(hold_the_lock, weak=False)

    def approve(name, user):
        try:
            barrier.wait()
            work.review_approve(submission=submitted, by=user, rating=5)
            outcomes[name] = "approved"
        except ValidationError as exc:
            outcomes[name] = exc.messages
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=("director", world.director)),
        threading.Thread(target=approve, args=("superuser", superuser)),
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        subtask_approved.disconnect(hold_the_lock)

    assert first_inside.is_set()
    assert sorted(map(str, outcomes.values())) == sorted(
        ["approved", str(["この提出物はすでにレビュー済みです。"])]
    )
    assert Subtask.objects.get(pk=submitted.subtask_id).state == "approved"
    assert Review.objects.count() == 1
    assert AuditLog.objects.filter(action="engagements.subtask.approved").count() == 1
