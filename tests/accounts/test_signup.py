"""Sign-up: open in the demo and embedded runs (REGISTRATION_OPEN), closed
otherwise; a signed-up person must confirm their e-mail before logging in,
and becomes a worker once they have."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from .conftest import PASSWORD, link_in, log_in

pytestmark = pytest.mark.django_db


def sign_up(client, username="newbie", email="newbie@example.jp"):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )


def test_sign_up_needs_the_mailed_link_before_logging_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert "メールアドレスを確認してください" in response.content.decode()
    assert "_auth_user_id" not in client.session
    user = get_user_model().objects.get(username="newbie")
    assert user.self_registered
    assert user.groups.count() == 0
    (message,) = mail.outbox
    assert message.to == ["newbie@example.jp"]

    # Logging in before confirming sends them back to confirm.
    again = log_in(client, "newbie")
    assert again.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    link = link_in(message, "/accounts/confirm-email/")
    client.post(link)
    landed = log_in(client, "newbie")
    assert client.session["_auth_user_id"] == str(user.pk)
    # Confirmed: a worker now, led to the sign-up steps (issue #16).
    assert user.has_role("worker")
    assert landed.redirect_chain[-1][0] == "/workers/"
    assert "登録手続きを続ける" in landed.content.decode()


def test_sign_up_closed_when_the_operator_says_so(client, settings):
    settings.REGISTRATION_OPEN = False
    page = client.get("/accounts/signup/").content.decode()
    assert "現在ユーザー登録を停止しています" in page
    sign_up(client)
    assert not get_user_model().objects.filter(username="newbie").exists()
    assert "/accounts/signup/" not in client.get("/accounts/login/").content.decode()


def test_staff_made_accounts_need_no_confirmation(client, person):
    person("sato", roles=["worker"])
    assert log_in(client, "sato").redirect_chain[-1][0] == "/workers/"


def test_the_header_menu_leads_to_the_account_pages(client, person):
    person("sato", roles=["worker"])
    log_in(client, "sato")
    page = client.get("/workers/").content.decode()
    for href, label in [
        ("/accounts/password/change/", "パスワード変更"),
        ("/accounts/email/", "メールアドレス"),
        ("/accounts/2fa/", "多要素認証"),
    ]:
        assert f'href="{href}"' in page
        assert label in page
    for path in ["/accounts/password/change/", "/accounts/email/", "/accounts/2fa/"]:
        html = client.get(path).content.decode()
        assert 'class="site-header"' in html, path
        assert '<html lang="ja">' in html


def test_changing_the_e_mail_address_needs_the_new_one_confirmed(
    client, person, django_capture_on_commit_callbacks
):
    user = person("sato", roles=["worker"], email="sato@example.jp")
    log_in(client, "sato")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"action_add": "", "email": "new@example.jp"})
    (message,) = mail.outbox
    assert message.to == ["new@example.jp"]
    user.refresh_from_db()
    assert user.email == "sato@example.jp"
    client.post(link_in(message, "/accounts/confirm-email/"))
    user.refresh_from_db()
    assert user.email == "new@example.jp"
