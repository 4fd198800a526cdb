"""Each demo person logs in and lands on their own role's dashboard."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LANDINGS = {
    "sales": ("/clients/sales/", "営業ダッシュボード"),
    "director": ("/directors/", "ディレクターダッシュボード"),
    "finance": ("/invoicing/", "経理ダッシュボード"),
    "compliance": ("/audit/", "監査ログ"),
    "support": ("/support/", "お問い合わせ一覧"),
    "client-a": ("/clients/portal/", "クライアントポータル"),
    "client-b": ("/clients/portal/", "クライアントポータル"),
    **{f"worker{n}": ("/workers/", "ワーカーダッシュボード") for n in range(1, 13)},
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def login(client, username):
    response = client.post(
        "/accounts/login/",
        {"login": username, "password": "demo-pass"},
        follow=True,
    )
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("username", sorted(LANDINGS))
def test_demo_user_lands_on_their_dashboard(demo, client, username):
    path, title = LANDINGS[username]
    response = login(client, username)
    assert response.redirect_chain[-1][0] == path
    assert title in response.content.decode()


@pytest.mark.parametrize(
    ("username", "choices"),
    [
        ("veteran", ["/workers/", "/directors/"]),
        (
            "admin",
            ["/clients/sales/", "/directors/", "/workers/", "/invoicing/", "/audit/"],
        ),
    ],
)
def test_person_with_several_roles_picks_one(demo, client, username, choices):
    response = login(client, username)
    page = response.content.decode()
    assert "どの役割で作業しますか？" in page
    for path in choices:
        assert f'href="{path}"' in page


def test_role_dashboard_refuses_other_roles(make_user, client):
    client.force_login(make_user(roles=["worker"]))
    response = client.get("/invoicing/")
    assert response.status_code == 403
    assert "この操作は許可されていません" in response.content.decode()


def test_home_asks_anonymous_visitor_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_person_without_role_is_told_so(make_user, client):
    client.force_login(make_user())
    assert "役割が未設定です" in client.get("/").content.decode()


def test_seed_demo_twice_changes_nothing(demo, django_user_model):
    users = django_user_model.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert django_user_model.objects.count() == users == 23
