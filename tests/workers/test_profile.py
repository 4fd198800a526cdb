"""Profiles: registration numbers (warning for individuals), availability."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from workers import services
from workers.models import WorkerProfile
from workers.numbers import check_digit_ok, normalise_registration_number

pytestmark = pytest.mark.django_db

FIELDS = {
    "kind": "individual",
    "legal_name": "山田 太郎",
    "legal_name_kana": "ヤマダ タロウ",
    "display_name": "やまだ",
    "registration_number": "",
    "capacity": 3,
    "availability": "available",
    "away_until": None,
}


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("5835678256246", True),
        ("2835678256246", False),
        ("T7120001168421", True),
        ("T9011101097073", True),
        ("1180301018771", True),
        ("T712000116842", False),
    ],
)
def test_check_digit_vectors(number, ok):
    assert check_digit_ok(number) is ok


def test_full_width_numbers_are_normalised():
    assert (
        normalise_registration_number("Ｔ７１２０００１１６８４２１")
        == "T7120001168421"
    )


def test_individual_with_failing_check_digit_is_saved_with_a_warning(client, make_user):
    user = make_user("alice", roles=["worker"])
    client.force_login(user)
    response = client.post(
        "/workers/me/profile/",
        FIELDS | {"registration_number": "T2835678256246", "away_until": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "プロフィールを保存しました。" in page
    assert "登録番号のチェックデジットが一致しません。" in page
    assert user.worker_profile.registration_number == "T2835678256246"


def test_corporation_with_failing_check_digit_is_refused(client, make_user):
    user = make_user("acme", roles=["worker"])
    client.force_login(user)
    response = client.post(
        "/workers/me/profile/",
        FIELDS
        | {
            "kind": "corporation",
            "registration_number": "T2835678256246",
            "away_until": "",
        },
    )
    assert response.status_code == 200
    assert "法人番号のチェックデジットが一致しません。" in response.content.decode()
    assert not WorkerProfile.objects.filter(user=user).exists()


def test_malformed_registration_number_is_refused(make_user):
    user = make_user("bob", roles=["worker"])
    with pytest.raises(ValidationError) as caught:
        services.profile_save(
            user=user, by=user, **FIELDS | {"registration_number": "T123"}
        )
    assert caught.value.message_dict == {
        "registration_number": ["Tに続けて13桁の数字を入力してください。"]
    }


def test_away_needs_a_return_date_and_ends_after_it(make_user):
    user = make_user("carol", roles=["worker"])
    with pytest.raises(ValidationError):
        services.profile_save(user=user, by=user, **FIELDS | {"availability": "away"})
    profile = services.profile_save(
        user=user,
        by=user,
        **FIELDS | {"availability": "away", "away_until": datetime.date(2026, 12, 10)},
    )
    assert profile.availability_on(datetime.date(2026, 12, 10)) == "away"
    assert profile.availability_on(datetime.date(2026, 12, 11)) == "available"


def test_assignment_counter_moves_and_never_goes_below_zero(profile):
    worker = profile.user
    assert services.assignment_count_changed(worker=worker, delta=1) == 1
    assert services.assignment_count_changed(worker=worker, delta=1) == 2
    assert services.assignment_count_changed(worker=worker, delta=-5) == 0
    services.assignment_count_set(worker=worker, count=2)
    profile.refresh_from_db()
    assert (profile.active_assignments, profile.capacity_left) == (2, 1)


def test_assignment_counter_for_a_user_without_profile_raises(make_user):
    with pytest.raises(WorkerProfile.DoesNotExist):
        services.assignment_count_changed(worker=make_user("nobody"), delta=1)
