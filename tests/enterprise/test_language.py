"""Japanese first, whatever the browser asks; English on request."""

import pytest

pytestmark = pytest.mark.django_db


def test_login_page_is_japanese_even_for_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    page = response.content.decode()
    assert '<html lang="ja">' in page
    assert "ログイン" in page


def test_language_switch_turns_the_page_english(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True
    )
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "ログイン" not in page


@pytest.mark.parametrize(
    ("language", "text"), [("ja", "ページが見つかりません"), ("en", "Page not found")]
)
def test_not_found_page_in_both_languages(client, settings, language, text):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


def test_server_error_page_in_japanese(client):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ja"):
        assert "サーバーエラー" in render_to_string("500.html")
    with translation.override("en"):
        assert "Server error" in render_to_string("500.html")
