"""The roster: staff directors, and veteran workers only while senior."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from directors import selectors, services
from directors.models import DirectorProfile
from enterprise.models import AuditLog
from workers.models import Certification

from . import factories as d


@pytest.fixture
def veteran(world):
    """A worker (alice) who also holds the director role."""
    world.alice.groups.add(Group.objects.get(name="director"))
    return world.alice


def test_superuser_adds_a_staff_director(world, superuser):
    profile = services.roster_save(
        user=world.director, by=superuser, kind="staff", max_engagements=4
    )
    assert (profile.kind, profile.active, profile.max_engagements) == (
        "staff", True, 4,
    )  # fmt: skip
    row = AuditLog.objects.get(action="directors.profile.added")
    assert (row.actor, row.object_id) == (superuser, str(profile.pk))


def test_a_veteran_without_the_senior_certification_is_refused(veteran, superuser):
    with pytest.raises(ValidationError) as refused:
        services.roster_save(user=veteran, by=superuser, kind="veteran")
    assert refused.value.messages == [
        f"{veteran.display_name}さんはシニア認定を保有していません。"
        "ベテランワーカーがディレクターを務められるのはシニア認定の保有中に限られます。"
    ]
    assert not DirectorProfile.objects.exists()


def test_a_senior_veteran_is_added_and_the_roster_says_why(veteran, superuser):
    d.senior(veteran)
    services.roster_save(user=veteran, by=superuser, kind="veteran")
    [profile] = selectors.roster()
    assert profile.standing.eligible
    assert profile.standing.notes == ["ライティングのシニア認定ワーカー"]


def test_a_senior_on_probation_still_directs_with_a_note(veteran, superuser):
    cert = d.senior(veteran, status=Certification.Status.PROBATION)
    services.roster_save(user=veteran, by=superuser, kind="veteran")
    [profile] = selectors.roster()
    until = cert.probation_until.strftime("%Y/%m/%d")
    assert profile.standing.notes == [
        f"ライティングのシニア認定ワーカー（{until}まで猶予期間中）"
    ]


def test_a_revoked_certification_takes_the_veteran_off_at_once(
    world, veteran, superuser, engagement
):
    cert = d.senior(veteran)
    services.roster_save(user=veteran, by=superuser, kind="veteran")
    cert.status = Certification.Status.REVOKED
    cert.save()
    [profile] = selectors.roster()
    assert not profile.standing.eligible
    with pytest.raises(ValidationError) as refused:
        services.supervision_assign(
            engagement=engagement, director=veteran, by=world.sales
        )
    assert "シニア認定を保有していません" in refused.value.messages[0]


def test_a_registered_worker_cannot_be_listed_as_staff(veteran, superuser):
    d.senior(veteran)
    with pytest.raises(ValidationError) as refused:
        services.roster_save(user=veteran, by=superuser, kind="staff")
    assert refused.value.messages == [
        f"{veteran.display_name}さんは登録ワーカーです。ベテランワーカーとして追加してください。"
    ]


def test_only_someone_with_the_director_role_is_listed(world, superuser):
    with pytest.raises(ValidationError) as refused:
        services.roster_save(user=world.sales, by=superuser, kind="staff")
    assert refused.value.messages == [
        f"{world.sales.display_name}さんを名簿に追加する前に、ディレクターのロールを付与してください。"
    ]


@pytest.mark.parametrize("who", ["sales", "director"])
def test_sales_and_directors_read_the_roster_but_do_not_change_it(
    client, world, who, roster
):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.roster_save(user=world.director, by=user, kind="staff")
    client.force_login(user)
    page = client.get("/directors/roster/")
    assert page.status_code == 200
    assert world.other_director.display_name in page.content.decode()
    assert client.get("/directors/roster/new/").status_code == 403
    assert client.get(f"/directors/roster/{roster[0].pk}/").status_code == 403


def test_the_roster_page_changes_an_entry(client, world, roster, superuser):
    client.force_login(superuser)
    response = client.post(
        f"/directors/roster/{roster[0].pk}/",
        {"kind": "staff", "active": "on", "max_engagements": "2", "note": "繁忙期"},
        follow=True,
    )
    assert "名簿を保存しました。" in response.content.decode()
    roster[0].refresh_from_db()
    assert (roster[0].max_engagements, roster[0].note) == (2, "繁忙期")
    row = AuditLog.objects.get(action="directors.profile.changed")
    assert row.data == {"max_engagements": 2, "note": "繁忙期"}


def test_the_roster_page_shows_a_refusal_next_to_the_form(client, veteran, superuser):
    client.force_login(superuser)
    response = client.post(
        "/directors/roster/new/",
        {"user": veteran.pk, "kind": "veteran", "active": "on", "max_engagements": 3},
    )
    assert response.status_code == 200
    assert "シニア認定を保有していません" in response.content.decode()
    assert not DirectorProfile.objects.exists()
