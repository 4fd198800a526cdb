"""Inviting a contact: a portal login in the client group, permission on this
company only, and a set-password link that works once and expires."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from clients import services
from clients.selectors import client_for_contact, client_list_for_user
from enterprise.models import AuditLog
from tests.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(sales, active_client, django_capture_on_commit_callbacks):
    def run(email="yamada@sample.example.jp", company=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.contact_invite(
                client=company or active_client,
                email=email,
                name="山田 太郎",
                department="総務部",
                by=sales,
            )

    return run


def link_in(message):
    return re.search(r"http://\S+/accounts/set-password/\S+/", message.body).group(0)


def test_invitation_creates_a_client_login_seeing_only_its_company(
    invite, active_client
):
    other = ClientFactory()
    contact = invite(email="Yamada@Sample.Example.JP")
    user = contact.user
    assert (user.username, user.email) == ("yamada@sample.example.jp",) * 2
    assert user.role_names() == ["client"]
    assert not user.has_usable_password()
    assert list(client_list_for_user(user=user)) == [active_client]
    assert client_for_contact(user) == active_client
    assert not user.has_perm("clients.view_client", other)
    assert not user.has_perm("clients.view_client")  # nothing model-wide
    assert AuditLog.objects.filter(action="clients.contact.added").count() == 1


def test_invitation_mails_a_set_password_link_in_japanese(invite, active_client):
    invite()
    (message,) = mail.outbox
    assert message.to == ["yamada@sample.example.jp"]
    assert message.subject == (
        f"{active_client.legal_name}のMotoukeクライアントポータルのログイン"
    )
    assert "山田 太郎 様" in message.body
    assert "3日間" in message.body


def test_the_link_sets_the_password_once(client, invite):
    contact = invite()
    link = link_in(mail.outbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {"new_password1": "ki-ra-ki-ra-2026", "new_password2": "ki-ra-ki-ra-2026"},
    )
    assert response.status_code == 302
    assert client.login(username=contact.email, password="ki-ra-ki-ra-2026")
    client.logout()
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False


def test_the_link_expires_after_password_reset_timeout(invite, settings, monkeypatch):
    contact = invite()
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    sent = default_token_generator._now()
    timeout = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    monkeypatch.setattr(
        default_token_generator,
        "_now",
        lambda: sent + timeout - datetime.timedelta(minutes=1),
    )
    assert default_token_generator.check_token(contact.user, token)
    monkeypatch.setattr(
        default_token_generator,
        "_now",
        lambda: sent + timeout + datetime.timedelta(minutes=1),
    )
    assert not default_token_generator.check_token(contact.user, token)


def test_the_task_does_not_mail_a_contact_who_set_a_password(invite):
    contact = invite()
    contact.user.set_password("ki-ra-ki-ra-2026")
    contact.user.save()
    assert services.contact_send_invitation(contact_id=contact.pk) is False
    assert len(mail.outbox) == 1


def test_an_address_with_a_login_is_refused(invite, make_user):
    make_user("taken", email="taken@example.jp")
    with pytest.raises(ValidationError) as exc:
        invite(email="TAKEN@example.jp")
    assert exc.value.message_dict == {
        "email": ["このメールアドレスには既にログインがあります。"]
    }
    assert mail.outbox == []


@pytest.mark.parametrize("roles", [["worker"], ["client"], ["finance"]])
def test_only_sales_invites(make_user, active_client, roles):
    with pytest.raises(PermissionDenied):
        services.contact_invite(
            client=active_client,
            email="x@example.jp",
            name="x",
            by=make_user(roles=roles),
        )
    assert not get_user_model().objects.filter(username="x@example.jp").exists()


def test_closing_a_contact_revokes_the_company(invite, sales, active_client):
    contact = invite()
    services.contact_deactivate(contact=contact, reason="退職", by=sales)
    contact.user.refresh_from_db()
    assert not contact.user.is_active
    assert list(client_list_for_user(user=contact.user)) == []
