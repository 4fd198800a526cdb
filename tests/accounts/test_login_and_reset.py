"""Log in by username or e-mail on allauth's page in the site's look, and
reset a forgotten password by mail (an unknown address gets the same page
and no mail)."""

import pytest
from django.core import mail

from .conftest import PASSWORD, link_in, log_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "hoshi-zora-2027"


@pytest.mark.parametrize("login", ["sato", "sato@example.jp", "SATO@example.jp"])
def test_log_in_by_username_or_email(client, person, login):
    person("sato", roles=["worker"])
    response = log_in(client, login)
    assert response.redirect_chain[-1][0] == "/workers/"


def test_wrong_password_is_refused_in_japanese(client, person):
    person("sato")
    response = log_in(client, "sato", "wrong-password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "パスワードが正しくありません" in page
    assert "_auth_user_id" not in client.session


def test_login_page_has_the_site_look_and_the_reset_link(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in page
    assert "ユーザー名またはメールアドレス" in page
    assert 'href="/accounts/password/reset/"' in page
    assert "パスワードをお忘れですか" in page


def test_reset_by_mail_end_to_end(client, person, django_capture_on_commit_callbacks):
    user = person("sato", email="sato@example.jp")
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/password/reset/" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/accounts/password/reset/", {"email": "Sato@Example.jp"}, follow=True
        )
    assert done.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == ["sato@example.jp"]
    assert "パスワード" in message.subject
    assert "Motouke" in message.body
    link = link_in(message, "/accounts/password/reset/key/")
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    changed = client.post(
        set_url,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert "パスワードを変更しました" in changed.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.logout()
    assert "_auth_user_id" not in log_in(client, "sato", PASSWORD).wsgi_request.session
    log_in(client, "sato", NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client, person, django_capture_on_commit_callbacks
):
    person("sato", email="sato@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": "sato@example.jp"})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(
            "/accounts/password/reset/", {"email": "nobody@example.jp"}
        )
    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert [m.to for m in mail.outbox] == [["sato@example.jp"]]


def test_invited_contact_still_logs_in_after_setting_a_password(client, person):
    """The contact invitation's set-password page stays Django's; the login
    afterwards is allauth's, by e-mail address."""
    user = person("yamada@sample.example.jp", roles=["client"])
    response = log_in(client, "yamada@sample.example.jp")
    assert response.redirect_chain[-1][0] == "/clients/portal/"
    assert client.session["_auth_user_id"] == str(user.pk)
