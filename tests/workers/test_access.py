"""Who sees which worker: 404 for another worker's data, clients see none."""

import pytest

from workers import services

from .factories import BANK_ACCOUNT, WorkerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    profile = WorkerProfileFactory(display_name="アリス")
    services.bank_account_save(profile=profile, by=profile.user, **BANK_ACCOUNT)
    return profile


@pytest.fixture
def bob():
    return WorkerProfileFactory(display_name="ボブ")


def test_worker_sees_own_profile_and_bank(client, alice):
    client.force_login(alice.user)
    assert client.get(f"/workers/{alice.pk}/").status_code == 200
    response = client.get(f"/workers/{alice.pk}/bank/")
    assert response.status_code == 200
    assert "ﾔﾏﾀﾞ ﾀﾛｳ" in response.content.decode()


def test_worker_gets_404_on_another_workers_profile_and_bank(client, alice, bob):
    client.force_login(bob.user)
    assert client.get(f"/workers/{alice.pk}/").status_code == 404
    assert client.get(f"/workers/{alice.pk}/bank/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/workers/{pk}/",
        "/workers/{pk}/bank/",
        "/workers/search/",
        "/workers/recommend/?skill=14",
        "/workers/bank-accounts/",
        "/workers/",
    ],
)
def test_client_contact_cannot_see_workers(client, make_user, alice, path):
    client.force_login(make_user("client-contact", roles=["client"]))
    assert client.get(path.format(pk=alice.pk)).status_code in (403, 404)


def test_director_sees_the_worker_but_not_the_bank_account(client, make_user, alice):
    client.force_login(make_user("dir", roles=["director"]))
    response = client.get(f"/workers/{alice.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "アリス" in page
    assert "1234567" not in page
    assert client.get(f"/workers/{alice.pk}/bank/").status_code == 403


def test_veteran_who_directs_still_cannot_see_other_bank_accounts(
    client, make_user, alice
):
    veteran = make_user("vet", roles=["worker", "director"])
    client.force_login(veteran)
    assert client.get(f"/workers/{alice.pk}/").status_code == 200
    assert client.get(f"/workers/{alice.pk}/bank/").status_code == 404


def test_finance_sees_bank_accounts(client, make_user, alice):
    client.force_login(make_user("fin", roles=["finance"]))
    response = client.get(f"/workers/{alice.pk}/bank/")
    assert response.status_code == 200
    assert "1234567" in response.content.decode()
    listing = client.get("/workers/bank-accounts/").content.decode()
    assert "ﾐｽﾞﾎ" in listing


def test_worker_cannot_open_another_workers_test_result(client, alice, bob):
    from .factories import QuestionFactory

    question = QuestionFactory()
    attempt = services.skill_test_attempt_submit(
        profile=alice, test=question.test, answers=[1], by=alice.user
    )
    client.force_login(bob.user)
    assert client.get(f"/workers/me/attempts/{attempt.pk}/").status_code == 404
    client.force_login(alice.user)
    assert client.get(f"/workers/me/attempts/{attempt.pk}/").status_code == 200


@pytest.mark.parametrize(
    "role, listed, label",
    [
        ("director", "/workers/search/", "ワーカー検索"),
        ("compliance", "/workers/identity/", "本人確認"),
        ("finance", "/workers/bank-accounts/", "ワーカー振込口座"),
    ],
)
def test_worker_page_breadcrumb_leads_to_a_list_the_reader_may_open(
    client, make_user, alice, role, listed, label
):
    client.force_login(make_user(f"crumb-{role}", roles=[role]))
    page = client.get(f"/workers/{alice.pk}/").content.decode()
    trail = page.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{listed}"' in trail and label in trail
    assert trail.count("<a ") == 2  # home, the list; then アリス
    assert "アリス" in trail
    if role != "director":  # the search answers 403 to them
        assert "/workers/search/" not in trail
        assert client.get(listed).status_code == 200
