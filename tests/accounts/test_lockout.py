"""Ten wrong passwords for one account within 15 minutes lock it: the right
password is refused with a Japanese message, the owner gets a mail; the
lock ends after the cooling period or when a superuser lifts it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from enterprise.accounts import lockout
from enterprise.accounts.models import LoginLockout
from enterprise.models import AuditLog

from .conftest import log_in

pytestmark = pytest.mark.django_db

LOCKED = "ログインの失敗が続いたため、このアカウントは一時的にロックされています"


def fail(client, login, times):
    for _ in range(times):
        log_in(client, login, "not-the-password", follow=False)


@pytest.fixture
def owner(person, django_capture_on_commit_callbacks):
    return person("sato", roles=["worker"], email="sato@example.jp")


def lock(client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fail(client, "sato", 10)


def test_ten_failures_lock_the_account_even_for_the_right_password(
    client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fail(client, "sato", 9)
    assert mail.outbox == []
    lock(client, owner, django_capture_on_commit_callbacks)
    response = log_in(client, "sato")
    page = response.content.decode()
    assert LOCKED in page
    assert "_auth_user_id" not in client.session
    # By e-mail address too: it is the same account.
    assert LOCKED in log_in(client, "sato@example.jp").content.decode()
    (message,) = mail.outbox
    assert message.to == ["sato@example.jp"]
    assert "ロック" in message.subject
    assert "/accounts/password/reset/" in message.body
    assert AuditLog.objects.filter(action="accounts.user.locked").count() == 1


def test_nine_failures_then_the_right_password_logs_in_and_resets_the_count(
    client, owner
):
    fail(client, "sato", 9)
    assert log_in(client, "sato").redirect_chain[-1][0] == "/workers/"
    assert LoginLockout.objects.get(user=owner).failures == 0


def test_failures_spread_beyond_the_window_do_not_lock(client, owner):
    fail(client, "sato", 9)
    row = LoginLockout.objects.get(user=owner)
    row.window_started_at -= datetime.timedelta(minutes=16)
    row.save()
    fail(client, "sato", 1)
    assert log_in(client, "sato").redirect_chain[-1][0] == "/workers/"


def test_the_lock_ends_after_the_cooling_period(
    client, owner, django_capture_on_commit_callbacks
):
    lock(client, owner, django_capture_on_commit_callbacks)
    row = LoginLockout.objects.get(user=owner)
    assert row.locked_until - timezone.now() > datetime.timedelta(minutes=14)
    row.locked_until = timezone.now() - datetime.timedelta(seconds=1)
    row.save()
    assert log_in(client, "sato").redirect_chain[-1][0] == "/workers/"


def test_a_superuser_lifts_the_lock_from_the_admin(
    client, owner, make_user, django_capture_on_commit_callbacks
):
    lock(client, owner, django_capture_on_commit_callbacks)
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    row = LoginLockout.objects.get(user=owner)
    listing = client.get("/admin/enterprise/loginlockout/")
    assert "sato" in listing.content.decode()
    client.post(
        "/admin/enterprise/loginlockout/",
        {"action": "lift", "_selected_action": [row.pk]},
    )
    client.logout()
    assert log_in(client, "sato").redirect_chain[-1][0] == "/workers/"
    entry = AuditLog.objects.get(action="accounts.user.unlocked")
    assert (entry.actor, entry.object_id) == (admin, str(owner.pk))


def test_only_a_superuser_may_lift_it(owner, make_user, client):
    staff = make_user("staff", roles=["sales"], is_staff=True)
    with pytest.raises(lockout.PermissionDenied):
        lockout.lockout_lift(user=owner, by=staff)
    client.force_login(staff)
    assert client.get("/admin/enterprise/loginlockout/").status_code == 403


def test_unknown_login_counts_nothing_and_locks_no_one(client, owner):
    fail(client, "nobody", 12)
    assert not LoginLockout.objects.exists()
    assert log_in(client, "sato").redirect_chain[-1][0] == "/workers/"


def test_per_ip_limit_answers_429_in_japanese(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for _ in range(3):
        assert log_in(client, "anyone", "x", follow=False).status_code == 200
    refused = log_in(client, "anyone", "x", follow=False)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "短時間に多くの試行がありました" in page
    assert 'class="site-header"' in page


def test_per_ip_limit_on_password_reset(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "reset_password": "2/m/ip",
    }
    for _ in range(2):
        client.post("/accounts/password/reset/", {"email": "a@example.jp"})
    refused = client.post("/accounts/password/reset/", {"email": "a@example.jp"})
    assert refused.status_code == 429
