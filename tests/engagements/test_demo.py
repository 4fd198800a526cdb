"""seed_demo makes engagements in every state through the services, and
running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from engagements import selectors
from engagements.models import (
    CatalogueItem,
    Engagement,
    Message,
    Quote,
    ScreeningKeyword,
    Submission,
    Subtask,
)
from enterprise.models import User, WorkCategory

S = Engagement.State


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def _snapshot():
    return [
        Engagement.objects.count(),
        Subtask.objects.count(),
        Submission.objects.count(),
        Message.objects.count(),
        Quote.objects.count(),
        CatalogueItem.objects.count(),
        ScreeningKeyword.objects.count(),
    ]


def test_seed_demo_runs_twice_and_leaves_an_engagement_in_every_state(seeded):
    before = _snapshot()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _snapshot() == before
    assert "engagements: already there" in out.getvalue()
    states = set(Engagement.objects.values_list("state", flat=True))
    # The invoicing demo may bill some completed ones (invoiced): either counts.
    assert set(S.values) - {S.INVOICED, S.COMPLETED} <= states
    finished = Engagement.objects.filter(state__in=[S.COMPLETED, S.INVOICED])
    assert finished.count() >= 3
    screened = Engagement.objects.get(state=S.SCREENING)
    assert "名簿" in [hit["phrase"] for hit in screened.screening_hits]


def test_each_demo_login_finds_something_to_do_and_prices_have_history(seeded, client):
    users = {u.username: u for u in User.objects.all()}
    worker1, director = users["worker1"], users["director"]
    offers = selectors.pending_offers_for_worker(user=worker1)
    # Other apps' demos may add to these lists: ours must be in them.
    assert "記事: 年末の大掃除とデスク整理（追加）" in [o.subtask.title for o in offers]
    queue = selectors.review_queue(director=director)
    assert "記事: オンライン会議のマナー" in [s.title for s in queue]
    assert Subtask.objects.filter(
        state=Subtask.State.REVISION_REQUESTED, assignee=worker1
    ).exists()
    assert Message.objects.filter(
        is_question=True, answered_at__isnull=True, author=worker1
    ).exists()
    assert selectors.worker_ratings(user=worker1).count() >= 2
    assert Engagement.objects.filter(director=users["veteran"]).count() == 1
    for login, state in (("client-a", S.QUOTED), ("client-a", S.DELIVERED)):
        mine = selectors.engagement_list_for_user(user=users[login])
        assert mine.filter(state=state).exists(), (login, state)
    client.force_login(worker1)
    home = client.get(reverse("engagements:worker_home")).content.decode()
    assert "記事: 年末の大掃除とデスク整理（追加）" in home
    assert "修正の際は、各ツールの公式サイトの最新情報をご確認ください。" in home
    logo = CatalogueItem.objects.get(name="ロゴデザイン")
    assert (logo.unit_price, logo.unit, logo.category.code) == (55_555, "式", "design")
    article = CatalogueItem.objects.get(name="記事作成 2,000字")
    assert (article.unit_price, article.unit) == (19_800, "本")
    assert {"個人情報", "名簿", "アフィリエイト", "リスト販売"} <= set(
        ScreeningKeyword.objects.values_list("phrase", flat=True)
    )
    writing = WorkCategory.objects.get(code="writing")
    # メールマガジン 4本 (¥79,200) and プレスリリース 3本 (¥59,400) at ¥19,800
    # a piece; the invoicing demo may add completed work of its own.
    prices = selectors.reference_prices(category=writing)
    assert prices["count"] >= 2
    assert prices["min"] <= 59_400 and prices["max"] >= 79_200


def test_open_demo_subtasks_require_a_skill_and_their_panel_ranks_workers(
    seeded, client
):
    from workers.models import WorkerSkill

    open_subtasks = list(
        Subtask.objects.filter(
            state=Subtask.State.OPEN, engagement__director__isnull=False
        )
        .exclude(engagement__state__in=[S.CANCELLED])
        .select_related("engagement__director", "required_skill")
    )
    assert open_subtasks
    with_skill = [s for s in open_subtasks if s.required_skill_id]
    assert len(with_skill) * 2 > len(open_subtasks)
    for subtask in with_skill:
        client.force_login(subtask.engagement.director)
        page = client.get(reverse("directors:assign", args=[subtask.pk]))
        text = page.content.decode()
        assert page.status_code == 200
        holders = WorkerSkill.objects.filter(skill=subtask.required_skill)
        names = {h.profile.display_name for h in holders.select_related("profile")}
        assert any(name in text for name in names), subtask.title
        assert "No worker can take this work now." not in text
        assert "現在この作業を担当できるワーカーはいません。" not in text
