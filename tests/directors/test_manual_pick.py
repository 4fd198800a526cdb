"""The manual pick beside the ranked list: a director finds any worker who
may take offers by name or login ID and offers through the same service;
and a worker reads by the profile's display name, not the login ID."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements.models import Subtask
from enterprise.models import AuditLog
from workers.models import WorkerProfile
from workers.selectors import PICK_LIMIT

from . import factories as d

SUSPENDED = WorkerProfile.Status.SUSPENDED


def _named(user, name):
    WorkerProfile.objects.filter(user=user).update(display_name=name)


@pytest.fixture
def subtask(world, planning):
    # No required skill: the ranked list is empty, the manual pick is not.
    return d.add_subtask(planning, world.director)


def test_the_director_finds_a_worker_by_name_and_offers(client, world, subtask):
    _named(world.alice, "小林 翔")
    client.force_login(world.director)
    url = f"/directors/subtasks/{subtask.pk}/assign/"
    html = client.get(url, {"q": "小林"}).content.decode()
    assert "自分でワーカーを選ぶ" in html
    assert "小林 翔" in html and "alice" in html  # name and login ID
    assert client.get(url, {"q": "alic"}).context["picks"][0].user == world.alice
    response = client.post(
        f"/directors/subtasks/{subtask.pk}/offer/", {"worker": world.alice.pk}
    )
    assert response.status_code == 302
    subtask.refresh_from_db()
    assert (subtask.state, subtask.offered_to) == (Subtask.State.OFFERED, world.alice)
    assert AuditLog.objects.filter(
        action="engagements.subtask.offered", actor=world.director
    ).exists()
    html = client.get(url).content.decode()
    assert "小林 翔さんに依頼しました" in html or "小林 翔" in html
    assert "<td>alice</td>" not in html  # the offers table shows the name


def test_a_suspended_worker_is_not_listed_and_an_offer_gets_a_message(
    client, world, subtask
):
    WorkerProfile.objects.filter(user=world.bob).update(status=SUSPENDED)
    client.force_login(world.director)
    url = f"/directors/subtasks/{subtask.pk}/assign/"
    response = client.get(url, {"q": "bob"})
    assert response.context["picks"] == []
    nobody = "条件に合う、依頼を受けられるワーカーはいません。"
    assert nobody in response.content.decode()
    # A page left open before the suspension still posts bob's id.
    response = client.post(
        f"/directors/subtasks/{subtask.pk}/offer/", {"worker": world.bob.pk}
    )
    assert response.status_code == 200
    assert "取引停止" in response.content.decode()
    subtask.refresh_from_db()
    assert subtask.state == Subtask.State.OPEN


def test_a_person_who_is_no_worker_gets_a_message_not_an_error(client, world, subtask):
    client.force_login(world.director)
    response = client.post(
        f"/directors/subtasks/{subtask.pk}/offer/", {"worker": world.sales.pk}
    )
    assert response.status_code == 400
    assert "この方には作業を依頼できません。" in response.content.decode()
    subtask.refresh_from_db()
    assert subtask.state == Subtask.State.OPEN


def test_another_directors_subtask_is_404(client, world, subtask):
    client.force_login(world.other_director)
    url = f"/directors/subtasks/{subtask.pk}/"
    assert client.get(url + "assign/", {"q": "alice"}).status_code == 404
    assert client.post(url + "offer/", {"worker": world.alice.pk}).status_code == 404


def test_the_search_shows_at_most_twenty_in_fifteen_queries(client, world, subtask):
    from tests.engagements import factories as f

    for n in range(PICK_LIMIT + 5):
        f.worker(f"picker{n:02d}")
    client.force_login(world.director)
    url = f"/directors/subtasks/{subtask.pk}/assign/"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"q": "picker"})
    assert response.status_code == 200
    assert len(response.context["picks"]) == PICK_LIMIT
    assert len(ctx) <= 15, [q["sql"][:80] for q in ctx.captured_queries]


def test_director_pages_show_the_workers_display_name(client, world, submitted):
    _named(world.alice, "小林 翔")
    subtask = submitted.subtask
    client.force_login(world.director)
    for url in (
        f"/directors/subtasks/{subtask.pk}/review/",
        f"/directors/subtasks/{subtask.pk}/assign/",
        f"/directors/engagements/{subtask.engagement_id}/",
        "/directors/reviews/",
        "/directors/",
    ):
        html = client.get(url).content.decode()
        assert "小林 翔" in html, url
        assert ">alice<" not in html and "alice ・" not in html, url
