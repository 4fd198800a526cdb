"""The dashboard's subtask lists read only the director's open engagements
(issue 15: at full scale PostgreSQL scanned every director's submitted
subtasks). That drops no row because a closed engagement holds no subtask
still in hand; these tests pin both: the rows, order and totals are those of
every one of the director's subtasks in that state, and the services that
close an engagement leave none behind."""

import pytest
from django.utils import timezone

from directors import selectors
from engagements.models import Engagement, Subtask
from engagements.services import delivery
from engagements.services.monitoring import at_risk_q
from enterprise.fsm import TransitionRefused

from . import factories as d

WORKING = [Subtask.State.ASSIGNED, Subtask.State.REVISION_REQUESTED]


def _everything_of(director, now):
    """The lists as defined before, over all the director's engagements."""
    mine = Subtask.objects.filter(engagement__director=director)
    return {
        "queue": mine.filter(state=Subtask.State.SUBMITTED),
        "at_risk": mine.filter(at_risk_q(now)),
        "overdue": mine.filter(state__in=WORKING, due_at__lt=now),
    }


def test_dashboard_lists_hold_every_one_of_my_subtasks_in_that_state(
    client, world, roster
):
    now = timezone.now()
    engagements = d.bulk_engagements(
        15, director=world.director, client=world.client, sales=world.sales,
        category=world.category, now=now,
    )  # fmt: skip
    delivery.engagement_cancel(
        engagement=engagements[1], by=world.director, reason="方針変更"
    )
    d.bulk_engagements(
        5, director=world.other_director, client=world.client, sales=world.sales,
        category=world.category, now=now,
    )  # fmt: skip
    client.force_login(world.director)
    context = client.get("/directors/").context
    expected = _everything_of(world.director, now)
    shown = {
        "queue": selectors.review_queue(director=world.director),
        "at_risk": selectors.at_risk_subtasks(director=world.director, now=now),
        "overdue": selectors.overdue_subtasks(director=world.director, now=now),
    }
    # 15 engagements, 3 completed and 1 cancelled: 11 still hold work.
    assert {name: context[name]["total"] for name in shown} == {
        "queue": 11, "at_risk": 11, "overdue": 11,
    }  # fmt: skip
    for name, rows in shown.items():
        assert set(rows.values_list("pk", flat=True)) == set(
            expected[name].values_list("pk", flat=True)
        )
        assert [s.pk for s in context[name]["rows"]] == [s.pk for s in rows[:10]]
    # Soonest due first; subtasks due at the same moment in creation order.
    for name in ("at_risk", "overdue"):
        due = [(s.due_at, s.pk) for s in shown[name]]
        assert due == sorted(due)


def test_cancelling_an_engagement_takes_its_work_off_the_dashboard(
    client, world, submitted
):
    engagement = submitted.subtask.engagement
    client.force_login(world.director)
    assert client.get("/directors/").context["queue"]["total"] == 1
    delivery.engagement_cancel(engagement=engagement, by=world.director, reason="中止")
    assert not Subtask.objects.filter(
        engagement=engagement, state=Subtask.State.SUBMITTED
    ).exists()
    assert client.get("/directors/").context["queue"]["total"] == 0


def test_an_engagement_with_work_in_review_cannot_be_delivered(world, submitted):
    engagement = submitted.subtask.engagement
    with pytest.raises(TransitionRefused):
        delivery.engagement_deliver(
            engagement=engagement, by=world.director, note="納品"
        )
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.IN_PROGRESS
    [queued] = selectors.review_queue(director=world.director)
    assert queued.pk == submitted.subtask_id
