"""The director's home: review queue oldest first with waiting time, at-risk
(silent ones marked) and overdue subtasks, engagements by state, workload."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagements.models import Engagement, Submission, Subtask
from engagements.models.engagement import OPEN_STATES

from . import factories as d


def test_dashboard_keeps_its_title(client, world, roster):
    client.force_login(world.director)
    html = client.get("/directors/").content.decode()
    assert "<title>ディレクターダッシュボード | 元請</title>" in html


def test_dashboard_lists_and_workload(client, world, roster):
    now = timezone.now()
    d.bulk_engagements(
        5, director=world.director, client=world.client, sales=world.sales,
        category=world.category, now=now,
    )  # fmt: skip
    # The oldest submission waits 2 days 3 hours.
    oldest = Submission.objects.order_by("pk").first()
    Submission.objects.filter(pk=oldest.pk).update(
        submitted_at=now - datetime.timedelta(days=2, hours=3, minutes=5)
    )
    client.force_login(world.director)
    response = client.get("/directors/")
    context = response.context
    queue = context["queue"]["rows"]
    assert queue[0].pk == oldest.subtask_id
    assert [s.submitted_at for s in queue] == sorted(s.submitted_at for s in queue)
    html = response.content.decode()
    assert "2日3時間" in html
    # The completed engagement's subtasks are approved: 4 of each.
    assert context["at_risk"]["total"] == 4
    assert context["overdue"]["total"] == 4
    assert html.count("無反応") == 2  # engagement 0: at-risk and overdue
    assert "あと19時間" in html  # the at-risk ones are due in 20 hours
    assert "3時間0分超過" in html  # the overdue ones were due 3 hours ago
    # 5 engagements: planning, in progress, delivered, completed, contracted;
    # four are open against a limit of 5; 3 open subtasks in each open one.
    assert context["workload"] | {"profile": None} == {
        "profile": None, "engagements": 4, "open_subtasks": 12, "limit": 5,
        "percent": 80, "full": False,
    }  # fmt: skip
    assert [(row["state"], row["count"]) for row in context["by_state"]] == [
        ("contracted", 1), ("planning", 1), ("in_progress", 1),
        ("delivered", 1), ("completed", 1),
    ]  # fmt: skip


def test_another_directors_work_is_not_on_my_dashboard(client, world, roster):
    d.bulk_engagements(
        3, director=world.other_director, client=world.client, sales=world.sales,
        category=world.category,
    )  # fmt: skip
    client.force_login(world.director)
    context = client.get("/directors/").context
    assert context["queue"]["total"] == 0
    assert context["at_risk"]["total"] == 0
    assert context["overdue"]["total"] == 0
    assert context["by_state"] == []
    assert client.get("/directors/reviews/").context["page"].paginator.count == 0


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url",
    [
        "/directors/",
        "/directors/reviews/",
        "/directors/reviews/?order=newest&q=作業",
        "/directors/engagements/",
        "/directors/engagements/?state=planning&sort=title",
    ],
)
def test_same_queries_for_10_and_200_engagements(client, world, roster, url):
    def make(count):
        d.bulk_engagements(
            count, director=world.director, client=world.client,
            sales=world.sales, category=world.category,
        )  # fmt: skip

    client.force_login(world.director)
    make(10)
    client.get(url)  # warm the session and content-type caches
    small = queries(client, url)
    make(190)
    assert Engagement.objects.filter(director=world.director).count() == 200
    large = queries(client, url)
    assert small == large <= 15  # the page budget (issue 15)
    assert Subtask.objects.filter(state=Subtask.State.SUBMITTED).count() == 160


def test_dashboard_lists_the_subtasks_waiting_for_a_worker(client, world, roster):
    d.bulk_engagements(
        5, director=world.director, client=world.client, sales=world.sales,
        category=world.category,
    )  # fmt: skip
    d.bulk_engagements(
        2, director=world.other_director, client=world.client, sales=world.sales,
        category=world.category,
    )  # fmt: skip
    waiting = Subtask.objects.filter(
        engagement__director=world.director,
        state=Subtask.State.OPEN,
        engagement__state__in=OPEN_STATES,
    )
    client.force_login(world.director)
    response = client.get("/directors/")
    to_assign = response.context["to_assign"]
    assert to_assign["total"] == waiting.count()
    waiting_pks = set(waiting.values_list("pk", flat=True))
    assert {s.pk for s in to_assign["rows"]} <= waiting_pks
    html = response.content.decode()
    assert "ワーカー待ちの作業" in html
    if to_assign["rows"]:
        assert f"/directors/subtasks/{to_assign['rows'][0].pk}/assign/" in html
