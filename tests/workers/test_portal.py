"""The worker portal and the director's worker page, as people use them."""

import pytest
from django.utils import timezone

from enterprise.audit import timeline_for
from workers.models import Certification, Incident, WorkerSkill
from workers.services import certification_recompute

from .certification_helpers import build_history, only_certified_level

pytestmark = pytest.mark.django_db


def test_dashboard_asks_a_new_worker_to_register(client, make_user):
    client.force_login(make_user("newbie", roles=["worker"]))
    page = client.get("/workers/").content.decode()
    assert "ワーカーダッシュボード" in page
    assert "プロフィールを登録する" in page


def test_dashboard_shows_capacity_and_asks_for_a_bank_account(client, profile):
    profile.active_assignments = 1
    profile.save()
    client.force_login(profile.user)
    page = client.get("/workers/").content.decode()
    assert "担当中の作業 1件（上限3件）" in page
    assert "報酬のお支払いには振込口座の登録が必要です。" in page


def test_certification_page_shows_each_criterion_with_my_figure(
    client, profile, writing
):
    only_certified_level()
    build_history(profile.user, writing, approved=9, rejected=1, passed_test=False)
    client.force_login(profile.user)
    page = client.get("/workers/me/certification/").content.decode()
    assert "次のレベル: 認定ワーカー（直近180日間の実績）" in page
    for text in [
        "承認された作業数",
        "9件",
        "10件以上",
        "完了率",
        "90.00%",
        "90.00%以上",
        "カテゴリのスキルテスト合格",
        "未合格",
        "過去90日間に0件",
    ]:
        assert text in page, text
    assert page.count(">未達<") == 2  # 9 approved, no passed test


def test_skills_are_added_and_removed(client, profile, article):
    client.force_login(profile.user)
    response = client.post(
        "/workers/me/skills/", {"skill": article.pk, "self_level": 4}, follow=True
    )
    assert "スキルを更新しました。" in response.content.decode()
    assert WorkerSkill.objects.get(profile=profile).self_level == 4
    client.post(f"/workers/me/skills/{article.pk}/remove/")
    assert not WorkerSkill.objects.filter(profile=profile).exists()


def test_director_records_and_resolves_an_incident(
    client, make_user, profile, writing, django_capture_on_commit_callbacks
):
    only_certified_level()
    build_history(profile.user, writing)
    certification_recompute(worker=profile.user, category=writing)
    director = make_user("dir", roles=["director"])
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/workers/{profile.pk}/incidents/new/",
            {
                "kind": "overdue",
                "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "subtask_ref": "subtask:9",
                "engagement_ref": "",
                "description": "納期を過ぎても提出がありませんでした。",
            },
            follow=True,
        )
    assert "インシデントを記録しました。" in response.content.decode()
    # The recompute ran after commit: the certification went on probation.
    assert "保留中" in client.get(f"/workers/{profile.pk}/").content.decode()
    incident = Incident.objects.get()
    assert incident.recorded_by == director
    assert Certification.objects.get().status == "probation"

    response = client.post(
        f"/workers/incidents/{incident.pk}/resolve/",
        {"resolution": "本人と面談し、進捗報告の頻度を週2回にしました。"},
        follow=True,
    )
    assert "対応記録を保存しました。" in response.content.decode()
    incident.refresh_from_db()
    assert incident.resolved
    assert [e.action for e in timeline_for(incident)] == [
        "workers.incident.recorded",
        "workers.incident.resolved",
    ]


def test_worker_cannot_record_incidents(client, profile):
    client.force_login(profile.user)
    assert client.get(f"/workers/{profile.pk}/incidents/new/").status_code == 403
