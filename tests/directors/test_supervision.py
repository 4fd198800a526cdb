"""Sales puts a director from the roster in charge; the roster's rules hold."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directors import services
from engagements.models import Engagement
from enterprise.audit import timeline_for
from enterprise.models import AuditLog

from . import factories as d


def assigned_rows(engagement):
    return [
        e
        for e in timeline_for(engagement)
        if e.action == "engagements.engagement.director_assigned"
    ]


def test_sales_assigns_a_director_from_the_roster(world, engagement, roster):
    services.supervision_assign(
        engagement=engagement, director=world.director, by=world.sales
    )
    engagement.refresh_from_db()
    assert engagement.director == world.director
    [row] = assigned_rows(engagement)
    assert (row.actor, row.data, row.reason) == (
        world.sales,
        {"from": None, "to": world.director.pk},
        "",
    )


def test_handover_needs_a_reason_and_the_audit_row_keeps_it(world, engagement, roster):
    services.supervision_assign(
        engagement=engagement, director=world.director, by=world.sales
    )
    with pytest.raises(ValidationError) as refused:
        services.supervision_assign(
            engagement=engagement, director=world.other_director, by=world.sales
        )
    assert refused.value.messages == [
        "別のディレクターに引き継ぐ理由を入力してください。"
    ]
    services.supervision_assign(
        engagement=engagement,
        director=world.other_director,
        by=world.sales,
        reason="高橋さんが産休に入るため",
    )
    engagement.refresh_from_db()
    assert engagement.director == world.other_director
    last = assigned_rows(engagement)[-1]
    assert last.reason == "高橋さんが産休に入るため"
    assert last.data == {"from": world.director.pk, "to": world.other_director.pk}


def test_a_director_not_on_the_roster_is_refused(world, engagement):
    with pytest.raises(ValidationError) as refused:
        services.supervision_assign(
            engagement=engagement, director=world.director, by=world.sales
        )
    name = world.director.display_name
    assert refused.value.messages == [f"{name}さんはディレクター名簿に載っていません。"]


def test_an_inactive_roster_entry_is_refused(world, engagement):
    d.on_roster(world.director, active=False)
    with pytest.raises(ValidationError) as refused:
        services.supervision_assign(
            engagement=engagement, director=world.director, by=world.sales
        )
    name = world.director.display_name
    assert refused.value.messages == [f"{name}さんは名簿上で稼働中ではありません。"]


def test_a_director_at_the_workload_limit_is_refused(world, engagement):
    d.on_roster(world.director, limit=1)
    other = Engagement.objects.create(
        client=world.client, title="別案件", category=world.category,
        purpose="目的", deliverables="成果物", acceptance_criteria="基準",
        deadline=engagement.deadline, budget=50_000, sales_owner=world.sales,
        director=world.director, state=Engagement.State.PLANNING,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.supervision_assign(
            engagement=engagement, director=world.director, by=world.sales
        )
    name = world.director.display_name
    assert refused.value.messages == [
        f"{name}さんはすでに進行中の案件を1件担当しており、名簿の上限（1件）に達しています。"
    ]
    # A finished engagement no longer counts against the limit.
    Engagement.objects.filter(pk=other.pk).update(state=Engagement.State.COMPLETED)
    services.supervision_assign(
        engagement=engagement, director=world.director, by=world.sales
    )


def test_a_veteran_working_on_the_engagement_cannot_supervise_it(
    world, submitted, make_user
):
    from django.contrib.auth.models import Group

    alice = world.alice
    alice.groups.add(Group.objects.get(name="director"))
    d.senior(alice)
    d.on_roster(alice, kind="veteran")
    engagement = submitted.subtask.engagement
    with pytest.raises(ValidationError) as refused:
        services.supervision_assign(
            engagement=engagement, director=alice, by=world.sales, reason="交代"
        )
    assert refused.value.messages == [
        f"{alice.display_name}さんはこの案件の作業を担当しているため、レビューできません。"
    ]


@pytest.mark.parametrize("who", ["director", "contact", "alice"])
def test_only_sales_or_a_superuser_assigns(world, engagement, roster, who):
    with pytest.raises(PermissionDenied):
        services.supervision_assign(
            engagement=engagement, director=world.director, by=getattr(world, who)
        )
    assert not AuditLog.objects.filter(
        action="engagements.engagement.director_assigned"
    ).exists()


def test_superuser_assigns_too(world, engagement, roster, superuser):
    services.supervision_assign(
        engagement=engagement, director=world.director, by=superuser
    )
    engagement.refresh_from_db()
    assert engagement.director == world.director


def test_a_closed_engagement_keeps_its_director(world, engagement, roster):
    Engagement.objects.filter(pk=engagement.pk).update(state=Engagement.State.COMPLETED)
    with pytest.raises(ValidationError) as refused:
        services.supervision_assign(
            engagement=engagement, director=world.director, by=world.sales
        )
    assert refused.value.messages == [
        "この案件は終了しているため、ディレクターを変更できません。"
    ]


def test_the_new_director_is_told_by_mail(
    world, engagement, roster, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.supervision_assign(
            engagement=engagement, director=world.director, by=world.sales
        )
    [mail] = mailoutbox
    assert mail.to == [world.director.email]
    assert mail.subject == "【元請】案件のご担当：オウンドメディア記事 10本"


def test_supervision_page_is_for_sales(client, world, engagement, roster):
    url = f"/directors/engagements/{engagement.pk}/supervision/"
    client.force_login(world.director)
    assert client.get(url).status_code == 403
    client.force_login(world.sales)
    page = client.get(url)
    assert page.status_code == 200
    assert world.other_director.display_name in page.content.decode()
    response = client.post(url, {"director": world.director.pk}, follow=True)
    assert "ディレクターを割り当てました。" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.director == world.director
    # A handover without a reason stays on the page with the message.
    response = client.post(url, {"director": world.other_director.pk})
    assert "別のディレクターに引き継ぐ理由を入力してください。" in (
        response.content.decode()
    )
    engagement.refresh_from_db()
    assert engagement.director == world.director
