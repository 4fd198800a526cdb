"""The set-password page a new contact reaches from the invitation mail has
the site's own look, in Japanese, and says plainly when its link is spent."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db

PASSWORD = "ki-ra-ki-ra-2026"


@pytest.fixture
def newcomer(make_user):
    user = make_user("yamada@sample.example.jp")
    user.set_unusable_password()
    user.save()
    return user


def link_for(user):
    return reverse(
        "password_set",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )


def test_the_form_has_the_site_header_in_japanese(client, newcomer):
    page = client.get(link_for(newcomer), follow=True)
    html = page.content.decode()
    assert 'class="site-header"' in html
    assert "Django" not in html
    # The admin's look linked no icon: the browser asked for /favicon.ico (404).
    assert "img/favicon.svg" in html
    assert "パスワードを設定" in html
    assert "新しいパスワード" in html  # the field labels, through _field.html
    assert 'class="field' in html


def test_setting_it_leads_to_a_page_with_a_log_in_link(client, newcomer):
    form = client.get(link_for(newcomer), follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    html = done.content.decode()
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "パスワードを設定しました" in html
    assert f'href="{reverse("login")}"' in html
    assert "Django" not in html


def test_a_spent_link_says_so_and_offers_log_in(client, newcomer):
    link = link_for(newcomer)
    newcomer.set_password(PASSWORD)
    newcomer.save()
    page = client.get(link, follow=True)
    html = page.content.decode()
    assert page.context["validlink"] is False
    assert "このリンクは使用済みか期限切れのため、使えません" in html
    assert f'href="{reverse("login")}"' in html
    assert "Django" not in html
