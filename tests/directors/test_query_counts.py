"""The roster, the list of my engagements and the decomposition board cost
the same small number of queries however many rows they show (issue #15:
at an operator's size these pages took 120–500 ms)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directors import selectors
from directors.models import DirectorProfile
from engagements.models import Engagement, Subtask
from tests.engagements import factories as f

from . import factories as d

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def _subtasks(engagement, count, state=Subtask.State.OPEN, start=0):
    Subtask.objects.bulk_create(
        Subtask(
            engagement=engagement,
            title=f"記事 {start + n:04d}",
            instructions="指示",
            deliverable_spec="仕様",
            reward=10_000,
            due_at=f.in_days(5 + n % 20),
            state=state,
        )  # fmt: skip
        for n in range(count)
    )


def _directors(world, count):
    for n in range(count):
        director = f.user_with_roles(
            f"roster-{DirectorProfile.objects.count()}", "director"
        )
        d.on_roster(director, limit=20)
        d.bulk_engagements(
            n % 3 + 1, director=director, client=world.client, sales=world.sales,
            category=world.category,
        )  # fmt: skip


def test_roster_counts_each_directors_load_in_constant_queries(client, world, roster):
    d.bulk_engagements(
        5, director=world.director, client=world.client, sales=world.sales,
        category=world.category,
    )  # fmt: skip
    client.force_login(world.sales)
    client.get("/directors/roster/")
    _directors(world, 3)
    small, _html = queries(client, "/directors/roster/")
    _directors(world, 12)
    large, html = queries(client, "/directors/roster/")
    assert small == large <= MAX_QUERIES
    assert DirectorProfile.objects.count() == 17
    # Of the 5 engagements (one per state) 4 are open, the completed one is
    # not; each has 3 subtasks in hand.
    [mine] = [p for p in _roster(client) if p.user_id == world.director.pk]
    open_ = Engagement.objects.filter(director=world.director).exclude(
        state=Engagement.State.COMPLETED
    )
    assert mine.open_engagements == open_.count() == 4
    assert mine.open_subtasks == 12
    assert world.director.display_name in html


def _roster(client):
    return client.get("/directors/roster/").context["profiles"]


def test_board_of_a_big_engagement_shows_a_page_of_subtasks(client, world, planning):
    client.force_login(world.director)
    url = f"/directors/engagements/{planning.pk}/"
    _subtasks(planning, 20)
    client.get(url)
    small, _html = queries(client, url)
    _subtasks(planning, 230, start=20)
    _subtasks(planning, 5, state=Subtask.State.CANCELLED, start=250)
    large, html = queries(client, url)
    assert small == large <= MAX_QUERIES
    assert html.count('href="/directors/subtasks/') <= 2 * 50  # edit + assign
    assert html.count("記事 0") == 50  # one page of 255 rows
    assert "1 / 6 ページ" in html
    assert "キャンセル (5)" in html


def test_board_filters_by_state_and_pages_on(client, world, planning):
    client.force_login(world.director)
    _subtasks(planning, 150)
    _subtasks(planning, 3, state=Subtask.State.CANCELLED, start=500)
    url = f"/directors/engagements/{planning.pk}/"
    html = client.get(url + "?state=cancelled").content.decode()
    assert html.count("記事 0500") == 1 and html.count("記事 0") == 3
    third = client.get(url + "?page=3").content.decode()
    assert third.count("記事 0") == 50
    fourth = client.get(url + "?page=4").content.decode()
    assert fourth.count("記事 0") == 3


def test_my_engagements_show_progress_in_constant_queries(client, world, roster):
    client.force_login(world.director)
    url = "/directors/engagements/"

    def make(count):
        engagements = d.bulk_engagements(
            count, director=world.director, client=world.client, sales=world.sales,
            category=world.category,
        )  # fmt: skip
        for e in engagements:
            _subtasks(e, 1, state=Subtask.State.APPROVED)
            _subtasks(e, 1, state=Subtask.State.CANCELLED)

    make(5)
    client.get(url)
    small, _html = queries(client, url)
    make(60)
    large, html = queries(client, url)
    assert small == large <= MAX_QUERIES
    # 3 working subtasks and 1 approved of each; the cancelled one not counted.
    assert "4件中1件承認" in html


def test_roster_shows_fifty_directors_a_page_each_once(client, world, roster):
    for n in range(60):
        d.on_roster(f.user_with_roles(f"roster-page-{n:02d}", "director"), limit=20)
    d.bulk_engagements(
        2, director=world.director, client=world.client, sales=world.sales,
        category=world.category,
    )  # fmt: skip
    client.force_login(world.sales)
    total = DirectorProfile.objects.count()
    assert 60 < total <= 100
    first, html = queries(client, "/directors/roster/")
    second, html2 = queries(client, "/directors/roster/?page=2")
    assert first == second <= MAX_QUERIES
    assert "1 / 2" in html and "2 / 2" in html2
    shown = [
        p.pk
        for page in ("1", "2")
        for p in client.get(f"/directors/roster/?page={page}").context["profiles"]
    ]
    assert len(shown) == len(set(shown)) == total  # each entry once, none lost
    assert shown == list(DirectorProfile.objects.values_list("pk", flat=True))
    assert len(client.get("/directors/roster/").context["profiles"]) == 50
    [mine] = [
        p
        for page in ("1", "2")
        for p in client.get(f"/directors/roster/?page={page}").context["profiles"]
        if p.user_id == world.director.pk
    ]
    assert mine.open_engagements == 2  # the load is counted on whichever page


def test_board_pages_show_every_subtask_once_soonest_due_first(client, world, planning):
    """Paging keeps the board's rows and order: walking the pages gives every
    subtask once, by due date then creation, as the one long list did."""
    client.force_login(world.director)
    _subtasks(planning, 120)
    url = f"/directors/engagements/{planning.pk}/"
    shown = []
    for page in (1, 2, 3):
        rows = client.get(f"{url}?page={page}").context["page"].object_list
        shown.extend(subtask.pk for subtask in rows)
    expected = list(
        Subtask.objects.filter(engagement=planning)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    assert shown == expected and len(expected) == 120


def test_a_page_of_directors_counts_the_same_as_the_whole_roster(
    world, roster, monkeypatch
):
    """A page of the roster reads its directors' counts alone; past
    SCOPED_COUNTS_MAX the roster reads every director's: the same figures."""
    d.bulk_engagements(
        5, director=world.director, client=world.client, sales=world.sales,
        category=world.category,
    )  # fmt: skip
    _directors(world, 4)

    def loads():
        profiles = selectors.with_standing(list(selectors.roster_entries()))
        return {p.user_id: (p.open_engagements, p.open_subtasks) for p in profiles}

    scoped = loads()
    monkeypatch.setattr(selectors, "SCOPED_COUNTS_MAX", 0)
    assert loads() == scoped
    assert scoped[world.director.pk] == (4, 12)
    assert sorted(n for n, _s in scoped.values()) == [0, 1, 1, 2, 3, 4]
