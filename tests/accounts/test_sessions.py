"""Sessions end when idle too long (staff sooner) or too old, and a
password change ends the person's other sessions."""

import pytest
from django.test import Client

from enterprise.accounts.middleware import SEEN, STARTED

from .conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "hoshi-zora-2027"


def age(client, *, seen_minutes=0, started_minutes=0):
    """Move the session's clock stamps into the past."""
    session = client.session
    session[SEEN] -= seen_minutes * 60
    session[STARTED] -= started_minutes * 60
    session.save()


@pytest.mark.parametrize(
    ("roles", "idle_ok", "idle_ended", "home"),
    [
        (["sales"], 29, 31, "/clients/sales/"),
        (["worker"], 119, 121, "/workers/"),
    ],
)
def test_idle_timeout(client, person, roles, idle_ok, idle_ended, home):
    person("p1", roles=roles)
    log_in(client, "p1")
    age(client, seen_minutes=idle_ok)
    assert client.get(home).status_code == 200
    age(client, seen_minutes=idle_ended)
    response = client.get(home, follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert "セッションの有効期限が切れました" in response.content.decode()


def test_absolute_lifetime_ends_a_busy_session(client, person):
    person("p1", roles=["worker"])
    log_in(client, "p1")
    age(client, started_minutes=11 * 60)
    assert client.get("/workers/").status_code == 200
    age(client, started_minutes=61)  # 12 h 1 min, active all along
    assert client.get("/workers/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_force_login_sessions_are_limited_too(client, make_user):
    client.force_login(make_user(roles=["worker"]))
    age(client, seen_minutes=121)
    assert client.get("/workers/").status_code == 302


def test_password_change_ends_other_sessions(person):
    user = person("p1", roles=["worker"])
    here, elsewhere = Client(), Client()
    log_in(here, "p1")
    log_in(elsewhere, "p1")
    assert elsewhere.get("/workers/").status_code == 200
    changed = here.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "パスワードを変更しました" in changed.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert here.get("/workers/").status_code == 200
    assert elsewhere.get("/workers/").status_code == 302
    assert "_auth_user_id" not in elsewhere.session
