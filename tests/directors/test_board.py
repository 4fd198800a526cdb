"""The decomposition board: budget and margin at the top, subtasks as rows,
and the director's actions on the engagement."""

from django.contrib.auth.models import Group

from engagements.models import Engagement, Offer, Subtask
from engagements.services import work
from enterprise.models import AuditLog
from workers.models import Incident, WorkerProfile

from . import factories as d


def page(client, engagement):
    response = client.get(f"/directors/engagements/{engagement.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_board_shows_budget_rewards_and_margin(client, world, planning):
    d.add_subtask(planning, world.director, title="記事 1", reward=60_000)
    d.add_subtask(planning, world.director, title="記事 2", reward=70_000)
    client.force_login(world.director)
    html = page(client, planning)
    # Accepted quote: ¥198,000 work + ¥19,800 direction fee = ¥217,800 price;
    # rewards ¥130,000, margin ¥87,800 (40%).
    for text in ("¥198,000", "¥217,800", "¥130,000", "¥87,800 (40%)"):
        assert text in html
    assert html.index("記事 1") < html.index("記事 2")
    assert "¥60,000" in html and "¥70,000" in html
    assert "自社サービスの認知向上" in html  # the order form, read-only


def test_director_starts_planning_and_adds_a_subtask(client, world, contracted):
    client.force_login(world.director)
    client.post(f"/directors/engagements/{contracted.pk}/start-planning/")
    contracted.refresh_from_db()
    assert contracted.state == Engagement.State.PLANNING
    response = client.post(
        f"/directors/engagements/{contracted.pk}/subtasks/",
        {
            "subtask-title": "記事 3",
            "subtask-instructions": "構成案どおりに",
            "subtask-deliverable_spec": "2,000字",
            "subtask-required_skill": d.f.article_skill().pk,
            "subtask-required_level": "certified",
            "subtask-reward": "55000",
            "subtask-due_at": "2030-01-31T18:00",
            "subtask-revisions_included": "2",
        },
        follow=True,
    )
    assert "作業を追加しました。" in response.content.decode()
    subtask = contracted.subtasks.get()
    assert (subtask.title, subtask.reward, subtask.revisions_included) == (
        "記事 3", 55_000, 2,
    )  # fmt: skip
    assert subtask.required_level == "certified"


def test_a_missing_field_is_shown_next_to_the_form(client, world, planning):
    client.force_login(world.director)
    response = client.post(
        f"/directors/engagements/{planning.pk}/subtasks/", {"subtask-title": "記事"}
    )
    assert response.status_code == 200
    assert "このフィールドは必須です。" in response.content.decode()
    assert not planning.subtasks.exists()


def test_an_offered_subtask_can_no_longer_be_edited(client, world, planning):
    d.skilled(world.alice)
    subtask = d.add_subtask(planning, world.director)
    client.force_login(world.director)
    url = f"/directors/subtasks/{subtask.pk}/edit/"
    data = {
        "title": "記事 1（改）", "instructions": "指示", "deliverable_spec": "仕様",
        "required_skill": d.f.article_skill().pk, "required_level": "",
        "reward": "65000", "due_at": "2030-01-31T18:00", "revisions_included": "3",
    }  # fmt: skip
    client.post(url, data)
    subtask.refresh_from_db()
    assert (subtask.title, subtask.reward) == ("記事 1（改）", 65_000)
    d.assign(subtask, world.alice, world.director)
    response = client.post(url, {**data, "reward": "90000"})
    assert "未依頼の作業のみ変更できます" in response.content.decode()
    subtask.refresh_from_db()
    assert subtask.reward == 65_000


def test_a_held_subtask_links_its_thread_so_a_question_is_answered(
    client, world, planning
):
    d.skilled(world.alice)
    subtask = d.add_subtask(planning, world.director, title="記事 1")
    d.assign(subtask, world.alice, world.director)
    work.message_post(subtask=subtask, by=world.alice, body="見出しはいくつですか？")
    client.force_login(world.director)
    review = f"/directors/subtasks/{subtask.pk}/review/"
    assert f'href="{review}"' in page(client, planning)
    html = client.get(review).content.decode()
    assert "見出しはいくつですか？" in html and "未回答" in html


def test_starting_work_over_budget_needs_a_reason(client, world, planning):
    d.skilled(world.alice)
    d.skilled(world.bob)
    first = d.add_subtask(planning, world.director, reward=150_000)
    second = d.add_subtask(planning, world.director, title="記事 2", reward=60_000)
    d.assign(first, world.alice, world.director)
    d.assign(second, world.bob, world.director)
    planning.refresh_from_db()
    assert planning.state == Engagement.State.PLANNING  # ¥210,000 > ¥198,000
    client.force_login(world.director)
    html = page(client, planning)
    assert "報酬の合計が予算を超えています" in html
    url = f"/directors/engagements/{planning.pk}/start-work/"
    response = client.post(url, {"start-over_budget_reason": ""})
    assert "理由を入力してください" in response.content.decode()
    planning.refresh_from_db()
    assert planning.state == Engagement.State.PLANNING
    client.post(url, {"start-over_budget_reason": "クライアント了承済みの追加分"})
    planning.refresh_from_db()
    assert planning.state == Engagement.State.IN_PROGRESS
    assert planning.over_budget_reason == "クライアント了承済みの追加分"


def test_delivery_waits_for_every_approval_then_goes_out(client, world, submitted):
    engagement = submitted.subtask.engagement
    client.force_login(world.director)
    url = f"/directors/engagements/{engagement.pk}/deliver/"
    response = client.post(url, {"deliver-note": "納品いたします"})
    assert "現在の状態（作業中）ではこの操作はできません。" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.IN_PROGRESS
    client.post(
        f"/directors/subtasks/{submitted.subtask_id}/approve/",
        {"approve-submission": submitted.pk, "approve-rating": "5"},
    )
    client.post(url, {"deliver-note": "納品いたします"})
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.DELIVERED
    assert engagement.deliveries.get().note == "納品いたします"


def test_the_director_cancels_with_a_reason(client, world, submitted):
    engagement = submitted.subtask.engagement
    client.force_login(world.director)
    url = f"/directors/engagements/{engagement.pk}/cancel/"
    client.post(url, {"cancel-reason": ""})
    engagement.refresh_from_db()
    assert engagement.state == Engagement.State.IN_PROGRESS
    client.post(url, {"cancel-reason": "クライアントの事業方針変更"})
    engagement.refresh_from_db()
    assert (engagement.state, engagement.cancel_reason) == (
        Engagement.State.CANCELLED, "クライアントの事業方針変更",
    )  # fmt: skip
    subtask = Subtask.objects.get(pk=submitted.subtask_id)
    assert subtask.state == Subtask.State.CANCELLED


def test_the_panel_ranks_workers_with_reasons_and_offers(client, world, planning):
    d.skilled(world.alice, level=5)
    d.skilled(world.bob, level=2)
    subtask = d.add_subtask(planning, world.director)
    client.force_login(world.director)
    response = client.get(f"/directors/subtasks/{subtask.pk}/assign/")
    ranked = [rec.worker for rec in response.context["recommendations"]]
    assert ranked == [world.alice, world.bob]
    html = response.content.decode()
    assert "記事作成 レベル5（自己評価）" in html  # the reasons of the rank
    assert "空き枠 3件（上限3件）" in html
    response = client.post(
        f"/directors/subtasks/{subtask.pk}/offer/", {"worker": world.alice.pk}
    )
    subtask.refresh_from_db()
    assert (subtask.state, subtask.offered_to) == (Subtask.State.OFFERED, world.alice)


def test_the_director_is_never_offered_their_own_subtask(client, world, planning):
    world.director.groups.add(Group.objects.get(name="worker"))
    WorkerProfile.objects.create(
        user=world.director, legal_name="高橋 美咲", legal_name_kana="タカハシ ミサキ",
        display_name="高橋", capacity=3,
    )  # fmt: skip
    d.skilled(world.director, level=5)
    subtask = d.add_subtask(planning, world.director)
    client.force_login(world.director)
    response = client.get(f"/directors/subtasks/{subtask.pk}/assign/")
    assert world.director not in [r.worker for r in response.context["recommendations"]]
    response = client.post(
        f"/directors/subtasks/{subtask.pk}/offer/", {"worker": world.director.pk}
    )
    assert "案件のディレクターは、その案件の作業を担当できません。" in (
        response.content.decode()
    )
    subtask.refresh_from_db()
    assert subtask.state == Subtask.State.OPEN


def test_a_silent_subtask_is_reoffered_in_one_step(client, world, planning):
    d.skilled(world.alice)
    d.skilled(world.bob)
    subtask = d.add_subtask(planning, world.director)
    d.assign(subtask, world.alice, world.director)
    client.force_login(world.director)
    url = f"/directors/subtasks/{subtask.pk}/reoffer/"
    response = client.post(url, {"reoffer-worker": world.bob.pk, "reoffer-reason": ""})
    assert "このフィールドは必須です。" in response.content.decode()
    client.post(url, {"reoffer-worker": world.bob.pk, "reoffer-reason": "連絡が途絶"})
    subtask.refresh_from_db()
    assert (subtask.state, subtask.offered_to, subtask.assignee) == (
        Subtask.State.OFFERED, world.bob, None,
    )  # fmt: skip
    assert Offer.objects.get(worker=world.bob).reason == "連絡が途絶"
    incident = Incident.objects.get(worker=world.alice)
    assert (incident.kind, incident.description) == ("unreachable", "連絡が途絶")
    assert AuditLog.objects.filter(
        action="engagements.subtask.reassigned", reason="連絡が途絶"
    ).exists()


def test_reoffer_is_refused_when_the_work_is_approved(client, world, planning):
    d.skilled(world.bob)
    subtask = d.add_subtask(planning, world.director)
    Subtask.objects.filter(pk=subtask.pk).update(state=Subtask.State.APPROVED)
    client.force_login(world.director)
    response = client.post(
        f"/directors/subtasks/{subtask.pk}/reoffer/",
        {"reoffer-worker": world.bob.pk, "reoffer-reason": "念のため"},
    )
    assert "引き戻せるのは、依頼中または担当中の作業だけです。" in (
        response.content.decode()
    )
    subtask.refresh_from_db()
    assert subtask.state == Subtask.State.APPROVED
    assert not Offer.objects.exists()
